package dev.latent.nn.optim;

/** Multiplies the learning rate by {@code gamma} every epoch, like PyTorch's {@code ExponentialLR}. */
public final class ExponentialLR extends LRScheduler {
    private final double gamma;

    /**
     * Creates the schedule.
     *
     * @param optimizer the optimizer to schedule
     * @param gamma     decay factor per epoch
     */
    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
    }

    @Override
    protected double nextLr(int epoch, double current, double base) {
        return current * gamma;
    }
}
