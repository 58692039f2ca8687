package dev.latent.nn.layers;

import dev.latent.nn.Module;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

/**
 * In training mode, zeroes each element with probability {@code p} and scales the rest by {@code 1 / (1 - p)};
 * in evaluation mode, returns the input. Like PyTorch's {@code nn.Dropout}, but the mask comes from an explicit
 * {@link Generator}, so a seeded run drops the same elements every time (the masks cannot equal PyTorch's, whose
 * generator differs).
 */
public final class Dropout extends Module {
    private final float p;
    private final Generator generator;

    /** Dropout with probability 0.5 drawing from the global generator. */
    public Dropout() {
        this(0.5f);
    }

    /** Dropout with probability {@code p} drawing from the global generator. */
    public Dropout(float p) {
        this(p, Generator.global());
    }

    /** Dropout with probability {@code p} drawing its masks from {@code generator}. */
    public Dropout(float p, Generator generator) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: probability must be in [0, 1], got " + p);
        }
        this.p = p;
        this.generator = generator;
    }

    /** The drop probability. */
    public float p() {
        return p;
    }

    @Override
    protected Tensor compute(Tensor input) {
        if (!isTraining() || p == 0) {
            return input;
        }
        if (p == 1) {
            return input.mul(0f);
        }
        float scale = 1f / (1f - p);
        float[] mask = new float[input.numel()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = generator.nextFloat() < p ? 0f : scale;
        }
        return input.mul(Tensor.wrap(mask, input.shape()));
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
