package dev.latent.models.train;

/**
 * Stops training when the monitored loss (validation loss if there is validation data, else training loss) has not
 * improved by more than {@code minDelta} for {@code patience} epochs, like Keras' EarlyStopping. With
 * {@code restoreBest} the trainer ends with the weights of the best epoch.
 *
 * @param patience    epochs without improvement before stopping (at least 1)
 * @param minDelta    the smallest decrease that counts as an improvement (non-negative)
 * @param restoreBest whether to restore the best epoch's weights at the end
 */
public record EarlyStopping(int patience, double minDelta, boolean restoreBest) {
    /** Validates the settings. */
    public EarlyStopping {
        if (patience < 1) {
            throw new IllegalArgumentException("EarlyStopping: patience must be at least 1, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("EarlyStopping: minDelta must be >= 0, got " + minDelta);
        }
    }

    /** Whether {@code loss} improves on {@code best} by more than {@code minDelta}. */
    public boolean improves(double loss, double best) {
        return loss < best - minDelta;
    }
}
