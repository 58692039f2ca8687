package dev.latent.nn.layers;

import dev.latent.nn.Init;
import dev.latent.nn.Module;
import dev.latent.ops.Affine;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

/**
 * {@code y = x W^T + b}, like PyTorch's {@code nn.Linear}: weight {@code [out, in]}, bias {@code [out]}, input
 * {@code [..., in]}. Initialised as PyTorch does (Kaiming-uniform with {@code a = sqrt(5)}, bias
 * U(-1/sqrt(in), 1/sqrt(in))). Runs as one fused op ({@link Affine#linear}).
 */
public final class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    /** A layer with a bias, initialised from the global generator. */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true, Generator.global());
    }

    /** A layer with or without a bias, initialised from the global generator. */
    public Linear(int inFeatures, int outFeatures, boolean bias) {
        this(inFeatures, outFeatures, bias, Generator.global());
    }

    /** A layer initialised from {@code gen}. */
    public Linear(int inFeatures, int outFeatures, boolean bias, Generator gen) {
        if (inFeatures < 0 || outFeatures < 0) {
            throw new IllegalArgumentException("Linear: feature counts must be non-negative, got " + inFeatures + " -> "
                    + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Tensor.zeros(outFeatures, inFeatures));
        this.bias = bias ? registerParameter("bias", Tensor.zeros(outFeatures)) : null;
        Init.pytorchDefault(weight, this.bias, gen);
    }

    /** The weight, {@code [out, in]}. */
    public Tensor weight() {
        return weight;
    }

    /** The bias, {@code [out]}, or null. */
    public Tensor bias() {
        return bias;
    }

    /** Input features. */
    public int inFeatures() {
        return inFeatures;
    }

    /** Output features. */
    public int outFeatures() {
        return outFeatures;
    }

    @Override
    protected Tensor compute(Tensor input) {
        if (input.dim() == 0 || input.size(-1) != inFeatures) {
            throw new IllegalArgumentException("Linear: expects input of shape [..., " + inFeatures + "], got "
                    + input.shape());
        }
        return Affine.linear(input, weight, bias);
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null);
    }
}
