package dev.latent.nn.loss;

import dev.latent.tensor.Tensor;

/** Absolute error, like PyTorch's {@code nn.L1Loss}; see {@link Losses#l1}. */
public final class L1Loss extends Loss {
    /** With mean reduction. */
    public L1Loss() {
        this(Reduction.MEAN);
    }

    /** With the given reduction. */
    public L1Loss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.l1(input, target, reduction());
    }
}
