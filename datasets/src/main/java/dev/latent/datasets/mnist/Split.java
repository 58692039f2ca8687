package dev.latent.datasets.mnist;

/** The two splits of MNIST-style datasets and their standard file names. */
public enum Split {
    /** The training split: {@code train-images-idx3-ubyte} and {@code train-labels-idx1-ubyte} (60,000 images). */
    TRAIN("train"),
    /** The test split: {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte} (10,000 images). */
    TEST("t10k");

    private final String prefix;

    Split(String prefix) {
        this.prefix = prefix;
    }

    /** The images file name without {@code .gz}, e.g. {@code train-images-idx3-ubyte}. */
    public String imagesFile() {
        return prefix + "-images-idx3-ubyte";
    }

    /** The labels file name without {@code .gz}, e.g. {@code train-labels-idx1-ubyte}. */
    public String labelsFile() {
        return prefix + "-labels-idx1-ubyte";
    }

    /** {@code train} or {@code test}. */
    @Override
    public String toString() {
        return this == TRAIN ? "train" : "test";
    }
}
