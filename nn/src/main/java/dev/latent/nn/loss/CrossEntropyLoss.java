package dev.latent.nn.loss;

import dev.latent.tensor.Tensor;

/**
 * Cross-entropy of logits against class indices or probabilities, optionally with label smoothing, like PyTorch's
 * {@code nn.CrossEntropyLoss}; see {@link Losses#crossEntropy(Tensor, Tensor, Reduction, double)}.
 */
public final class CrossEntropyLoss extends Loss {
    private final double labelSmoothing;

    /** Mean reduction, no label smoothing. */
    public CrossEntropyLoss() {
        this(Reduction.MEAN, 0);
    }

    /** The given reduction and label smoothing (in {@code [0, 1]}). */
    public CrossEntropyLoss(Reduction reduction, double labelSmoothing) {
        super(reduction);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("CrossEntropyLoss: label smoothing must be in [0, 1], got "
                    + labelSmoothing);
        }
        this.labelSmoothing = labelSmoothing;
    }

    /** The label smoothing. */
    public double labelSmoothing() {
        return labelSmoothing;
    }

    @Override
    public Tensor forward(Tensor logits, Tensor target) {
        return Losses.crossEntropy(logits, target, reduction(), labelSmoothing);
    }
}
