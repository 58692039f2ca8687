package dev.latent.datasets.transforms;

import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

/** Sets each value, with probability {@code p}, to {@code low} or {@code high} (half and half). */
final class SaltAndPepperNoise implements Transform {
    private final float probability;
    private final float low;
    private final float high;

    SaltAndPepperNoise(float probability, float low, float high) {
        this.probability = Transforms.checkProbability("saltAndPepper", probability);
        this.low = low;
        this.high = high;
    }

    @Override
    public Tensor apply(Tensor images, Generator random) {
        float[] v = images.toArray();
        float half = probability / 2;
        for (int i = 0; i < v.length; i++) {
            // One draw per value decides both whether and which way it flips.
            float u = random.nextFloat();
            if (u < probability) {
                v[i] = u < half ? low : high;
            }
        }
        return Tensor.wrap(v, images.shape());
    }

    @Override
    public String toString() {
        return "saltAndPepper(p " + probability + ", " + low + "/" + high + ")";
    }
}
