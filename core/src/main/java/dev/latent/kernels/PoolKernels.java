package dev.latent.kernels;

import java.util.Arrays;

/**
 * Max and average pooling and nearest-neighbour upsampling, forward and backward, on contiguous arrays of
 * independent planes ({@code [batch * channels, H, W]}). Planes are split into {@link Parallel} tasks; each plane
 * is computed by one task in a fixed order, so results do not depend on the thread count.
 */
public final class PoolKernels {
    /** Aim for at least this many output floats per task. */
    private static final int FLOATS_PER_TASK = 1 << 14;

    private PoolKernels() {
    }

    /**
     * Max pooling: {@code y} gets each window's maximum (NaN wins, as in PyTorch; padding never does) and
     * {@code argmax} its index within the input plane ({@code ih * inW + iw}; the first one on ties).
     */
    public static void maxForward(PoolGeometry g, float[] x, int xOff, float[] y, int yOff, int[] argmax) {
        forPlanes(g.planes(), g.outPixels(), plane -> {
            int in = xOff + plane * g.inPixels();
            int out = plane * g.outPixels();
            for (int oh = 0; oh < g.outH(); oh++) {
                int h0 = oh * g.strideH() - g.padH();
                int hEnd = Math.min(h0 + g.kernelH(), g.inH());
                h0 = Math.max(h0, 0);
                for (int ow = 0; ow < g.outW(); ow++, out++) {
                    int w0 = ow * g.strideW() - g.padW();
                    int wEnd = Math.min(w0 + g.kernelW(), g.inW());
                    w0 = Math.max(w0, 0);
                    float best = Float.NEGATIVE_INFINITY;
                    int at = h0 * g.inW() + w0;
                    for (int ih = h0; ih < hEnd; ih++) {
                        for (int iw = w0; iw < wEnd; iw++) {
                            float v = x[in + ih * g.inW() + iw];
                            if (v > best || Float.isNaN(v)) {
                                best = v;
                                at = ih * g.inW() + iw;
                            }
                        }
                    }
                    y[yOff + out] = best;
                    argmax[out] = at;
                }
            }
        });
    }

    /** Max pooling backward: routes each output gradient to its window's argmax; overwrites {@code dx}. */
    public static void maxBackward(PoolGeometry g, float[] dy, int dyOff, int[] argmax, float[] dx, int dxOff) {
        forPlanes(g.planes(), g.inPixels(), plane -> {
            int in = dxOff + plane * g.inPixels();
            Arrays.fill(dx, in, in + g.inPixels(), 0f);
            for (int o = plane * g.outPixels(), end = o + g.outPixels(); o < end; o++) {
                dx[in + argmax[o]] += dy[dyOff + o];
            }
        });
    }

    /** Average pooling with zero padding counted in the divisor ({@code kernelH * kernelW}), as PyTorch's default. */
    public static void avgForward(PoolGeometry g, float[] x, int xOff, float[] y, int yOff) {
        forPlanes(g.planes(), g.outPixels(), plane -> average(g, x, xOff + plane * g.inPixels(), y,
                yOff + plane * g.outPixels(), false));
    }

    /** Average pooling backward (divisor {@code kernelH * kernelW}); overwrites {@code dx}. */
    public static void avgBackward(PoolGeometry g, float[] dy, int dyOff, float[] dx, int dxOff) {
        forPlanes(g.planes(), g.inPixels(), plane -> {
            int in = dxOff + plane * g.inPixels();
            Arrays.fill(dx, in, in + g.inPixels(), 0f);
            average(g, dx, in, dy, dyOff + plane * g.outPixels(), true);
        });
    }

    /** One plane: {@code out[o] = mean(in[window o])}, or with {@code backward} {@code in[window o] += out[o] / size}. */
    private static void average(PoolGeometry g, float[] in, int inOff, float[] out, int outOff, boolean backward) {
        float scale = 1f / (g.kernelH() * g.kernelW());
        int o = outOff;
        for (int oh = 0; oh < g.outH(); oh++) {
            int h0 = Math.max(oh * g.strideH() - g.padH(), 0);
            int hEnd = Math.min(oh * g.strideH() - g.padH() + g.kernelH(), g.inH());
            for (int ow = 0; ow < g.outW(); ow++, o++) {
                int w0 = Math.max(ow * g.strideW() - g.padW(), 0);
                int wEnd = Math.min(ow * g.strideW() - g.padW() + g.kernelW(), g.inW());
                float v = backward ? out[o] * scale : 0f;
                float s = 0f;
                for (int ih = h0; ih < hEnd; ih++) {
                    int row = inOff + ih * g.inW();
                    for (int iw = w0; iw < wEnd; iw++) {
                        if (backward) {
                            in[row + iw] += v;
                        } else {
                            s += in[row + iw];
                        }
                    }
                }
                if (!backward) {
                    out[o] = s * scale;
                }
            }
        }
    }

    /** Nearest upsampling by integer factors: {@code y[oh, ow] = x[oh / scaleH, ow / scaleW]}. */
    public static void upsampleNearestForward(int planes, int inH, int inW, int scaleH, int scaleW, float[] x,
                                              int xOff, float[] y, int yOff) {
        int outW = inW * scaleW;
        int outPixels = inH * scaleH * outW;
        forPlanes(planes, outPixels, plane -> {
            int in = xOff + plane * inH * inW;
            int out = yOff + plane * outPixels;
            for (int ih = 0; ih < inH; ih++, in += inW) {
                int first = out;
                for (int iw = 0; iw < inW; iw++) {
                    Arrays.fill(y, out, out + scaleW, x[in + iw]);
                    out += scaleW;
                }
                for (int r = 1; r < scaleH; r++, out += outW) {
                    System.arraycopy(y, first, y, out, outW);
                }
            }
        });
    }

    /** Nearest upsampling backward: each input gradient is the sum of its {@code scaleH x scaleW} block. */
    public static void upsampleNearestBackward(int planes, int inH, int inW, int scaleH, int scaleW, float[] dy,
                                               int dyOff, float[] dx, int dxOff) {
        int outW = inW * scaleW;
        int outPixels = inH * scaleH * outW;
        forPlanes(planes, inH * inW, plane -> {
            int in = dxOff + plane * inH * inW;
            int out = dyOff + plane * outPixels;
            for (int ih = 0; ih < inH; ih++) {
                for (int iw = 0; iw < inW; iw++) {
                    int block = out + ih * scaleH * outW + iw * scaleW;
                    float s = 0f;
                    for (int r = 0; r < scaleH; r++) {
                        for (int c = 0; c < scaleW; c++) {
                            s += dy[block + r * outW + c];
                        }
                    }
                    dx[in + ih * inW + iw] = s;
                }
            }
        });
    }

    /** Runs {@code body} for every plane, grouping planes into tasks of about {@link #FLOATS_PER_TASK} floats. */
    private static void forPlanes(int planes, int floatsPerPlane, java.util.function.IntConsumer body) {
        int per = Math.max(1, FLOATS_PER_TASK / Math.max(1, floatsPerPlane));
        int tasks = ConvKernels.ceilDiv(planes, per);
        Parallel.forEach(tasks, task -> {
            for (int p = task * per, end = Math.min(planes, p + per); p < end; p++) {
                body.accept(p);
            }
        });
    }
}
