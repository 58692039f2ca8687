package dev.latent.datasets.mnist;

import dev.latent.datasets.Dataset;
import dev.latent.datasets.TensorDataset;
import dev.latent.datasets.io.DatasetSource;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;

import java.util.List;

/**
 * One loaded split of MNIST or Fashion-MNIST: images {@code [N, 1, 28, 28]} with values in [0, 1], labels as class
 * indices, the class names, and where the data came from ({@link #source()}). It is a {@link Dataset}, so it can be
 * handed to a {@link dev.latent.datasets.DataLoader} directly.
 */
public final class MnistData implements Dataset {
    private final MnistVariant variant;
    private final Split split;
    private final DatasetSource source;
    private final TensorDataset data;

    MnistData(MnistVariant variant, Split split, DatasetSource source, TensorDataset data) {
        this.variant = variant;
        this.split = split;
        this.source = source;
        this.data = data;
    }

    /** Which dataset this is. */
    public MnistVariant variant() {
        return variant;
    }

    /**
     * The split these examples are. This is {@link Split#TEST} for the embedded set even when the train split was
     * asked for and not found.
     */
    public Split split() {
        return split;
    }

    /** Where the files were found (or that the embedded set is used), for reporting. */
    public DatasetSource source() {
        return source;
    }

    /** Whether this is the embedded Fashion-MNIST test set. */
    public boolean isEmbedded() {
        return source.isEmbedded();
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public Shape exampleShape() {
        return data.exampleShape();
    }

    @Override
    public List<String> classNames() {
        return data.classNames();
    }

    @Override
    public int label(int index) {
        return data.label(index);
    }

    @Override
    public void copyExample(int index, float[] dest, int destOffset) {
        data.copyExample(index, dest, destOffset);
    }

    /** All images, {@code [N, 1, 28, 28]} in [0, 1] (shared, not copied: read-only by convention). */
    @Override
    public Tensor images() {
        return data.images();
    }

    @Override
    public int[] labels() {
        return data.labels();
    }

    /** For example {@code Fashion-MNIST test (10000 images, the embedded Fashion-MNIST test set ...)}. */
    @Override
    public String toString() {
        return variant + " " + split + " (" + size() + " images, " + source + ")";
    }
}
