package dev.latent.nn.layers;

import dev.latent.ops.Pooling;
import dev.latent.tensor.Tensor;

/** Mean over each window, like PyTorch's {@code nn.AvgPool2d} with its default {@code count_include_pad=True} (zero padding counts in the mean). */
public final class AvgPool2d extends Pool2d {
    /** A square window with stride equal to its size and no padding, as PyTorch's default. */
    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    /** A square window with the given stride and padding. */
    public AvgPool2d(int kernel, int stride, int padding) {
        this(kernel, kernel, stride, stride, padding, padding);
    }

    /** A {@code kernelH x kernelW} window with separate vertical and horizontal stride and padding. */
    public AvgPool2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
        super("AvgPool2d", kernelH, kernelW, strideH, strideW, padH, padW);
    }

    @Override
    protected Tensor compute(Tensor input) {
        check4d("AvgPool2d", input);
        return Pooling.avgPool2d(input, kernelH, kernelW, strideH, strideW, padH, padW);
    }
}
