package dev.latent.kernels;

/**
 * The sizes of a 2-D convolution in NCHW layout as the convolution kernels see it: a batch of
 * {@code [inChannels, inH, inW]} images, a weight {@code [outChannels, inChannels / groups, kernelH, kernelW]} and
 * outputs {@code [outChannels, outH, outW]}. Output position {@code (oh, ow)} reads input position
 * {@code (oh * strideH - padH + kh * dilationH, ow * strideW - padW + kw * dilationW)}; positions outside the input
 * read zero.
 *
 * <p>A transposed convolution is described by the convolution it is the adjoint of: its input plays the role of
 * this geometry's output and its output the role of this geometry's input. The output size is therefore taken as
 * given (at least 1) rather than derived, so that output padding fits in.
 *
 * @param batch       images, at least 1
 * @param inChannels  input channels, a multiple of {@code groups}
 * @param inH         input height
 * @param inW         input width
 * @param outChannels output channels, a multiple of {@code groups}
 * @param outH        output height
 * @param outW        output width
 * @param kernelH     kernel height
 * @param kernelW     kernel width
 * @param strideH     vertical stride
 * @param strideW     horizontal stride
 * @param padH        zero padding above
 * @param padW        zero padding to the left
 * @param dilationH   vertical spacing of kernel taps
 * @param dilationW   horizontal spacing of kernel taps
 * @param groups      channel groups
 */
public record ConvGeometry(int batch, int inChannels, int inH, int inW, int outChannels, int outH, int outW,
                           int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
                           int dilationH, int dilationW, int groups) {

    /** Checks that every size is positive (padding non-negative) and the channel counts divide by the groups. */
    public ConvGeometry {
        if (batch < 1 || inChannels < 1 || inH < 1 || inW < 1 || outChannels < 1 || outH < 1 || outW < 1
                || kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0
                || dilationH < 1 || dilationW < 1 || groups < 1) {
            throw new IllegalArgumentException("conv geometry: sizes must be positive (padding non-negative): "
                    + describe(batch, inChannels, inH, inW, outChannels, outH, outW, kernelH, kernelW, strideH,
                    strideW, padH, padW, dilationH, dilationW, groups));
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("conv geometry: " + inChannels + " input and " + outChannels
                    + " output channels do not divide into " + groups + " groups");
        }
        long colRows = (long) (inChannels / groups) * kernelH * kernelW;
        if ((long) batch * inChannels * inH * inW > Integer.MAX_VALUE
                || (long) batch * outChannels * outH * outW > Integer.MAX_VALUE
                || colRows * outH * outW > Integer.MAX_VALUE || colRows * outChannels > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("conv geometry: too large for int-indexed arrays: "
                    + describe(batch, inChannels, inH, inW, outChannels, outH, outW, kernelH, kernelW, strideH,
                    strideW, padH, padW, dilationH, dilationW, groups));
        }
    }

    /** The output size of an ordinary convolution along one dimension (PyTorch's formula); may be below 1. */
    public static int convOutputSize(int in, int kernel, int stride, int pad, int dilation) {
        return Math.floorDiv(in + 2 * pad - dilation * (kernel - 1) - 1, stride) + 1;
    }

    /** The output size of a transposed convolution along one dimension (PyTorch's formula); may be below 1. */
    public static int transposedOutputSize(int in, int kernel, int stride, int pad, int dilation, int outputPad) {
        return (in - 1) * stride - 2 * pad + dilation * (kernel - 1) + outputPad + 1;
    }

    /** The same geometry for one image: a cache key for per-geometry tables, which do not depend on the batch. */
    public ConvGeometry oneImage() {
        return batch == 1 ? this : new ConvGeometry(1, inChannels, inH, inW, outChannels, outH, outW, kernelH,
                kernelW, strideH, strideW, padH, padW, dilationH, dilationW, groups);
    }

    /** Input channels per group. */
    public int inPerGroup() {
        return inChannels / groups;
    }

    /** Output channels per group. */
    public int outPerGroup() {
        return outChannels / groups;
    }

    /** Rows of one group's column matrix: {@code inPerGroup * kernelH * kernelW}. */
    public int colRows() {
        return inPerGroup() * kernelH * kernelW;
    }

    /** Pixels of one input channel. */
    public int inPixels() {
        return inH * inW;
    }

    /** Pixels of one output channel. */
    public int outPixels() {
        return outH * outW;
    }

    /** Floats in one input image. */
    public int inImage() {
        return inChannels * inH * inW;
    }

    /** Floats in one output image. */
    public int outImage() {
        return outChannels * outH * outW;
    }

    /** Floats in the weight. */
    public int weightSize() {
        return outChannels * colRows();
    }

    /** Multiply-adds of one forward pass over the batch. */
    public long macs() {
        return (long) batch * outChannels * outPixels() * colRows();
    }

    @Override
    public String toString() {
        return describe(batch, inChannels, inH, inW, outChannels, outH, outW, kernelH, kernelW, strideH, strideW,
                padH, padW, dilationH, dilationW, groups);
    }

    private static String describe(int batch, int inChannels, int inH, int inW, int outChannels, int outH, int outW,
                                   int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
                                   int dilationH, int dilationW, int groups) {
        return "[" + batch + ", " + inChannels + ", " + inH + ", " + inW + "] -> [" + batch + ", " + outChannels
                + ", " + outH + ", " + outW + "], kernel " + kernelH + "x" + kernelW + ", stride " + strideH + "x"
                + strideW + ", padding " + padH + "x" + padW + ", dilation " + dilationH + "x" + dilationW
                + ", groups " + groups;
    }
}
