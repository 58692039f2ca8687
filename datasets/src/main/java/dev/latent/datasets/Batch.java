package dev.latent.datasets;

import dev.latent.tensor.Tensor;

import java.util.Objects;

/**
 * A batch from a {@link DataLoader}.
 *
 * <p>For a denoising autoencoder set a corruption on the loader: {@link #corrupted()} then holds the corrupted
 * images to feed the model and {@link #images()} the clean targets. Without one, {@code corrupted()} is null and
 * {@link #inputs()} returns the images.
 *
 * @param images the clean images after the loader's transform, {@code [B, 1, 28, 28]} for MNIST without transforms
 * @param labels the class indices as a float tensor {@code [B]}
 * @param labelIndices the class indices (do not modify)
 * @param corrupted the corrupted copy of {@code images}, or null when the loader has no corruption
 */
public record Batch(Tensor images, Tensor labels, int[] labelIndices, Tensor corrupted) {
    /** Checks that the parts agree on the batch size. */
    public Batch {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(labelIndices, "labelIndices");
        if (images.dim() == 0 || images.size(0) != labelIndices.length || labels.numel() != labelIndices.length) {
            throw new IllegalArgumentException("Batch: images " + images.shape() + ", labels " + labels.shape()
                    + " and " + labelIndices.length + " label indices disagree on the batch size");
        }
        if (corrupted != null && !corrupted.shape().equals(images.shape())) {
            throw new IllegalArgumentException("Batch: corrupted images " + corrupted.shape()
                    + " do not match the images " + images.shape());
        }
    }

    /** The number of examples. */
    public int size() {
        return labelIndices.length;
    }

    /** What to feed the model: the corrupted images if there are any, otherwise the images. */
    public Tensor inputs() {
        return corrupted != null ? corrupted : images;
    }
}
