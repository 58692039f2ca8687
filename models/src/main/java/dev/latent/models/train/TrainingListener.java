package dev.latent.models.train;

/** Receives training progress: for progress bars, sample images per epoch, logging. All methods are optional. */
public interface TrainingListener {
    /** Before the first batch of an epoch. */
    default void onEpochStart(int epoch, int epochs, int batches) {
    }

    /**
     * After each training batch.
     *
     * @param epoch           1-based epoch
     * @param batch           1-based batch index
     * @param batches         batches in the epoch
     * @param metrics         the batch's metrics
     * @param imagesPerSecond throughput of the epoch so far
     */
    default void onBatchEnd(int epoch, int batch, int batches, Metrics metrics, double imagesPerSecond) {
    }

    /** After an epoch (including validation) and before its checkpoint is written. */
    default void onEpochEnd(EpochRecord record) {
    }
}
