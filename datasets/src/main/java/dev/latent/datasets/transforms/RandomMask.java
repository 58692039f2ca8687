package dev.latent.datasets.transforms;

import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

/** Sets each value, with probability {@code p}, to a fixed value (masking noise for denoising autoencoders). */
final class RandomMask implements Transform {
    private final float probability;
    private final float value;

    RandomMask(float probability, float value) {
        this.probability = Transforms.checkProbability("randomMask", probability);
        this.value = value;
    }

    @Override
    public Tensor apply(Tensor images, Generator random) {
        float[] v = images.toArray();
        for (int i = 0; i < v.length; i++) {
            if (random.nextFloat() < probability) {
                v[i] = value;
            }
        }
        return Tensor.wrap(v, images.shape());
    }

    @Override
    public String toString() {
        return "randomMask(p " + probability + ", value " + value + ")";
    }
}
