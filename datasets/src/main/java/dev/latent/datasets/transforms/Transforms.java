package dev.latent.datasets.transforms;

/**
 * The built-in {@link Transform}s. Deterministic ones prepare images (scale, normalize, flatten); random ones
 * corrupt them for denoising autoencoders (Gaussian noise, salt-and-pepper, masking) and draw only from the
 * generator they are given.
 *
 * <pre>{@code
 * Transform prepare = Transforms.compose(Transforms.normalize(0.2860f, 0.3530f), Transforms.flatten());
 * Transform corrupt = Transforms.gaussianNoise(0.3f);        // clipped to [0, 1]
 * Tensor noisy = corrupt.apply(images, new Generator(7));      // same generator seed, same noise
 * }</pre>
 */
public final class Transforms {
    private Transforms() {
    }

    /** The transforms applied in order (the same as {@link Transform#compose}). */
    public static Transform compose(Transform... steps) {
        return Transform.compose(steps);
    }

    /** Multiplies every value by {@code factor}. */
    public static Transform scale(float factor) {
        return new Scale(factor);
    }

    /** Maps byte values 0..255 to [0, 1] (divides by 255). */
    public static Transform scaleToUnit() {
        return new Scale(1f / 255f);
    }

    /** {@code (x - mean) / std} for every value. */
    public static Transform normalize(float mean, float std) {
        return new Normalize(new float[] {mean}, new float[] {std});
    }

    /** {@code (x - mean[c]) / std[c]} per channel {@code c} of images {@code [B, C, ...]}. */
    public static Transform normalize(float[] mean, float[] std) {
        return new Normalize(mean, std);
    }

    /** {@code [B, C, H, W]} (any rank) to {@code [B, C * H * W]}; a view, no copy. */
    public static Transform flatten() {
        return new Flatten();
    }

    /** Adds Gaussian noise of standard deviation {@code std} and clips to [0, 1]. */
    public static Transform gaussianNoise(float std) {
        return new GaussianNoise(std, 0f, 1f);
    }

    /** Adds Gaussian noise of standard deviation {@code std} and clips to {@code [min, max]}. */
    public static Transform gaussianNoise(float std, float min, float max) {
        return new GaussianNoise(std, min, max);
    }

    /** Sets each value, with probability {@code p}, to 0 or 1 (pepper or salt, equally likely). */
    public static Transform saltAndPepper(float p) {
        return new SaltAndPepperNoise(p, 0f, 1f);
    }

    /** Sets each value, with probability {@code p}, to {@code low} or {@code high}, equally likely. */
    public static Transform saltAndPepper(float p, float low, float high) {
        return new SaltAndPepperNoise(p, low, high);
    }

    /** Sets each value, with probability {@code p}, to 0 (masking noise). */
    public static Transform randomMask(float p) {
        return new RandomMask(p, 0f);
    }

    /** Sets each value, with probability {@code p}, to {@code value}. */
    public static Transform randomMask(float p, float value) {
        return new RandomMask(p, value);
    }

    static float checkProbability(String op, float p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(op + ": probability must be in [0, 1], got " + p);
        }
        return p;
    }
}
