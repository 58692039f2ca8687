package dev.latent.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The input gradient by phases ({@link PhaseConv}) against a direct loop, on every geometry of a grid, whether or
 * not the convolution kernels would choose it for that geometry.
 */
class PhaseConvTest {
    @ParameterizedTest(name = "{0} input channels")
    @ValueSource(ints = {1, 8, 11, 16})
    void matchesDirectLoopForAnyStridePaddingAndDilation(int inChannels) {
        assumeTrue(VectorSupport.enabled(), "the phases run on the SIMD kernels only");
        SplittableRandom random = new SplittableRandom(inChannels);
        int checked = 0;
        for (int[] size : new int[][] {{5, 7}, {13, 13}, {2, 1}}) {
            for (int[] k : new int[][] {{1, 1}, {3, 3}, {2, 3}, {4, 4}}) {
                for (int stride = 1; stride <= 3; stride++) {
                    for (int pad = 0; pad <= 2; pad++) {
                        for (int dil = 1; dil <= 2; dil++) {
                            int sw = 1 + (stride + pad) % 3;
                            int pw = (pad + dil) % 3;
                            int dw = 3 - dil;
                            int outH = ConvGeometry.convOutputSize(size[0], k[0], stride, pad, dil);
                            int outW = ConvGeometry.convOutputSize(size[1], k[1], sw, pw, dw);
                            if (outH < 1 || outW < 1) {
                                continue;
                            }
                            int outChannels = checked % 2 == 0 ? 3 : 16;
                            ConvGeometry g = new ConvGeometry(5, inChannels, size[0], size[1], outChannels, outH,
                                    outW, k[0], k[1], stride, sw, pad, pw, dil, dw, 1);
                            check(g, random);
                            checked++;
                        }
                    }
                }
            }
        }
        assertTrue(checked > 100, checked + " geometries");
    }

    @Test
    void chosenForTheAutoencodersSecondConvolutionOnly() {
        assumeTrue(VectorSupport.enabled(), "the phases run on the SIMD kernels only");
        // Conv2d(8→16, k3, s2, p1) on 14 x 14: grid 9 x 9 per phase for 7 x 7 outputs
        assertTrue(PhaseConv.applies(new ConvGeometry(256, 8, 14, 14, 16, 7, 7, 3, 3, 2, 2, 1, 1, 1, 1, 1)));
        // Conv2d(16→32, k3, s2) on 7 x 7: grid 5 x 5 for 3 x 3 outputs
        assertFalse(PhaseConv.applies(new ConvGeometry(256, 16, 7, 7, 32, 3, 3, 3, 3, 2, 2, 0, 0, 1, 1, 1)));
        // one input channel, and many output channels
        assertFalse(PhaseConv.applies(new ConvGeometry(256, 1, 28, 28, 8, 14, 14, 3, 3, 2, 2, 1, 1, 1, 1, 1)));
        assertFalse(PhaseConv.applies(new ConvGeometry(256, 64, 14, 14, 128, 7, 7, 4, 4, 2, 2, 1, 1, 1, 1, 1)));
    }

    /** Runs every tile of {@code g} as the convolution kernels do and compares with {@link #directLoop}. */
    private static void check(ConvGeometry g, SplittableRandom random) {
        float[] w = randoms(random, g.weightSize());
        float[] dy = randoms(random, g.batch() * g.outImage() + 3);
        float[] dx = new float[g.batch() * g.inImage() + 3];
        Arrays.fill(dx, Float.NaN);
        float[] phaseWeights = PhaseConv.phaseWeights(g, w, 0);
        ConvKernels.Tiles tiles = new ConvKernels.Tiles(g);
        for (int tile = 0; tile < tiles.count; tile++) {
            PhaseConv.inputGradient(g, phaseWeights, dy, 3, tiles.first(tile), tiles.size(tile), dx, 2);
        }
        Workspace.give(phaseWeights);
        double[] expected = directLoop(g, w, dy, 3);
        for (int i = 0; i < expected.length; i++) {
            double tolerance = 1e-5 * (1 + Math.abs(expected[i])) * Math.sqrt(g.outChannels() * g.kernelH()
                    * g.kernelW());
            if (!(Math.abs(dx[2 + i] - expected[i]) <= tolerance)) {
                throw new AssertionError(g + ": element " + i + " is " + dx[2 + i] + ", expected " + expected[i]);
            }
        }
        assertEquals(Float.NaN, dx[0], g + ": wrote before its offset");
        assertEquals(Float.NaN, dx[dx.length - 1], g + ": wrote past the batch");
    }

    /** {@code dx[n, ci, h, w] = sum w[co, ci, kh, kw] * dy[n, co, oh, ow]} over the windows that read it. */
    private static double[] directLoop(ConvGeometry g, float[] w, float[] dy, int dyOff) {
        double[] dx = new double[g.batch() * g.inImage()];
        for (int n = 0; n < g.batch(); n++) {
            for (int co = 0; co < g.outChannels(); co++) {
                for (int oh = 0; oh < g.outH(); oh++) {
                    for (int ow = 0; ow < g.outW(); ow++) {
                        float d = dy[dyOff + ((n * g.outChannels() + co) * g.outH() + oh) * g.outW() + ow];
                        for (int ci = 0; ci < g.inChannels(); ci++) {
                            for (int kh = 0; kh < g.kernelH(); kh++) {
                                int h = oh * g.strideH() - g.padH() + kh * g.dilationH();
                                for (int kw = 0; kw < g.kernelW(); kw++) {
                                    int x = ow * g.strideW() - g.padW() + kw * g.dilationW();
                                    if (h < 0 || h >= g.inH() || x < 0 || x >= g.inW()) {
                                        continue;
                                    }
                                    float weight = w[((co * g.inChannels() + ci) * g.kernelH() + kh) * g.kernelW()
                                            + kw];
                                    dx[((n * g.inChannels() + ci) * g.inH() + h) * g.inW() + x] += (double) weight
                                            * d;
                                }
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }

    private static float[] randoms(SplittableRandom random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return a;
    }
}
