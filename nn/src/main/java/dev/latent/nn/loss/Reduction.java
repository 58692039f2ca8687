package dev.latent.nn.loss;

import dev.latent.tensor.Tensor;

/** How a loss combines its per-element values, as PyTorch's {@code reduction} argument. */
public enum Reduction {
    /** Keep the per-element (or per-sample) losses. */
    NONE,
    /** Average them (PyTorch's default). */
    MEAN,
    /** Add them up. */
    SUM;

    /** Applies this reduction to per-element losses. */
    public Tensor apply(Tensor losses) {
        return switch (this) {
            case NONE -> losses;
            case MEAN -> losses.mean();
            case SUM -> losses.sum();
        };
    }
}
