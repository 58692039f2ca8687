package dev.latent.nn.optim;

/** Multiplies the learning rate by {@code gamma} every {@code stepSize} epochs, like PyTorch's {@code StepLR}. */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    /**
     * Creates the schedule.
     *
     * @param optimizer the optimizer to schedule
     * @param stepSize  epochs between decays
     * @param gamma     decay factor
     */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize <= 0) {
            throw new IllegalArgumentException("StepLR: step size must be positive, got " + stepSize);
        }
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    @Override
    protected double nextLr(int epoch, double current, double base) {
        return epoch % stepSize == 0 ? current * gamma : current;
    }
}
