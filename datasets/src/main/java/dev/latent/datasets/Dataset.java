package dev.latent.datasets;

import dev.latent.tensor.Generator;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * A fixed-size, indexable collection of labelled examples: images of one shape, each with a class index. Datasets
 * are read-only and can be read from several threads at once.
 *
 * <p>Implementations provide bulk access ({@link #copyExample}) so that a {@link DataLoader} assembles batches with
 * array copies. Subsets and splits ({@link #subset}, {@link #limit}, {@link #randomSplit}) are views that share the
 * underlying data.
 */
public interface Dataset {
    /** The number of examples. */
    int size();

    /** The shape of one example's image, e.g. {@code [1, 28, 28]}. */
    Shape exampleShape();

    /** The class names; their count is the number of classes, and labels index into them. */
    List<String> classNames();

    /** The class index of example {@code index}. */
    int label(int index);

    /**
     * Copies the image of example {@code index} ({@code exampleShape().numel()} floats, row-major) into
     * {@code dest} at {@code destOffset}.
     */
    void copyExample(int index, float[] dest, int destOffset);

    /** The number of classes: labels lie in {@code [0, numClasses())}. */
    default int numClasses() {
        return classNames().size();
    }

    /** Example {@code index} as a fresh image tensor and its label. */
    default Example get(int index) {
        Shape shape = exampleShape();
        float[] data = new float[shape.numel()];
        copyExample(index, data, 0);
        return new Example(Tensor.wrap(data, shape), label(index));
    }

    /** Every label, in order, as a new array. */
    default int[] labels() {
        int[] labels = new int[size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = label(i);
        }
        return labels;
    }

    /** Every label as a float tensor {@code [size()]} of class indices. */
    default Tensor labelTensor() {
        int[] labels = labels();
        float[] values = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            values[i] = labels[i];
        }
        return Tensor.wrap(values, labels.length);
    }

    /**
     * Every image as one tensor {@code [size(), exampleShape()...]}. It may share storage with the dataset: treat it
     * as read-only.
     */
    default Tensor images() {
        int per = exampleShape().numel();
        Shape shape = exampleShape().insert(0, size());
        float[] data = new float[shape.numel()];
        for (int i = 0; i < size(); i++) {
            copyExample(i, data, i * per);
        }
        return Tensor.wrap(data, shape);
    }

    /** How many examples each class has: element {@code c} counts label {@code c}. */
    default int[] classCounts() {
        int[] counts = new int[numClasses()];
        for (int i = 0; i < size(); i++) {
            counts[label(i)]++;
        }
        return counts;
    }

    /**
     * The examples at {@code indices} (in that order; repeats allowed), as a view.
     *
     * @throws IndexOutOfBoundsException naming the first index outside {@code [0, size())}
     */
    default Dataset subset(int... indices) {
        return Subset.of(this, indices);
    }

    /** The first {@code min(n, size())} examples, as a view (for {@code --limit N}). */
    default Dataset limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit: n must be non-negative, got " + n);
        }
        if (n >= size()) {
            return this;
        }
        int[] first = new int[n];
        Arrays.setAll(first, i -> i);
        return subset(first);
    }

    /**
     * A random split into {@code size() - validationSize} training and {@code validationSize} validation examples.
     * The same seed always gives the same split; each part keeps the dataset's order.
     */
    default DatasetSplit randomSplit(int validationSize, long seed) {
        if (validationSize < 0 || validationSize > size()) {
            throw new IllegalArgumentException("randomSplit: validation size " + validationSize + " is outside [0, "
                    + size() + "]");
        }
        int[] permutation = new Generator(seed).permutation(size());
        int[] validation = Arrays.copyOfRange(permutation, 0, validationSize);
        int[] train = Arrays.copyOfRange(permutation, validationSize, permutation.length);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new DatasetSplit(subset(train), subset(validation));
    }

    /** A random split with {@code round(fraction * size())} validation examples; see {@link #randomSplit(int, long)}. */
    default DatasetSplit randomSplit(double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction <= 1)) {
            throw new IllegalArgumentException("randomSplit: validation fraction must be in [0, 1], got "
                    + validationFraction);
        }
        return randomSplit((int) Math.round(validationFraction * size()), seed);
    }
}
