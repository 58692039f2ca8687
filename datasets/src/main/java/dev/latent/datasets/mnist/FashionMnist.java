package dev.latent.datasets.mnist;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST: 28x28 grey images of clothing in 10 classes (60,000 train, 10,000 test). Its test set is embedded
 * in this library, so {@link #load(Split)} always succeeds, offline and on a fresh machine:
 *
 * <pre>{@code
 * MnistData train = FashionMnist.load(Split.TRAIN);
 * System.out.println("using " + train.source().description());
 * // "using Fashion-MNIST train split (60,000 images) from /usr/share/datasets/fashion-mnist", or
 * // "using the embedded Fashion-MNIST test set (10,000 images)" when no files are installed
 * }</pre>
 */
public final class FashionMnist {
    private FashionMnist() {
    }

    /** The class names, indexed by label: T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, ... */
    public static List<String> classNames() {
        return MnistVariant.FASHION_MNIST.classNames();
    }

    /** Loads {@code split} from the standard places, falling back to the embedded test set (never downloads). */
    public static MnistData load(Split split) throws IOException {
        return loader().load(split);
    }

    /** Loads {@code split} from {@code directory}, which must hold the files. */
    public static MnistData load(Split split, Path directory) throws IOException {
        return loader().directory(directory).load(split);
    }

    /** The embedded test set (10,000 images), without looking anywhere else. */
    public static MnistData embedded() throws IOException {
        return MnistLoader.embeddedFashionMnist();
    }

    /** A loader builder for more options (download, explicit locations, no embedded fallback). */
    public static MnistLoader.Builder loader() {
        return MnistLoader.builder(MnistVariant.FASHION_MNIST);
    }
}
