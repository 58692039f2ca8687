package dev.latent.nn.layers;

import dev.latent.tensor.Tensor;

/** {@code x > 0 ? x : slope * x}, like PyTorch's {@code nn.LeakyReLU} (default slope 0.01). */
public final class LeakyReLU extends Activation {
    private final float negativeSlope;

    /** Slope 0.01, as PyTorch. */
    public LeakyReLU() {
        this(0.01f);
    }

    /** The given slope for negative inputs (GANs commonly use 0.2). */
    public LeakyReLU(float negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    /** The slope for negative inputs. */
    public float negativeSlope() {
        return negativeSlope;
    }

    @Override
    protected Tensor compute(Tensor input) {
        return input.leakyRelu(negativeSlope);
    }

    @Override
    protected String extraRepr() {
        return "negative_slope=" + negativeSlope;
    }
}
