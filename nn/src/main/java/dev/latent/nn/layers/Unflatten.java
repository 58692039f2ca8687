package dev.latent.nn.layers;

import dev.latent.nn.Module;
import dev.latent.tensor.Tensor;

import java.util.Arrays;

/** Splits dimension {@code dim} into {@code sizes}, like PyTorch's {@code nn.Unflatten}. */
public final class Unflatten extends Module {
    private final int dim;
    private final int[] sizes;

    /** Splits {@code dim} into {@code sizes} (one may be -1). */
    public Unflatten(int dim, int... sizes) {
        if (sizes.length == 0) {
            throw new IllegalArgumentException("Unflatten: needs at least one size");
        }
        this.dim = dim;
        this.sizes = sizes.clone();
    }

    @Override
    protected Tensor compute(Tensor input) {
        return input.unflatten(dim, sizes);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim + ", unflattened_size=" + Arrays.toString(sizes);
    }
}
