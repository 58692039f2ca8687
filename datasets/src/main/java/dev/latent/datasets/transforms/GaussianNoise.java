package dev.latent.datasets.transforms;

import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

/** Adds {@code std * N(0, 1)} to every value, then clips to {@code [min, max]}. */
final class GaussianNoise implements Transform {
    private final float std;
    private final float min;
    private final float max;

    GaussianNoise(float std, float min, float max) {
        if (!(std >= 0) || !Float.isFinite(std)) {
            throw new IllegalArgumentException("gaussianNoise: std must be non-negative and finite, got " + std);
        }
        if (!(min <= max)) {
            throw new IllegalArgumentException("gaussianNoise: clip range [" + min + ", " + max + "] is empty");
        }
        this.std = std;
        this.min = min;
        this.max = max;
    }

    @Override
    public Tensor apply(Tensor images, Generator random) {
        float[] v = images.toArray();
        for (int i = 0; i < v.length; i++) {
            float x = v[i] + std * (float) random.nextGaussian();
            v[i] = Math.min(max, Math.max(min, x));
        }
        return Tensor.wrap(v, images.shape());
    }

    @Override
    public String toString() {
        return "gaussianNoise(std " + std + ", clip [" + min + ", " + max + "])";
    }
}
