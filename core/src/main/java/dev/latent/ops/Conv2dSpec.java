package dev.latent.ops;

/**
 * Geometry of a 2-D convolution or transposed convolution: stride, zero padding, dilation, output padding
 * (transposed convolutions only) and groups, per spatial dimension, with PyTorch's meaning of each.
 *
 * <pre>{@code
 * Conv2dSpec s = Conv2dSpec.of(2, 1).withOutputPadding(1); // ConvTranspose2d(..., stride=2, padding=1, output_padding=1)
 * }</pre>
 *
 * @param strideH     vertical stride, at least 1
 * @param strideW     horizontal stride, at least 1
 * @param padH        zero padding added above and below, at least 0
 * @param padW        zero padding added left and right, at least 0
 * @param dilationH   vertical spacing between kernel taps, at least 1
 * @param dilationW   horizontal spacing between kernel taps, at least 1
 * @param outputPadH  extra rows added to one side of a transposed convolution's output; smaller than the stride or
 *                    the dilation
 * @param outputPadW  extra columns added to one side of a transposed convolution's output; smaller than the stride
 *                    or the dilation
 * @param groups      number of channel groups, at least 1
 */
public record Conv2dSpec(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW,
                         int outputPadH, int outputPadW, int groups) {

    /** Validates every field; see the record description for the rules. */
    public Conv2dSpec {
        requireAtLeast("stride", strideH, strideW, 1);
        requireAtLeast("padding", padH, padW, 0);
        requireAtLeast("dilation", dilationH, dilationW, 1);
        requireAtLeast("output padding", outputPadH, outputPadW, 0);
        if (groups < 1) {
            throw new IllegalArgumentException("Conv2dSpec: groups must be at least 1, got " + groups);
        }
        // PyTorch's rule: output padding must be smaller than either stride or dilation.
        if (outputPadH >= Math.max(strideH, dilationH) || outputPadW >= Math.max(strideW, dilationW)) {
            throw new IllegalArgumentException("Conv2dSpec: output padding (" + outputPadH + ", " + outputPadW
                    + ") must be smaller than either stride (" + strideH + ", " + strideW + ") or dilation ("
                    + dilationH + ", " + dilationW + ")");
        }
    }

    /** Square stride and padding; dilation 1, output padding 0, groups 1. */
    public static Conv2dSpec of(int stride, int padding) {
        return new Conv2dSpec(stride, stride, padding, padding, 1, 1, 0, 0, 1);
    }

    /** This spec with the same dilation in both dimensions. */
    public Conv2dSpec withDilation(int dilation) {
        return new Conv2dSpec(strideH, strideW, padH, padW, dilation, dilation, outputPadH, outputPadW, groups);
    }

    /** This spec with the same output padding in both dimensions (for transposed convolutions). */
    public Conv2dSpec withOutputPadding(int outputPadding) {
        return new Conv2dSpec(strideH, strideW, padH, padW, dilationH, dilationW, outputPadding, outputPadding,
                groups);
    }

    /** This spec with {@code groups} channel groups. */
    public Conv2dSpec withGroups(int groups) {
        return new Conv2dSpec(strideH, strideW, padH, padW, dilationH, dilationW, outputPadH, outputPadW, groups);
    }

    private static void requireAtLeast(String what, int h, int w, int min) {
        if (h < min || w < min) {
            throw new IllegalArgumentException("Conv2dSpec: " + what + " must be at least " + min + ", got (" + h
                    + ", " + w + ")");
        }
    }
}
