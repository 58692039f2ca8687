package dev.latent.kernels;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A direct convolution loop in double and the checks the kernel tests share. */
final class ConvReference {
    private ConvReference() {
    }

    /**
     * Leaves NaN-filled arrays in this thread's workspace, so that a kernel reading scratch it did not write fails
     * the comparison instead of passing on zeros.
     */
    static void poisonScratch() {
        float[][] arrays = new float[6][];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = Workspace.take(1 << 16);
            Arrays.fill(arrays[i], Float.NaN);
        }
        for (float[] a : arrays) {
            Workspace.give(a);
        }
    }

    static void addBias(double[] a, int channels, int pixels, float[] bias, int bOff) {
        for (int i = 0; i < a.length; i++) {
            a[i] += bias[bOff + i / pixels % channels];
        }
    }

    /** {@code actual[off + i]} is {@code expected[i]} within float rounding of {@code terms} products. */
    static void assertMatches(String what, double[] expected, float[] actual, int off, int terms) {
        for (int i = 0; i < expected.length; i++) {
            double tolerance = 1e-5 * (1 + Math.abs(expected[i])) * Math.sqrt(terms);
            if (!(Math.abs(actual[off + i] - expected[i]) <= tolerance)) {
                throw new AssertionError(what + ": element " + i + " is " + actual[off + i] + ", expected "
                        + expected[i]);
            }
        }
        assertEquals(Float.NaN, actual[off - 1], what + ": wrote before its offset");
        assertEquals(Float.NaN, actual[actual.length - 1], what + ": wrote past the batch");
    }

    /**
     * {@code y[n, co, oh, ow] += sum w[co, ci, kh, kw] * x[n, ci, h, w]}, {@code dx[n, ci, h, w] += sum w[co, ci,
     * kh, kw] * dy[n, co, oh, ow]} and {@code dw[co, ci, kh, kw] += sum dy[n, co, oh, ow] * x[n, ci, h, w]} over
     * every window position and tap that pairs them.
     */
    static void directLoop(ConvGeometry g, float[] w, int wOff, float[] x, int xOff, double[] y, float[] dy,
                                   int dyOff, double[] dx, double[] dw) {
        for (int n = 0; n < g.batch(); n++) {
            for (int co = 0; co < g.outChannels(); co++) {
                for (int oh = 0; oh < g.outH(); oh++) {
                    for (int ow = 0; ow < g.outW(); ow++) {
                        int out = ((n * g.outChannels() + co) * g.outH() + oh) * g.outW() + ow;
                        float d = dy[dyOff + out];
                        for (int ci = 0; ci < g.inChannels(); ci++) {
                            for (int kh = 0; kh < g.kernelH(); kh++) {
                                int h = oh * g.strideH() - g.padH() + kh * g.dilationH();
                                for (int kw = 0; kw < g.kernelW(); kw++) {
                                    int iw = ow * g.strideW() - g.padW() + kw * g.dilationW();
                                    if (h < 0 || h >= g.inH() || iw < 0 || iw >= g.inW()) {
                                        continue;
                                    }
                                    int tap = ((co * g.inChannels() + ci) * g.kernelH() + kh) * g.kernelW() + kw;
                                    float weight = w[wOff + tap];
                                    int in = ((n * g.inChannels() + ci) * g.inH() + h) * g.inW() + iw;
                                    dx[in] += (double) weight * d;
                                    y[out] += (double) weight * x[xOff + in];
                                    dw[tap] += (double) d * x[xOff + in];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static float[] randoms(SplittableRandom random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return a;
    }
}
