package dev.latent.nn.loss;

import dev.latent.tensor.Tensor;

/**
 * Gaussian negative log-likelihood with a predicted variance, like PyTorch's {@code nn.GaussianNLLLoss}; see
 * {@link Losses#gaussianNll}. It takes three tensors, so it is not a {@link Loss}.
 */
public final class GaussianNLLLoss {
    private final boolean full;
    private final double eps;
    private final Reduction reduction;

    /** PyTorch's defaults: no constant term, eps 1e-6, mean reduction. */
    public GaussianNLLLoss() {
        this(false, 1e-6, Reduction.MEAN);
    }

    /**
     * Creates the loss.
     *
     * @param full      add the constant {@code 0.5 log(2 pi)}
     * @param eps       lower clamp for the variance
     * @param reduction how per-element losses are combined
     */
    public GaussianNLLLoss(boolean full, double eps, Reduction reduction) {
        if (!(eps >= 0) || reduction == null) {
            throw new IllegalArgumentException("GaussianNLLLoss: eps must be non-negative and reduction non-null");
        }
        this.full = full;
        this.eps = eps;
        this.reduction = reduction;
    }

    /** The loss of {@code target} under {@code N(input, var)}. */
    public Tensor forward(Tensor input, Tensor target, Tensor var) {
        return Losses.gaussianNll(input, target, var, full, eps, reduction);
    }
}
