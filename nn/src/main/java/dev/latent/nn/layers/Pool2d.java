package dev.latent.nn.layers;

import dev.latent.nn.Module;
import dev.latent.tensor.Tensor;

/** Common geometry of {@link MaxPool2d} and {@link AvgPool2d}. */
abstract class Pool2d extends Module {
    final int kernelH;
    final int kernelW;
    final int strideH;
    final int strideW;
    final int padH;
    final int padW;

    Pool2d(String layer, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
        if (kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException(layer + ": kernel and stride must be positive and padding non-negative,"
                    + " got kernel (" + kernelH + ", " + kernelW + "), stride (" + strideH + ", " + strideW
                    + "), padding (" + padH + ", " + padW + ")");
        }
        if (2 * padH > kernelH || 2 * padW > kernelW) {
            throw new IllegalArgumentException(layer + ": padding (" + padH + ", " + padW
                    + ") should be at most half the kernel size (" + kernelH + ", " + kernelW + ")");
        }
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.padH = padH;
        this.padW = padW;
    }

    /** Checks the input is {@code [N, C, H, W]}. */
    static void check4d(String layer, Tensor input) {
        if (input.dim() != 4) {
            throw new IllegalArgumentException(layer + ": expects input [N, C, H, W], got " + input.shape());
        }
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=(" + kernelH + ", " + kernelW + "), stride=(" + strideH + ", " + strideW + "), padding=("
                + padH + ", " + padW + ")";
    }
}
