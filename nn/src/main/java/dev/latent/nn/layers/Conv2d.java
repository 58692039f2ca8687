package dev.latent.nn.layers;

import dev.latent.ops.Conv2dSpec;
import dev.latent.ops.Convolution;
import dev.latent.tensor.Tensor;

/**
 * 2-D convolution over {@code [N, C, H, W]} inputs, like PyTorch's {@code nn.Conv2d}: weight
 * {@code [out, in / groups, kH, kW]}, bias {@code [out]}, any stride, padding, dilation and groups; output size
 * {@code floor((H + 2 pad - dilation (k - 1) - 1) / stride) + 1}. Initialised as PyTorch does (Kaiming-uniform with
 * {@code a = sqrt(5)}, bias U(-1/sqrt(fanIn), 1/sqrt(fanIn)), fanIn = in / groups * kH * kW).
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(1, 8, 3, 2, 1);                                     // k3, s2, p1
 * Conv2d grouped = Conv2d.builder(16, 32, 3).padding(2).dilation(2).groups(4).bias(false).build();
 * }</pre>
 */
public final class Conv2d extends Conv2dBase {
    /** A square-kernel convolution with stride 1 and no padding. */
    public Conv2d(int inChannels, int outChannels, int kernel) {
        this(builder(inChannels, outChannels, kernel));
    }

    /** A square-kernel convolution with the given stride and padding (the common case). */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding) {
        this(builder(inChannels, outChannels, kernel).stride(stride).padding(padding));
    }

    private Conv2d(Builder b) {
        super("Conv2d", b, false, 0, 0);
    }

    /** A builder for a square {@code kernel}. */
    public static Builder builder(int inChannels, int outChannels, int kernel) {
        return new Builder(inChannels, outChannels, kernel, kernel);
    }

    /** A builder for a {@code kernelH x kernelW} kernel. */
    public static Builder builder(int inChannels, int outChannels, int kernelH, int kernelW) {
        return new Builder(inChannels, outChannels, kernelH, kernelW);
    }

    @Override
    Tensor convolve(Tensor input, Tensor weight, Tensor bias, Conv2dSpec spec) {
        return Convolution.conv2d(input, weight, bias, spec);
    }

    /** Settings for {@link Conv2d}. */
    public static final class Builder extends ConvBuilder<Builder> {
        private Builder(int inChannels, int outChannels, int kernelH, int kernelW) {
            super(inChannels, outChannels, kernelH, kernelW);
        }

        @Override
        Builder self() {
            return this;
        }

        /** The layer. */
        public Conv2d build() {
            return new Conv2d(this);
        }
    }
}
