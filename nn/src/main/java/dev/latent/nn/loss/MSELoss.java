package dev.latent.nn.loss;

import dev.latent.tensor.Tensor;

/** Squared error, like PyTorch's {@code nn.MSELoss}; see {@link Losses#mse}. */
public final class MSELoss extends Loss {
    /** With mean reduction. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    /** With the given reduction. */
    public MSELoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.mse(input, target, reduction());
    }
}
