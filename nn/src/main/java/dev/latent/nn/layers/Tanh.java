package dev.latent.nn.layers;

import dev.latent.tensor.Tensor;

/** Hyperbolic tangent, like PyTorch's {@code nn.Tanh}. */
public final class Tanh extends Activation {
    /** Creates the layer. */
    public Tanh() {
    }

    @Override
    protected Tensor compute(Tensor input) {
        return input.tanh();
    }
}
