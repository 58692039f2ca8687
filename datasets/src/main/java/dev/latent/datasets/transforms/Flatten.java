package dev.latent.datasets.transforms;

import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

/** {@code [B, d1, d2, ...]} to {@code [B, d1 * d2 * ...]}, a view when the input is contiguous. */
final class Flatten implements Transform {
    @Override
    public Tensor apply(Tensor images, Generator random) {
        return images.dim() <= 2 ? images : images.flatten(1, -1);
    }

    @Override
    public String toString() {
        return "flatten";
    }
}
