package dev.latent.ops;

import dev.latent.tensor.Tensor;

/**
 * Direct nested-loop convolutions in double precision, written from the definitions (no im2col, no GEMM), with
 * their analytic gradients: the oracle for {@link Convolution}.
 *
 * <p>Both ops pair a "small" map (the convolution's output, the transposed convolution's input) with a "big" one
 * (the convolution's input, the transposed convolution's output): small pixel {@code (a, b)} meets big pixel
 * {@code (a * stride - pad + ki * dilation, b * stride - pad + kj * dilation)} through weight
 * {@code w[small channel, big channel in group, ki, kj]}. A convolution gathers each small pixel from its window;
 * a transposed convolution scatters each small pixel into its window.
 */
final class NaiveConv {
    private NaiveConv() {
    }

    /** Output, input gradient, weight gradient and bias gradient of one convolution. */
    record Result(Tensor y, Tensor dx, Tensor dw, Tensor db) {
    }

    /** {@code conv2d(x, w, b)} and the gradients for output gradient {@code dy}. */
    static Result conv2d(Tensor x, Tensor w, Tensor b, Conv2dSpec s, Tensor dy) {
        return run(false, x, w, b, s, dy);
    }

    /** {@code conv_transpose2d(x, w, b)} and the gradients for output gradient {@code dy}. */
    static Result convTranspose2d(Tensor x, Tensor w, Tensor b, Conv2dSpec s, Tensor dy) {
        return run(true, x, w, b, s, dy);
    }

    private static Result run(boolean transposed, Tensor x, Tensor w, Tensor b, Conv2dSpec s, Tensor dy) {
        int n = x.size(0);
        int kh = w.size(2);
        int kw = w.size(3);
        int smallC = w.size(0);
        int bigPerGroup = w.size(1);
        int bigC = bigPerGroup * s.groups();
        int smallPerGroup = smallC / s.groups();
        int smallH;
        int smallW;
        int bigH;
        int bigW;
        if (transposed) {
            smallH = x.size(2);
            smallW = x.size(3);
            bigH = (smallH - 1) * s.strideH() - 2 * s.padH() + s.dilationH() * (kh - 1) + s.outputPadH() + 1;
            bigW = (smallW - 1) * s.strideW() - 2 * s.padW() + s.dilationW() * (kw - 1) + s.outputPadW() + 1;
        } else {
            bigH = x.size(2);
            bigW = x.size(3);
            smallH = (bigH + 2 * s.padH() - s.dilationH() * (kh - 1) - 1) / s.strideH() + 1;
            smallW = (bigW + 2 * s.padW() - s.dilationW() * (kw - 1) - 1) / s.strideW() + 1;
        }
        int outC = transposed ? bigC : smallC;
        int outH = transposed ? bigH : smallH;
        int outW = transposed ? bigW : smallW;
        float[] xa = x.toArray();
        float[] wa = w.toArray();
        float[] ga = dy.toArray();
        double[] y = new double[n * outC * outH * outW];
        double[] dx = new double[xa.length];
        double[] dw = new double[wa.length];
        for (int i = 0; i < n; i++) {
            for (int cs = 0; cs < smallC; cs++) {
                int grp = cs / smallPerGroup;
                for (int a = 0; a < smallH; a++) {
                    for (int bb = 0; bb < smallW; bb++) {
                        int small = ((i * smallC + cs) * smallH + a) * smallW + bb;
                        for (int cb = 0; cb < bigPerGroup; cb++) {
                            for (int ki = 0; ki < kh; ki++) {
                                for (int kj = 0; kj < kw; kj++) {
                                    int bh = a * s.strideH() - s.padH() + ki * s.dilationH();
                                    int bw = bb * s.strideW() - s.padW() + kj * s.dilationW();
                                    if (bh < 0 || bh >= bigH || bw < 0 || bw >= bigW) {
                                        continue;
                                    }
                                    int big = ((i * bigC + grp * bigPerGroup + cb) * bigH + bh) * bigW + bw;
                                    int wi = ((cs * bigPerGroup + cb) * kh + ki) * kw + kj;
                                    int in = transposed ? small : big;
                                    int out = transposed ? big : small;
                                    y[out] += (double) xa[in] * wa[wi];
                                    dx[in] += (double) ga[out] * wa[wi];
                                    dw[wi] += (double) ga[out] * xa[in];
                                }
                            }
                        }
                    }
                }
            }
        }
        double[] db = new double[outC];
        int plane = outH * outW;
        float[] ba = b == null ? null : b.toArray();
        for (int o = 0; o < y.length; o++) {
            int c = (o / plane) % outC;
            y[o] += ba == null ? 0 : ba[c];
            db[c] += ga[o];
        }
        return new Result(tensor(y, n, outC, outH, outW), tensor(dx, x.shape().toArray()),
                tensor(dw, w.shape().toArray()), tensor(db, outC));
    }

    private static Tensor tensor(double[] values, int... shape) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return Tensor.wrap(f, shape);
    }
}
