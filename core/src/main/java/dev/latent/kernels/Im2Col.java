package dev.latent.kernels;

import java.util.Arrays;

/**
 * Lowers one group of one image to its column matrix and back. The column matrix of a convolution has one row per
 * (input channel of the group, kernel row, kernel column), {@link ConvGeometry#colRows()} in all, and one column per
 * output pixel: entry {@code (r, oh * outW + ow)} is the input value that kernel tap {@code r} meets at output
 * {@code (oh, ow)}, or zero in the padding. A convolution is then {@code weight[outPerGroup, colRows] @ columns}.
 */
final class Im2Col {
    private Im2Col() {
    }

    /**
     * Writes the columns of the image group starting at {@code x[xOff]} ({@code inPerGroup} channels of
     * {@code inH * inW}) into rows {@code col[colOff + r * ld ...]} of {@code outH * outW} floats each.
     */
    static void im2col(ConvGeometry g, float[] x, int xOff, float[] col, int colOff, int ld) {
        transfer(g, x, xOff, col, colOff, ld, true);
    }

    /**
     * The adjoint of {@link #im2col}: adds every column entry to the input position it was read from, into the
     * image group starting at {@code dx[dxOff]}. Entries that fall into the padding are dropped.
     */
    static void col2im(ConvGeometry g, float[] col, int colOff, int ld, float[] dx, int dxOff) {
        transfer(g, dx, dxOff, col, colOff, ld, false);
    }

    /** Walks every (column row, output row) pair: copies input to columns, or adds columns back to the input. */
    private static void transfer(ConvGeometry g, float[] x, int xOff, float[] col, int colOff, int ld,
                                 boolean toColumns) {
        int inH = g.inH();
        int inW = g.inW();
        int outH = g.outH();
        int outW = g.outW();
        int sh = g.strideH();
        int sw = g.strideW();
        int row = colOff;
        for (int c = 0; c < g.inPerGroup(); c++) {
            int plane = xOff + c * inH * inW;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                int ih0 = ki * g.dilationH() - g.padH();
                for (int kj = 0; kj < g.kernelW(); kj++, row += ld) {
                    int iw0 = kj * g.dilationW() - g.padW();
                    // output columns [lo, hi) read inside the input; the rest read padding
                    int lo = firstInside(iw0, sw, outW);
                    int hi = Math.max(lo, endInside(iw0, sw, inW, outW));
                    for (int oh = 0, d = row; oh < outH; oh++, d += outW) {
                        int ih = oh * sh + ih0;
                        boolean inside = ih >= 0 && ih < inH;
                        int s = plane + ih * inW + iw0;
                        if (!toColumns) {
                            if (inside) {
                                addRow(col, d, x, s, sw, lo, hi);
                            }
                        } else if (!inside) {
                            Arrays.fill(col, d, d + outW, 0f);
                        } else {
                            Arrays.fill(col, d, d + lo, 0f);
                            copyRow(x, s, sw, col, d, lo, hi);
                            Arrays.fill(col, d + hi, d + outW, 0f);
                        }
                    }
                }
            }
        }
    }

    private static void copyRow(float[] x, int s, int sw, float[] col, int d, int lo, int hi) {
        if (sw == 1) {
            if (hi > lo) {
                System.arraycopy(x, s + lo, col, d + lo, hi - lo);
            }
        } else {
            for (int ow = lo; ow < hi; ow++) {
                col[d + ow] = x[s + ow * sw];
            }
        }
    }

    private static void addRow(float[] col, int d, float[] x, int s, int sw, int lo, int hi) {
        if (sw == 1) {
            for (int ow = lo; ow < hi; ow++) {
                x[s + ow] += col[d + ow];
            }
        } else {
            for (int ow = lo; ow < hi; ow++) {
                x[s + ow * sw] += col[d + ow];
            }
        }
    }

    /** The first output index whose input index {@code ow * stride + start} is not negative (at most outSize). */
    static int firstInside(int start, int stride, int outSize) {
        return start >= 0 ? 0 : Math.min(outSize, (-start + stride - 1) / stride);
    }

    /** One past the last output index whose input index {@code ow * stride + start} is below {@code inSize}. */
    static int endInside(int start, int stride, int inSize, int outSize) {
        int last = inSize - 1 - start;
        return last < 0 ? 0 : Math.min(outSize, last / stride + 1);
    }
}
