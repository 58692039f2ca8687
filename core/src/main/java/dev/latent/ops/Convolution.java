package dev.latent.ops;

import dev.latent.kernels.ConvGeometry;
import dev.latent.kernels.ConvKernels;
import dev.latent.kernels.Workspace;
import dev.latent.tensor.Function;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;

/**
 * 2-D convolution and transposed convolution on NCHW tensors, with PyTorch's semantics, layouts and output sizes
 * ({@code torch.nn.functional.conv2d} and {@code conv_transpose2d}). Both are differentiable in the input, the
 * weight and the bias, and accept tensors of any strides.
 */
public final class Convolution {
    private Convolution() {
    }

    /**
     * 2-D convolution (cross-correlation, as PyTorch).
     *
     * @param input  {@code [N, Cin, H, W]}
     * @param weight {@code [Cout, Cin / groups, kH, kW]}
     * @param bias   {@code [Cout]}, or null
     * @param spec   stride, padding, dilation and groups; output padding must be 0
     * @return {@code [N, Cout, Ho, Wo]} with {@code Ho = (H + 2 padH - dilationH (kH - 1) - 1) / strideH + 1}
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, Conv2dSpec spec) {
        ConvGeometry g = convGeometry(input, weight, bias, spec);
        return new ConvOp(g, false).apply(input, weight, bias);
    }

    /**
     * 2-D transposed convolution (the gradient of {@link #conv2d} with respect to its input), as PyTorch's
     * {@code conv_transpose2d}.
     *
     * @param input  {@code [N, Cin, H, W]}
     * @param weight {@code [Cin, Cout / groups, kH, kW]} (PyTorch's layout)
     * @param bias   {@code [Cout]}, or null
     * @param spec   stride, padding, dilation, output padding and groups
     * @return {@code [N, Cout, Ho, Wo]} with
     *         {@code Ho = (H - 1) strideH - 2 padH + dilationH (kH - 1) + outputPadH + 1}
     */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, Conv2dSpec spec) {
        ConvGeometry g = transposedGeometry(input, weight, bias, spec);
        return new ConvOp(g, true).apply(input, weight, bias);
    }

    /**
     * Convolution or transposed convolution with geometry {@code g}: inputs (input, weight, bias or null). A
     * transposed convolution maps g's output to g's input, so its forward is g's backward-data and its backward
     * runs g's forward and weight gradient.
     */
    private static final class ConvOp extends Function {
        private final ConvGeometry g;
        private final boolean transposed;

        ConvOp(ConvGeometry g, boolean transposed) {
            this.g = g;
            this.transposed = transposed;
        }

        /** The shape of g's input images, or of its output images ({@code gOutput}). */
        private Shape images(boolean gOutput) {
            return gOutput ? Shape.of(g.batch(), g.outChannels(), g.outH(), g.outW())
                    : Shape.of(g.batch(), g.inChannels(), g.inH(), g.inW());
        }

        private Shape outShape() {
            return images(!transposed);
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor x = in[0].contiguous();
            Tensor w = in[1].contiguous();
            Tensor b = in[2] == null ? null : in[2].contiguous();
            saveForBackward(needsInputGrad(1) ? x : null, needsInputGrad(0) ? w : null);
            Shape outShape = outShape();
            float[] y = Workspace.resultToOverwrite(outShape.numel());
            float[] bd = b == null ? null : b.data();
            int bOff = b == null ? 0 : b.offset();
            if (transposed) {
                ConvKernels.backwardData(g, x.data(), x.offset(), w.data(), w.offset(), bd, bOff, y, 0);
            } else {
                ConvKernels.forward(g, x.data(), x.offset(), w.data(), w.offset(), bd, bOff, y, 0);
            }
            return Tensor.wrap(y, outShape);
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            Tensor[] s = savedTensors();
            Tensor dy = grad.contiguous();
            Tensor x = s[0];
            Tensor w = s[1];
            Shape inShape = images(transposed);
            float[] dx = needsInputGrad(0) ? Workspace.resultToOverwrite(inShape.numel()) : null;
            float[] dw = needsInputGrad(1) ? Workspace.resultToOverwrite(g.weightSize()) : null;
            float[] xd = x == null ? null : x.data();
            int xOff = x == null ? 0 : x.offset();
            float[] wd = w == null ? null : w.data();
            int wOff = w == null ? 0 : w.offset();
            if (transposed) {
                ConvKernels.transposedBackward(g, xd, xOff, dy.data(), dy.offset(), wd, wOff, dx, 0, dw, 0);
            } else {
                ConvKernels.backward(g, xd, xOff, dy.data(), dy.offset(), wd, wOff, dx, 0, dw, 0);
            }
            Tensor db = null;
            if (needsInputGrad(2)) {
                Shape o = outShape();
                float[] sums = Workspace.resultToOverwrite(o.size(1));
                ConvKernels.channelSums(o.size(0), o.size(1), o.size(2) * o.size(3), dy.data(), dy.offset(), sums, 0);
                db = Tensor.wrap(sums, sums.length);
            }
            return new Tensor[] {
                    dx == null ? null : Tensor.wrap(dx, inShape),
                    // both layouts are [g.outChannels, g.inPerGroup, kH, kW]
                    dw == null ? null : Tensor.wrap(dw, g.outChannels(), g.inPerGroup(), g.kernelH(), g.kernelW()),
                    db};
        }

        @Override
        public String name() {
            return transposed ? "ConvTranspose2dBackward" : "Conv2dBackward";
        }
    }

    // ------------------------------------------------------------------ argument checks

    private static ConvGeometry convGeometry(Tensor input, Tensor weight, Tensor bias, Conv2dSpec spec) {
        String op = "conv2d";
        checkRanks(op, input, weight, spec);
        if (spec.outputPadH() != 0 || spec.outputPadW() != 0) {
            throw new IllegalArgumentException(op + ": output padding (" + spec.outputPadH() + ", "
                    + spec.outputPadW() + ") applies only to conv_transpose2d");
        }
        int n = input.size(0);
        int cin = input.size(1);
        int cout = weight.size(0);
        int groups = spec.groups();
        if (cin % groups != 0 || cout % groups != 0) {
            throw new IllegalArgumentException(op + ": input channels (" + cin + ", input " + input.shape()
                    + ") and output channels (" + cout + ", weight " + weight.shape() + ") must both be divisible by"
                    + " groups=" + groups);
        }
        if (weight.size(1) != cin / groups) {
            throw new IllegalArgumentException(op + ": weight " + weight.shape() + " expects " + weight.size(1) * groups
                    + " input channels (groups=" + groups + ") but input " + input.shape() + " has " + cin);
        }
        checkBias(op, bias, cout, weight);
        int kh = weight.size(2);
        int kw = weight.size(3);
        int ho = ConvGeometry.convOutputSize(input.size(2), kh, spec.strideH(), spec.padH(), spec.dilationH());
        int wo = ConvGeometry.convOutputSize(input.size(3), kw, spec.strideW(), spec.padW(), spec.dilationW());
        if (ho < 1 || wo < 1) {
            throw new IllegalArgumentException(op + ": input " + input.shape() + " padded by (" + spec.padH() + ", "
                    + spec.padW() + ") is smaller than the dilated kernel of weight " + weight.shape()
                    + " (dilation " + spec.dilationH() + "x" + spec.dilationW() + "): output size would be " + ho
                    + "x" + wo);
        }
        checkNotEmpty(op, input, weight);
        return new ConvGeometry(n, cin, input.size(2), input.size(3), cout, ho, wo, kh, kw, spec.strideH(),
                spec.strideW(), spec.padH(), spec.padW(), spec.dilationH(), spec.dilationW(), groups);
    }

    private static ConvGeometry transposedGeometry(Tensor input, Tensor weight, Tensor bias, Conv2dSpec spec) {
        String op = "conv_transpose2d";
        checkRanks(op, input, weight, spec);
        int n = input.size(0);
        int cin = input.size(1);
        int groups = spec.groups();
        if (weight.size(0) != cin) {
            throw new IllegalArgumentException(op + ": weight " + weight.shape() + " expects " + weight.size(0)
                    + " input channels but input " + input.shape() + " has " + cin);
        }
        if (cin % groups != 0) {
            throw new IllegalArgumentException(op + ": input channels (" + cin + ", input " + input.shape()
                    + ") must be divisible by groups=" + groups);
        }
        int cout = weight.size(1) * groups;
        checkBias(op, bias, cout, weight);
        int kh = weight.size(2);
        int kw = weight.size(3);
        int ho = ConvGeometry.transposedOutputSize(input.size(2), kh, spec.strideH(), spec.padH(), spec.dilationH(),
                spec.outputPadH());
        int wo = ConvGeometry.transposedOutputSize(input.size(3), kw, spec.strideW(), spec.padW(), spec.dilationW(),
                spec.outputPadW());
        if (ho < 1 || wo < 1) {
            throw new IllegalArgumentException(op + ": input " + input.shape() + " with weight " + weight.shape()
                    + ", stride " + spec.strideH() + "x" + spec.strideW() + " and padding " + spec.padH() + "x"
                    + spec.padW() + " gives output size " + ho + "x" + wo + ", which is too small");
        }
        checkNotEmpty(op, input, weight);
        return new ConvGeometry(n, cout, ho, wo, cin, input.size(2), input.size(3), kh, kw, spec.strideH(),
                spec.strideW(), spec.padH(), spec.padW(), spec.dilationH(), spec.dilationW(), groups);
    }

    private static void checkRanks(String op, Tensor input, Tensor weight, Conv2dSpec spec) {
        if (input == null || weight == null || spec == null) {
            throw new IllegalArgumentException(op + ": input, weight and spec must not be null");
        }
        if (input.dim() != 4 || weight.dim() != 4) {
            throw new IllegalArgumentException(op + ": expects a 4-D input [N, C, H, W] and a 4-D weight, got input "
                    + input.shape() + " and weight " + weight.shape());
        }
    }

    private static void checkBias(String op, Tensor bias, int channels, Tensor weight) {
        if (bias != null && (bias.dim() != 1 || bias.size(0) != channels)) {
            throw new IllegalArgumentException(op + ": bias " + bias.shape() + " does not match the " + channels
                    + " output channels of weight " + weight.shape());
        }
    }

    private static void checkNotEmpty(String op, Tensor input, Tensor weight) {
        if (input.numel() == 0 || weight.numel() == 0) {
            throw new IllegalArgumentException(op + ": empty input " + input.shape() + " or weight "
                    + weight.shape());
        }
    }
}
