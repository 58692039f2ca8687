package dev.latent.nn.layers;

import dev.latent.tensor.Generator;

/** Settings shared by the {@link Conv2d} and {@link ConvTranspose2d} builders. */
abstract class ConvBuilder<B extends ConvBuilder<B>> {
    final int inChannels;
    final int outChannels;
    final int kernelH;
    final int kernelW;
    int strideH = 1;
    int strideW = 1;
    int padH;
    int padW;
    int dilationH = 1;
    int dilationW = 1;
    int groups = 1;
    boolean bias = true;
    Generator generator = Generator.global();

    ConvBuilder(int inChannels, int outChannels, int kernelH, int kernelW) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
    }

    abstract B self();

    /** The same stride in both directions (default 1). */
    public B stride(int stride) {
        return stride(stride, stride);
    }

    /** Vertical and horizontal strides. */
    public B stride(int strideH, int strideW) {
        this.strideH = strideH;
        this.strideW = strideW;
        return self();
    }

    /** The same zero padding on every side (default 0). */
    public B padding(int padding) {
        return padding(padding, padding);
    }

    /** Zero padding above/below and left/right. */
    public B padding(int padH, int padW) {
        this.padH = padH;
        this.padW = padW;
        return self();
    }

    /** The same kernel dilation in both directions (default 1). */
    public B dilation(int dilation) {
        return dilation(dilation, dilation);
    }

    /** Vertical and horizontal kernel dilation. */
    public B dilation(int dilationH, int dilationW) {
        this.dilationH = dilationH;
        this.dilationW = dilationW;
        return self();
    }

    /** Channel groups (default 1); both channel counts must be divisible by it. */
    public B groups(int groups) {
        this.groups = groups;
        return self();
    }

    /** Whether the layer has a bias (default true). */
    public B bias(boolean bias) {
        this.bias = bias;
        return self();
    }

    /** The generator the initial weights are drawn from (default: the global one). */
    public B generator(Generator generator) {
        this.generator = generator;
        return self();
    }

    /**
     * Checks channels, kernel and groups; {@code layer} names the layer in messages. Stride, padding, dilation and
     * output padding are checked by {@link dev.latent.ops.Conv2dSpec}.
     */
    void check(String layer) {
        if (inChannels <= 0 || outChannels <= 0 || kernelH <= 0 || kernelW <= 0) {
            throw new IllegalArgumentException(layer + ": channels and kernel sizes must be positive, got "
                    + inChannels + " -> " + outChannels + ", kernel " + kernelH + "x" + kernelW);
        }
        if (groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(layer + ": " + inChannels + " input and " + outChannels
                    + " output channels must both be divisible by groups = " + groups);
        }
    }
}
