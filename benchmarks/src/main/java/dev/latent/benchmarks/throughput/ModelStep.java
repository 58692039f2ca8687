package dev.latent.benchmarks.throughput;

/** One timed unit of work of the throughput harness: a full training step (or an inference pass) on one batch. */
public interface ModelStep {
    /** Runs the step once. */
    void run();

    /** Images processed per step. */
    int batchSize();
}
