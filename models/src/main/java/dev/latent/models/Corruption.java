package dev.latent.models;

import dev.latent.datasets.transforms.Transform;
import dev.latent.datasets.transforms.Transforms;

import java.util.Locale;

/**
 * How a denoising autoencoder corrupts its inputs: additive Gaussian noise clipped to [0, 1], salt-and-pepper
 * noise, or random masking (pixels set to 0). The clean image stays the target.
 *
 * @param kind   the kind of corruption
 * @param amount the noise standard deviation (Gaussian) or the fraction of pixels hit (salt-and-pepper, masking)
 */
public record Corruption(Kind kind, float amount) {
    /** The kinds of corruption. */
    public enum Kind {
        /** {@code clip(x + N(0, amount^2), 0, 1)}. */
        GAUSSIAN,
        /** A fraction {@code amount} of pixels set to 0 or 1 with equal probability. */
        SALT_AND_PEPPER,
        /** A fraction {@code amount} of pixels set to 0. */
        MASK
    }

    /** Validates the amount. */
    public Corruption {
        if (kind == null) {
            throw new IllegalArgumentException("Corruption: kind is required");
        }
        if (!(amount >= 0) || (kind != Kind.GAUSSIAN && amount > 1)) {
            throw new IllegalArgumentException("Corruption: invalid amount " + amount + " for " + kind);
        }
    }

    /** Gaussian noise of standard deviation {@code std}, clipped to [0, 1] (the reference uses 0.3). */
    public static Corruption gaussian(float std) {
        return new Corruption(Kind.GAUSSIAN, std);
    }

    /** Salt-and-pepper noise on a fraction {@code p} of the pixels. */
    public static Corruption saltAndPepper(float p) {
        return new Corruption(Kind.SALT_AND_PEPPER, p);
    }

    /** Masking (zeroing) a fraction {@code p} of the pixels. */
    public static Corruption mask(float p) {
        return new Corruption(Kind.MASK, p);
    }

    /** Parses {@code gaussian:0.3}, {@code salt-and-pepper:0.1} or {@code mask:0.25}. */
    public static Corruption parse(String spec) {
        String[] parts = spec.trim().toLowerCase(Locale.ROOT).split(":", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("corruption '" + spec + "': expected kind:amount, e.g. gaussian:0.3");
        }
        float amount;
        try {
            amount = Float.parseFloat(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("corruption '" + spec + "': amount is not a number", e);
        }
        return switch (parts[0]) {
            case "gaussian" -> gaussian(amount);
            case "salt-and-pepper", "saltandpepper", "salt_and_pepper" -> saltAndPepper(amount);
            case "mask", "masking" -> mask(amount);
            default -> throw new IllegalArgumentException("corruption '" + spec
                    + "': kind must be gaussian, salt-and-pepper or mask");
        };
    }

    /** The data transform that applies this corruption (for a DataLoader's corruption step). */
    public Transform transform() {
        return switch (kind) {
            case GAUSSIAN -> Transforms.gaussianNoise(amount, 0f, 1f);
            case SALT_AND_PEPPER -> Transforms.saltAndPepper(amount);
            case MASK -> Transforms.randomMask(amount);
        };
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + ":" + amount;
    }
}
