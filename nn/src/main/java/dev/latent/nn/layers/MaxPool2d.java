package dev.latent.nn.layers;

import dev.latent.ops.Pooling;
import dev.latent.tensor.Tensor;

/** Maximum over each window, like PyTorch's {@code nn.MaxPool2d} (the gradient goes to the first maximum of each window; padding counts as minus infinity). */
public final class MaxPool2d extends Pool2d {
    /** A square window with stride equal to its size and no padding, as PyTorch's default. */
    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    /** A square window with the given stride and padding. */
    public MaxPool2d(int kernel, int stride, int padding) {
        this(kernel, kernel, stride, stride, padding, padding);
    }

    /** A {@code kernelH x kernelW} window with separate vertical and horizontal stride and padding. */
    public MaxPool2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
        super("MaxPool2d", kernelH, kernelW, strideH, strideW, padH, padW);
    }

    @Override
    protected Tensor compute(Tensor input) {
        check4d("MaxPool2d", input);
        return Pooling.maxPool2d(input, kernelH, kernelW, strideH, strideW, padH, padW);
    }
}
