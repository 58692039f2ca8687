package dev.latent.nn.optim;

/**
 * Cosine annealing from the initial rate down to {@code etaMin} over {@code tMax} epochs (and back up over the next
 * {@code tMax}, periodically), like PyTorch's {@code CosineAnnealingLR}, with its recursive formula.
 */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    /**
     * Creates the schedule.
     *
     * @param optimizer the optimizer to schedule
     * @param tMax      epochs of a half period
     * @param etaMin    the lowest rate
     */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax <= 0) {
            throw new IllegalArgumentException("CosineAnnealingLR: tMax must be positive, got " + tMax);
        }
        this.tMax = tMax;
        this.etaMin = etaMin;
    }

    @Override
    protected double nextLr(int epoch, double current, double base) {
        if ((epoch - 1 - tMax) % (2 * tMax) == 0) {
            return current + (base - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
        }
        return (1 + Math.cos(Math.PI * epoch / tMax)) / (1 + Math.cos(Math.PI * (epoch - 1) / tMax))
                * (current - etaMin) + etaMin;
    }
}
