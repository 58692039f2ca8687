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
 * The input gradient ({@link PhaseConv}), the forward and the weight gradient ({@link PhaseForward}) by stride
 * phases against a direct loop, on every geometry of a grid, whether or not the convolution kernels would choose
 * them for it.
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
                            int outChannels = new int[] {3, 16, 8}[checked % 3];
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
    void inputGradientChosenForTheAutoencodersSecondConvolutionOnly() {
        assumeTrue(VectorSupport.enabled(), "the phases run on the SIMD kernels only");
        // Conv2d(8→16, k3, s2, p1) on 14 x 14: grid 9 x 9 per phase for 7 x 7 outputs
        assertTrue(PhaseConv.applies(new ConvGeometry(256, 8, 14, 14, 16, 7, 7, 3, 3, 2, 2, 1, 1, 1, 1, 1)));
        // Conv2d(16→32, k3, s2) on 7 x 7: grid 5 x 5 for 3 x 3 outputs
        assertFalse(PhaseConv.applies(new ConvGeometry(256, 16, 7, 7, 32, 3, 3, 3, 3, 2, 2, 0, 0, 1, 1, 1)));
        // one input channel, and many output channels
        assertFalse(PhaseConv.applies(new ConvGeometry(256, 1, 28, 28, 8, 14, 14, 3, 3, 2, 2, 1, 1, 1, 1, 1)));
        assertFalse(PhaseConv.applies(new ConvGeometry(256, 64, 14, 14, 128, 7, 7, 4, 4, 2, 2, 1, 1, 1, 1, 1)));
    }

    @Test
    void forwardChosenForFewTapsOnEvenlySplitMaps() {
        assumeTrue(VectorSupport.enabled(), "the phases run on the SIMD kernels only");
        // Conv2d(1→8) and Conv2d(8→16): grids of 15 x 15 for 14 x 14 and 8 x 8 for 7 x 7 outputs
        assertTrue(PhaseForward.applies(new ConvGeometry(256, 1, 28, 28, 8, 14, 14, 3, 3, 2, 2, 1, 1, 1, 1, 1)));
        assertTrue(PhaseForward.applies(new ConvGeometry(256, 8, 14, 14, 16, 7, 7, 3, 3, 2, 2, 1, 1, 1, 1, 1)));
        // a grid of 4 x 4 for 3 x 3 outputs; 64 and 128 output channels; 6 output channels
        assertFalse(PhaseForward.applies(new ConvGeometry(256, 16, 7, 7, 32, 3, 3, 3, 3, 2, 2, 0, 0, 1, 1, 1)));
        assertFalse(PhaseForward.applies(new ConvGeometry(256, 1, 28, 28, 64, 14, 14, 4, 4, 2, 2, 1, 1, 1, 1, 1)));
        assertFalse(PhaseForward.applies(new ConvGeometry(256, 64, 14, 14, 128, 7, 7, 4, 4, 2, 2, 1, 1, 1, 1, 1)));
        assertFalse(PhaseForward.applies(new ConvGeometry(256, 1, 28, 28, 6, 14, 14, 3, 3, 2, 2, 1, 1, 1, 1, 1)));
    }

    @Test
    void weightGradientChosenWhereTheDirectOneDoesNotRun() {
        assumeTrue(VectorSupport.enabled(), "the phases run on the SIMD kernels only");
        ConvGeometry conv1To8 = new ConvGeometry(256, 1, 28, 28, 8, 14, 14, 3, 3, 2, 2, 1, 1, 1, 1, 1);
        ConvGeometry conv8To16 = new ConvGeometry(256, 8, 14, 14, 16, 7, 7, 3, 3, 2, 2, 1, 1, 1, 1, 1);
        assertTrue(PhaseForward.runsWeightGradient(conv1To8));
        assertFalse(ConvKernels.transposedWeightGradient(conv1To8), "the phases sum into [outChannels, taps]");
        assertEquals(!DirectConv.runsWeightGradient(conv8To16), PhaseForward.runsWeightGradient(conv8To16));
    }

    /**
     * The weight gradient's dot products are the same bits before and after the JIT compiles them: each lane's FMAs
     * in column order, then the lanes added in index order. {@code reduceLanes(ADD)} adds in another order once
     * compiled, which made seeded training differ from run to run.
     */
    @Test
    void weightDotProductsAreTheSameBitsInterpretedAndCompiled() {
        assumeTrue(VectorSupport.enabled(), "the phases run on the SIMD kernels only");
        int lanes = VectorSupport.kernels().floatLanes();
        int m = 8;
        int n = 6 * lanes;
        int[] shifts = {0, 3, 17, 40, 41, 64, 5};
        SplittableRandom random = new SplittableRandom(5);
        float[] dy = ConvReference.randoms(random, m * n);
        float[] in = ConvReference.randoms(random, n + 64);
        float[] expected = new float[m * shifts.length];
        for (int c = 0; c < m; c++) {
            for (int t = 0; t < shifts.length; t++) {
                float[] lane = new float[lanes];
                for (int j = 0; j < n; j++) {
                    lane[j % lanes] = Math.fma(dy[c * n + j], in[shifts[t] + j], lane[j % lanes]);
                }
                float sum = 0f;
                for (float v : lane) {
                    sum += v;
                }
                expected[c * shifts.length + t] = sum;
            }
        }
        float[] partial = new float[expected.length];
        // enough calls for C2 to compile the loop partway through
        for (int call = 0; call < 20_000; call++) {
            assertTrue(VectorSupport.kernels().shiftedDot(dy, 0, n, m, in, shifts, n, 0f, partial, 0));
            for (int i = 0; i < expected.length; i++) {
                if (Float.floatToRawIntBits(partial[i]) != Float.floatToRawIntBits(expected[i])) {
                    throw new AssertionError("call " + call + ", element " + i + ": " + partial[i] + ", expected "
                            + expected[i]);
                }
            }
        }
    }

    /**
     * The input gradient (every tile, as the convolution kernels run it, with a bias per input channel as the
     * transposed convolution adds) and the forward ({@link PhaseForward}) against {@link ConvReference#directLoop}.
     */
    private static void check(ConvGeometry g, SplittableRandom random) {
        ConvReference.poisonScratch();
        float[] w = ConvReference.randoms(random, g.weightSize() + 1);
        float[] x = ConvReference.randoms(random, g.batch() * g.inImage() + 2);
        float[] dy = ConvReference.randoms(random, g.batch() * g.outImage() + 3);
        float[] inBias = ConvReference.randoms(random, g.inChannels() + 1);
        float[] outBias = ConvReference.randoms(random, g.outChannels() + 2);
        float[] dx = new float[g.batch() * g.inImage() + 3];
        Arrays.fill(dx, Float.NaN);
        float[] phaseWeights = PhaseConv.phaseWeights(g, w, 1);
        ConvKernels.Tiles tiles = new ConvKernels.Tiles(g);
        for (int tile = 0; tile < tiles.count; tile++) {
            PhaseConv.inputGradient(g, phaseWeights, dy, 3, inBias, 1, tiles.first(tile), tiles.size(tile), dx, 2);
        }
        Workspace.give(phaseWeights);
        double[] dxExpected = new double[g.batch() * g.inImage()];
        double[] yExpected = new double[g.batch() * g.outImage()];
        double[] dwExpected = new double[g.weightSize()];
        ConvReference.directLoop(g, w, 1, x, 2, yExpected, dy, 3, dxExpected, dwExpected);
        ConvReference.addBias(dxExpected, g.inChannels(), g.inPixels(), inBias, 1);
        ConvReference.assertMatches(g + " input gradient", dxExpected, dx, 2,
                g.outChannels() * g.kernelH() * g.kernelW());

        float[] y = new float[g.batch() * g.outImage() + 3];
        Arrays.fill(y, Float.NaN);
        PhaseForward.forward(g, x, 2, w, 1, outBias, 2, y, 2);
        ConvReference.addBias(yExpected, g.outChannels(), g.outPixels(), outBias, 2);
        ConvReference.assertMatches(g + " forward", yExpected, y, 2, g.colRows());

        if (g.outChannels() % 4 == 0) {
            // the tiles' sums into one array, as the first weight-gradient task does: beta 0, then 1
            float[] dw = new float[g.weightSize() + 2];
            Arrays.fill(dw, Float.NaN);
            for (int tile = 0; tile < tiles.count; tile++) {
                PhaseForward.weightGradient(g, x, 2, dy, 3, tiles.first(tile), tiles.size(tile), tile == 0 ? 0f : 1f,
                        dw, 1);
            }
            ConvReference.assertMatches(g + " weight gradient", dwExpected, dw, 1, g.batch() * g.outPixels());
        }
    }
}
