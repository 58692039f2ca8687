package dev.latent.models.analysis;

import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

/**
 * Codes for exploring a latent space: linear interpolation between two codes, traversal of one coordinate with the
 * others fixed, and random codes from the prior N(0, I). Decode them with the model to see what the space holds:
 * a VAE decodes prior samples into plausible images, a plain autoencoder mostly does not, because nothing made its
 * codes fill the prior.
 */
public final class LatentSpace {
    private LatentSpace() {
    }

    /** {@code steps} codes from {@code a} to {@code b} inclusive (both {@code [d]} or {@code [1, d]}): {@code [steps, d]}. */
    public static Tensor interpolate(Tensor a, Tensor b, int steps) {
        Tensor x = a.reshape(-1);
        Tensor y = b.reshape(-1);
        if (x.numel() != y.numel()) {
            throw new IllegalArgumentException("interpolate: codes of different sizes " + a.shape() + " and "
                    + b.shape());
        }
        if (steps < 2) {
            throw new IllegalArgumentException("interpolate: needs at least 2 steps, got " + steps);
        }
        Tensor t = Tensor.linspace(0, 1, steps).reshape(steps, 1);
        return x.reshape(1, -1).mul(t.rsub(1f)).add(y.reshape(1, -1).mul(t));
    }

    /**
     * {@code steps} copies of {@code z} ({@code [d]} or {@code [1, d]}) whose coordinate {@code dim} runs evenly from
     * {@code from} to {@code to}: {@code [steps, d]}.
     */
    public static Tensor traverse(Tensor z, int dim, float from, float to, int steps) {
        Tensor base = z.reshape(-1);
        int d = base.numel();
        if (dim < 0 || dim >= d) {
            throw new IllegalArgumentException("traverse: coordinate " + dim + " out of range for a code of size " + d);
        }
        if (steps < 2) {
            throw new IllegalArgumentException("traverse: needs at least 2 steps, got " + steps);
        }
        float[] codes = new float[steps * d];
        float[] values = base.toArray();
        float[] sweep = Tensor.linspace(from, to, steps).toArray();
        for (int s = 0; s < steps; s++) {
            System.arraycopy(values, 0, codes, s * d, d);
            codes[s * d + dim] = sweep[s];
        }
        return Tensor.wrap(codes, steps, d);
    }

    /** {@code n} codes from the prior N(0, I): {@code [n, d]}. */
    public static Tensor prior(Generator gen, int n, int d) {
        return Tensor.randn(gen, n, d);
    }
}
