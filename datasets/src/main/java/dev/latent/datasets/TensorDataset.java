package dev.latent.datasets;

import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A dataset held in memory: an images tensor {@code [N, ...]} and {@code N} class indices. Examples are copied out
 * of the images tensor with {@link System#arraycopy}, so batching is fast.
 */
public final class TensorDataset implements Dataset {
    private final Tensor images;
    private final int[] labels;
    private final List<String> classNames;
    private final Shape exampleShape;
    private final int exampleSize;

    /**
     * A dataset of {@code images} (first dimension: examples) with {@code labels} indexing {@code classNames}. The
     * images tensor is used as is when contiguous (not copied), so do not modify it afterwards.
     *
     * @throws IllegalArgumentException if the counts differ or a label is outside {@code [0, classNames.size())};
     *     the message names the first bad example
     */
    public TensorDataset(Tensor images, int[] labels, List<String> classNames) {
        Objects.requireNonNull(images, "images");
        if (images.dim() < 1) {
            throw new IllegalArgumentException("TensorDataset: images must have an examples dimension, got shape "
                    + images.shape());
        }
        if (images.size(0) != labels.length) {
            throw new IllegalArgumentException("TensorDataset: " + images.size(0) + " images (shape "
                    + images.shape() + ") but " + labels.length + " labels");
        }
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("TensorDataset: at least one class is needed");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("TensorDataset: label " + labels[i] + " of example " + i
                        + " is outside [0, " + classNames.size() + ")");
            }
        }
        this.images = images.detach().contiguous();
        this.labels = labels.clone();
        this.classNames = List.copyOf(classNames);
        this.exampleShape = images.shape().remove(0);
        this.exampleSize = exampleShape.numel();
    }

    /** A dataset whose {@code numClasses} classes are named {@code "0", "1", ...}. */
    public TensorDataset(Tensor images, int[] labels, int numClasses) {
        this(images, labels, numberedClasses(numClasses));
    }

    /** The class names {@code "0" .. "n-1"}. */
    public static List<String> numberedClasses(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("number of classes must be positive, got " + n);
        }
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(String.valueOf(i));
        }
        return List.copyOf(names);
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public Shape exampleShape() {
        return exampleShape;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public void copyExample(int index, float[] dest, int destOffset) {
        Objects.checkIndex(index, labels.length);
        System.arraycopy(images.data(), images.offset() + index * exampleSize, dest, destOffset, exampleSize);
    }

    /** The images tensor itself (not a copy): read-only by convention. */
    @Override
    public Tensor images() {
        return images;
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public String toString() {
        return "TensorDataset[" + images.shape() + ", " + classNames.size() + " classes]";
    }
}
