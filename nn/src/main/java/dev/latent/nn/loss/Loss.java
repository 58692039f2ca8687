package dev.latent.nn.loss;

import dev.latent.tensor.Tensor;

/**
 * A loss of an input against a target as an object holding its settings, like PyTorch's loss modules
 * ({@code nn.MSELoss()}): {@code loss.forward(output, target)}. Training code can take any {@code Loss} (for
 * example an autoencoder's reconstruction loss, MSE or BCE).
 */
public abstract class Loss {
    private final Reduction reduction;

    /**
     * Creates the loss.
     *
     * @param reduction how per-element losses are combined
     */
    protected Loss(Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("reduction must not be null");
        }
        this.reduction = reduction;
    }

    /** How per-element losses are combined. */
    public final Reduction reduction() {
        return reduction;
    }

    /**
     * The loss of {@code input} against {@code target}.
     *
     * @param input  the model's output
     * @param target what it should have been
     * @return a scalar, or per-element losses with {@link Reduction#NONE}
     */
    public abstract Tensor forward(Tensor input, Tensor target);

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(reduction=" + reduction.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
