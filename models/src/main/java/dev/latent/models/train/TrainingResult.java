package dev.latent.models.train;

/**
 * How a {@link Trainer#fit()} ended.
 *
 * @param history      every epoch's record (including epochs restored from a checkpoint)
 * @param bestEpoch    1-based epoch with the lowest monitored loss
 * @param bestLoss     that loss
 * @param stoppedEarly whether early stopping ended the run
 * @param restoredBest whether the best epoch's weights were restored at the end
 */
public record TrainingResult(MetricsHistory history, int bestEpoch, double bestLoss, boolean stoppedEarly,
                             boolean restoredBest) {
}
