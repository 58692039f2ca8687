package dev.latent.models.train;

/**
 * Training produced a NaN or infinite loss. The step's update was not applied, and the last checkpoint written (if
 * any) is left as it was.
 */
public final class NonFiniteLossException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int step;

    /**
     * @param epoch   1-based epoch
     * @param step    1-based step within the epoch
     * @param message the full message
     */
    public NonFiniteLossException(int epoch, int step, String message) {
        super(message);
        this.epoch = epoch;
        this.step = step;
    }

    /** The 1-based epoch in which the loss became non-finite. */
    public int epoch() {
        return epoch;
    }

    /** The 1-based step within that epoch. */
    public int step() {
        return step;
    }
}
