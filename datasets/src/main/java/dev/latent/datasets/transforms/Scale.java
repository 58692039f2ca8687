package dev.latent.datasets.transforms;

import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

/** Multiplies every value by a constant. */
final class Scale implements Transform {
    private final float factor;

    Scale(float factor) {
        if (!Float.isFinite(factor)) {
            throw new IllegalArgumentException("scale: factor must be finite, got " + factor);
        }
        this.factor = factor;
    }

    @Override
    public Tensor apply(Tensor images, Generator random) {
        float[] v = images.toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] *= factor;
        }
        return Tensor.wrap(v, images.shape());
    }

    @Override
    public String toString() {
        return "scale(" + factor + ")";
    }
}
