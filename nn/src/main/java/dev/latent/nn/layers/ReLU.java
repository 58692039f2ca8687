package dev.latent.nn.layers;

import dev.latent.tensor.Tensor;

/** max(0, x), like PyTorch's {@code nn.ReLU}. */
public final class ReLU extends Activation {
    /** Creates the layer. */
    public ReLU() {
    }

    @Override
    protected Tensor compute(Tensor input) {
        return input.relu();
    }
}
