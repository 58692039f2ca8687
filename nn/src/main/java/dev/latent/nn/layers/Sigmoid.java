package dev.latent.nn.layers;

import dev.latent.tensor.Tensor;

/** The logistic function 1 / (1 + e^-x), like PyTorch's {@code nn.Sigmoid}. */
public final class Sigmoid extends Activation {
    /** Creates the layer. */
    public Sigmoid() {
    }

    @Override
    protected Tensor compute(Tensor input) {
        return input.sigmoid();
    }
}
