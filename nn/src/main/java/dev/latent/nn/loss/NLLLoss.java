package dev.latent.nn.loss;

import dev.latent.tensor.Tensor;

/** Negative log-likelihood of class indices, like PyTorch's {@code nn.NLLLoss}; see {@link Losses#nll}. */
public final class NLLLoss extends Loss {
    /** With mean reduction. */
    public NLLLoss() {
        this(Reduction.MEAN);
    }

    /** With the given reduction. */
    public NLLLoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.nll(input, target, reduction());
    }
}
