package dev.latent.benchmarks.throughput;

import dev.latent.tensor.Tensor;

import java.util.List;

/** One timed unit of work of the throughput harness: a full training step (or an inference pass) on one batch. */
public interface ModelStep {
    /** Runs the step once. */
    void run();

    /** Images processed per step. */
    int batchSize();

    /** The trained model's parameters (all networks', for a GAN), to compare runs. */
    List<Tensor> parameters();
}
