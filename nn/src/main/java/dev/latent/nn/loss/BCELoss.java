package dev.latent.nn.loss;

import dev.latent.tensor.Tensor;

/** Binary cross-entropy on probabilities, like PyTorch's {@code nn.BCELoss}; see {@link Losses#binaryCrossEntropy}. */
public final class BCELoss extends Loss {
    /** With mean reduction. */
    public BCELoss() {
        this(Reduction.MEAN);
    }

    /** With the given reduction. */
    public BCELoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.binaryCrossEntropy(input, target, reduction());
    }
}
