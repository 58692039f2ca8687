package dev.latent.models.train;

/**
 * What one epoch produced.
 *
 * @param epoch        1-based epoch number
 * @param train        mean training metrics over the epoch's batches (weighted by batch size)
 * @param validation   mean validation metrics, or null without validation data
 * @param lr           learning rate of the first parameter group during the epoch
 * @param seconds      wall time of the training part of the epoch
 * @param imagesPerSecond training throughput
 */
public record EpochRecord(int epoch, Metrics train, Metrics validation, double lr, double seconds,
                          double imagesPerSecond) {
    /** The loss early stopping and schedules watch: validation loss if present, else training loss. */
    public double monitoredLoss() {
        return validation != null ? validation.loss() : train.loss();
    }
}
