package dev.latent.nn.layers;

import dev.latent.nn.Module;
import dev.latent.tensor.Tensor;

/** Returns its input, like PyTorch's {@code nn.Identity} (a placeholder when swapping layers out). */
public final class Identity extends Module {
    /** Creates the layer. */
    public Identity() {
    }

    @Override
    protected Tensor compute(Tensor input) {
        return input;
    }
}
