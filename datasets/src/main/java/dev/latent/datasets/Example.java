package dev.latent.datasets;

import dev.latent.tensor.Tensor;

/**
 * One example of a {@link Dataset}: an image (for MNIST a {@code [1, 28, 28]} tensor in [0, 1]) and its class
 * index.
 *
 * @param image the example's values, shaped like {@link Dataset#exampleShape()}
 * @param label the class index, in {@code [0, numClasses)}
 */
public record Example(Tensor image, int label) {
}
