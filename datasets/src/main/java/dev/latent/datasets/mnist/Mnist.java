package dev.latent.datasets.mnist;

import java.io.IOException;
import java.nio.file.Path;

/**
 * MNIST: 28x28 grey images of handwritten digits (60,000 train, 10,000 test). Nothing is embedded; put the files in
 * {@code ~/.latent/datasets/mnist} or load with {@code Mnist.loader().download(true).load(split)}.
 */
public final class Mnist {
    private Mnist() {
    }

    /** Loads {@code split} from the standard places (never downloads). */
    public static MnistData load(Split split) throws IOException {
        return loader().load(split);
    }

    /** Loads {@code split} from {@code directory}, which must hold the files. */
    public static MnistData load(Split split, Path directory) throws IOException {
        return loader().directory(directory).load(split);
    }

    /** A loader builder for more options (download, explicit locations). */
    public static MnistLoader.Builder loader() {
        return MnistLoader.builder(MnistVariant.MNIST);
    }
}
