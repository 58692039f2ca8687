package dev.latent.datasets.transforms;

import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

/** Returns its input. */
enum Identity implements Transform {
    INSTANCE;

    @Override
    public Tensor apply(Tensor images, Generator random) {
        return images;
    }

    @Override
    public String toString() {
        return "identity";
    }
}
