package dev.latent.models.gan;

import dev.latent.tensor.Tensor;

/**
 * What the generator minimises, given the discriminator's logits {@code l} on generated images ({@code D = s(l)}
 * with {@code s} the sigmoid). Both are computed from the logits with softplus identities, so they stay finite
 * however confident the discriminator is.
 */
public enum GeneratorLoss {
    /**
     * Goodfellow et al.'s original minimax objective: minimise {@code log(1 - D(G(z)))}, computed as
     * {@code -softplus(l)}. Its gradient {@code -s(l)} vanishes when the discriminator rejects the samples
     * ({@code D(G(z))} near 0), which is early in training.
     */
    MINIMAX {
        @Override
        public Tensor perSample(Tensor fakeLogits) {
            return fakeLogits.softplus().neg();
        }
    },
    /**
     * The non-saturating heuristic from the same paper: minimise {@code -log D(G(z))}, computed as
     * {@code softplus(-l)}. Same fixed point, but its gradient {@code -(1 - s(l))} is largest exactly when the
     * samples are rejected.
     */
    NON_SATURATING {
        @Override
        public Tensor perSample(Tensor fakeLogits) {
            return fakeLogits.neg().softplus();
        }
    };

    /** The loss of each generated image (same shape as {@code fakeLogits}). */
    public abstract Tensor perSample(Tensor fakeLogits);

    /** The loss averaged over the batch: the scalar the generator step minimises. */
    public Tensor loss(Tensor fakeLogits) {
        return perSample(fakeLogits).mean();
    }
}
