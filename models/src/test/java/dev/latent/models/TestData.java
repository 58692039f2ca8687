package dev.latent.models;

import dev.latent.datasets.Dataset;
import dev.latent.datasets.mnist.FashionMnist;
import dev.latent.datasets.mnist.MnistData;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Small, fixed slices of the embedded Fashion-MNIST test set for fast model tests. */
public final class TestData {
    private static MnistData data;

    private TestData() {
    }

    /** The embedded set (loaded once). */
    public static synchronized MnistData embedded() {
        if (data == null) {
            try {
                data = FashionMnist.embedded();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return data;
    }

    /** The first {@code n} images. */
    public static Dataset first(int n) {
        return embedded().limit(n);
    }
}
