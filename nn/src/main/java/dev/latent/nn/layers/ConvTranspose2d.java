package dev.latent.nn.layers;

import dev.latent.ops.Conv2dSpec;
import dev.latent.ops.Convolution;
import dev.latent.tensor.Tensor;

/**
 * 2-D transposed convolution (the gradient of a convolution with respect to its input, used to upsample in
 * decoders and generators), like PyTorch's {@code nn.ConvTranspose2d}: weight {@code [in, out / groups, kH, kW]},
 * output size {@code (H - 1) stride - 2 pad + dilation (k - 1) + outputPadding + 1}. {@code outputPadding} (smaller
 * than the stride or the dilation) picks among the sizes a strided convolution maps to the same size. Initialised as
 * PyTorch does, with fanIn computed from the weight: {@code out / groups * kH * kW}.
 *
 * <pre>{@code
 * ConvTranspose2d up = ConvTranspose2d.builder(16, 8, 3).stride(2).padding(1).outputPadding(1).build();  // 7 -> 14
 * }</pre>
 */
public final class ConvTranspose2d extends Conv2dBase {
    /** A square-kernel transposed convolution with the given stride and padding, no output padding. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, int padding) {
        this(builder(inChannels, outChannels, kernel).stride(stride).padding(padding));
    }

    private ConvTranspose2d(Builder b) {
        super("ConvTranspose2d", b, true, b.outputPadH, b.outputPadW);
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
        return Convolution.convTranspose2d(input, weight, bias, spec);
    }

    /** Settings for {@link ConvTranspose2d}. */
    public static final class Builder extends ConvBuilder<Builder> {
        private int outputPadH;
        private int outputPadW;

        private Builder(int inChannels, int outChannels, int kernelH, int kernelW) {
            super(inChannels, outChannels, kernelH, kernelW);
        }

        @Override
        Builder self() {
            return this;
        }

        /** Extra rows and columns added to one side of the output (default 0). */
        public Builder outputPadding(int outputPadding) {
            return outputPadding(outputPadding, outputPadding);
        }

        /** Extra rows and extra columns added to one side of the output. */
        public Builder outputPadding(int outputPadH, int outputPadW) {
            this.outputPadH = outputPadH;
            this.outputPadW = outputPadW;
            return this;
        }

        /** The layer. */
        public ConvTranspose2d build() {
            return new ConvTranspose2d(this);
        }
    }
}
