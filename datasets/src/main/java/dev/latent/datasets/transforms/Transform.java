package dev.latent.datasets.transforms;

import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

/**
 * A function of a batch of images {@code [B, ...]} (or of a whole dataset's images), such as scaling, normalizing
 * or adding noise. A transform never modifies its input: it returns a new tensor (or a view of its input, like
 * {@link Transforms#flatten()}). Random transforms draw only from the given generator, so the same generator state
 * gives the same output; the {@link dev.latent.datasets.DataLoader} passes one seeded by (seed, epoch, batch).
 *
 * <p>Build transforms with {@link Transforms} and chain them with {@link #andThen} or {@link #compose}.
 */
@FunctionalInterface
public interface Transform {
    /** The transformed images; {@code random} is the only source of randomness. */
    Tensor apply(Tensor images, Generator random);

    /** This transform, then {@code next} on its output (both draw from the same generator, in that order). */
    default Transform andThen(Transform next) {
        Transform first = this;
        return new Transform() {
            @Override
            public Tensor apply(Tensor images, Generator random) {
                return next.apply(first.apply(images, random), random);
            }

            @Override
            public String toString() {
                return first + " -> " + next;
            }
        };
    }

    /** The transforms applied in order; with none, the identity. */
    static Transform compose(Transform... steps) {
        Transform all = identity();
        for (Transform t : steps) {
            all = all == Identity.INSTANCE ? t : all.andThen(t);
        }
        return all;
    }

    /** The transform that returns its input. */
    static Transform identity() {
        return Identity.INSTANCE;
    }
}
