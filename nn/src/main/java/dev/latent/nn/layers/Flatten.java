package dev.latent.nn.layers;

import dev.latent.nn.Module;
import dev.latent.tensor.Tensor;

/** Flattens dimensions {@code startDim .. endDim} into one, like PyTorch's {@code nn.Flatten} (default 1 .. -1). */
public final class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    /** Flattens every dimension but the batch dimension. */
    public Flatten() {
        this(1, -1);
    }

    /** Flattens {@code startDim .. endDim} (inclusive; negative counts from the end). */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    protected Tensor compute(Tensor input) {
        return input.flatten(startDim, endDim);
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
