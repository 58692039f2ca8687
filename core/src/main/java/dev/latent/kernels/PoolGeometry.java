package dev.latent.kernels;

/**
 * The sizes of a 2-D pooling over {@code planes} independent {@code [inH, inW]} planes (batch times channels).
 * Output {@code (oh, ow)} pools the window of input rows {@code oh * strideH - padH} to
 * {@code oh * strideH - padH + kernelH - 1} (clipped to the input), likewise for columns.
 *
 * @param planes  independent planes, at least 1
 * @param inH     input height
 * @param inW     input width
 * @param outH    output height
 * @param outW    output width
 * @param kernelH window height
 * @param kernelW window width
 * @param strideH vertical stride
 * @param strideW horizontal stride
 * @param padH    implicit padding above and below
 * @param padW    implicit padding left and right
 */
public record PoolGeometry(int planes, int inH, int inW, int outH, int outW, int kernelH, int kernelW,
                           int strideH, int strideW, int padH, int padW) {

    /** Checks that sizes are positive, padding non-negative, and every window overlaps the input. */
    public PoolGeometry {
        if (planes < 1 || inH < 1 || inW < 1 || outH < 1 || outW < 1 || kernelH < 1 || kernelW < 1 || strideH < 1
                || strideW < 1 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("pool geometry: sizes must be positive (padding non-negative): "
                    + planes + " planes " + inH + "x" + inW + " -> " + outH + "x" + outW + ", kernel " + kernelH
                    + "x" + kernelW + ", stride " + strideH + "x" + strideW + ", padding " + padH + "x" + padW);
        }
        if ((outH - 1) * strideH - padH >= inH || (outW - 1) * strideW - padW >= inW || kernelH <= padH
                || kernelW <= padW) {
            throw new IllegalArgumentException("pool geometry: some windows lie entirely in the padding: " + inH
                    + "x" + inW + " -> " + outH + "x" + outW + ", kernel " + kernelH + "x" + kernelW + ", stride "
                    + strideH + "x" + strideW + ", padding " + padH + "x" + padW);
        }
    }

    /** Floats in one input plane. */
    public int inPixels() {
        return inH * inW;
    }

    /** Floats in one output plane. */
    public int outPixels() {
        return outH * outW;
    }
}
