package dev.latent.nn.layers;

import dev.latent.tensor.Tensor;

/**
 * {@code log(1 + e^(beta x)) / beta}, linear where {@code beta x > threshold}, like PyTorch's {@code nn.Softplus}
 * (defaults beta 1, threshold 20).
 */
public final class Softplus extends Activation {
    private final float beta;
    private final float threshold;

    /** Beta 1, threshold 20. */
    public Softplus() {
        this(1f, 20f);
    }

    /** The given beta and threshold. */
    public Softplus(float beta, float threshold) {
        if (!(beta > 0)) {
            throw new IllegalArgumentException("Softplus: beta must be positive, got " + beta);
        }
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    protected Tensor compute(Tensor input) {
        return input.softplus(beta, threshold);
    }

    @Override
    protected String extraRepr() {
        return "beta=" + beta + ", threshold=" + threshold;
    }
}
