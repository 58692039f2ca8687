package dev.latent.nn.loss;

import dev.latent.tensor.Tensor;

/** Binary cross-entropy on logits (stable), like PyTorch's {@code nn.BCEWithLogitsLoss}; see {@link Losses#binaryCrossEntropyWithLogits}. */
public final class BCEWithLogitsLoss extends Loss {
    /** With mean reduction. */
    public BCEWithLogitsLoss() {
        this(Reduction.MEAN);
    }

    /** With the given reduction. */
    public BCEWithLogitsLoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.binaryCrossEntropyWithLogits(input, target, reduction());
    }
}
