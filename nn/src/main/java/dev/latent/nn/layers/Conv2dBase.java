package dev.latent.nn.layers;

import dev.latent.nn.Init;
import dev.latent.nn.Module;
import dev.latent.ops.Conv2dSpec;
import dev.latent.tensor.Tensor;

/** What {@link Conv2d} and {@link ConvTranspose2d} share, like PyTorch's {@code _ConvNd}. */
abstract class Conv2dBase extends Module {
    private final String layer;
    private final int inChannels;
    private final int outChannels;
    private final int kernelH;
    private final int kernelW;
    private final Conv2dSpec spec;
    private final Tensor weight;
    private final Tensor bias;

    /**
     * Registers and initialises the weight ({@code [out, in / g, kH, kW]}, or {@code [in, out / g, kH, kW]} when
     * {@code transposed}) and the bias.
     */
    Conv2dBase(String layer, ConvBuilder<?> b, boolean transposed, int outputPadH, int outputPadW) {
        b.check(layer);
        this.layer = layer;
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.kernelH = b.kernelH;
        this.kernelW = b.kernelW;
        this.spec = new Conv2dSpec(b.strideH, b.strideW, b.padH, b.padW, b.dilationH, b.dilationW, outputPadH,
                outputPadW, b.groups);
        Tensor w = transposed ? Tensor.zeros(inChannels, outChannels / b.groups, kernelH, kernelW)
                : Tensor.zeros(outChannels, inChannels / b.groups, kernelH, kernelW);
        this.weight = registerParameter("weight", w);
        this.bias = b.bias ? registerParameter("bias", Tensor.zeros(outChannels)) : null;
        Init.pytorchDefault(weight, bias, b.generator);
    }

    /** The weight. */
    public final Tensor weight() {
        return weight;
    }

    /** The bias, {@code [out]}, or null. */
    public final Tensor bias() {
        return bias;
    }

    /** Stride, padding, dilation, output padding and groups. */
    public final Conv2dSpec spec() {
        return spec;
    }

    /** Runs the op once the input's shape is checked. */
    abstract Tensor convolve(Tensor input, Tensor weight, Tensor bias, Conv2dSpec spec);

    @Override
    protected final Tensor compute(Tensor input) {
        if (input.dim() != 4 || input.size(1) != inChannels) {
            throw new IllegalArgumentException(layer + ": expects input [N, " + inChannels + ", H, W], got "
                    + input.shape());
        }
        return convolve(input, weight, bias, spec);
    }

    @Override
    protected final String extraRepr() {
        StringBuilder sb = new StringBuilder();
        sb.append(inChannels).append(", ").append(outChannels).append(", kernel_size=(").append(kernelH).append(", ")
                .append(kernelW).append("), stride=(").append(spec.strideH()).append(", ").append(spec.strideW())
                .append(')');
        if (spec.padH() != 0 || spec.padW() != 0) {
            sb.append(", padding=(").append(spec.padH()).append(", ").append(spec.padW()).append(')');
        }
        if (spec.dilationH() != 1 || spec.dilationW() != 1) {
            sb.append(", dilation=(").append(spec.dilationH()).append(", ").append(spec.dilationW()).append(')');
        }
        if (spec.outputPadH() != 0 || spec.outputPadW() != 0) {
            sb.append(", output_padding=(").append(spec.outputPadH()).append(", ").append(spec.outputPadW())
                    .append(')');
        }
        if (spec.groups() != 1) {
            sb.append(", groups=").append(spec.groups());
        }
        if (bias == null) {
            sb.append(", bias=false");
        }
        return sb.toString();
    }
}
