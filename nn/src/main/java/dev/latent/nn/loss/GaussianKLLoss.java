package dev.latent.nn.loss;

import dev.latent.tensor.Tensor;

/**
 * KL divergence of a diagonal Gaussian {@code N(mu, exp(logVar))} from {@code N(0, I)}, the VAE's regularizer;
 * {@code forward(mu, logVar)}. See {@link Losses#gaussianKl} for how the reductions treat the batch.
 */
public final class GaussianKLLoss extends Loss {
    /** Averaged over the batch (summed over latent dimensions). */
    public GaussianKLLoss() {
        this(Reduction.MEAN);
    }

    /** With the given reduction over the batch. */
    public GaussianKLLoss(Reduction reduction) {
        super(reduction);
    }

    /** The KL divergence; {@code mu} and {@code logVar} have the same shape {@code [N, ...]}. */
    @Override
    public Tensor forward(Tensor mu, Tensor logVar) {
        return Losses.gaussianKl(mu, logVar, reduction());
    }
}
