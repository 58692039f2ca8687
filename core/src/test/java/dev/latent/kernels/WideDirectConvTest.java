package dev.latent.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The wide direct convolution ({@link WideDirectConv}) and the input gradient by phases on its kernel
 * ({@link WidePhaseConv}) against a direct loop in double, on grids of geometries (strides, padding, dilation, odd
 * sizes, batches that leave a short last block of pixels), and which layers take them.
 */
class WideDirectConvTest {
    @ParameterizedTest(name = "{0} input channels")
    @ValueSource(ints = {16, 21})
    void matchesDirectLoopForAnyStridePaddingAndDilation(int inChannels) {
        assumeTrue(VectorSupport.enabled(), "the wide direct convolution runs on the SIMD kernels only");
        int width = 4 * VectorSupport.kernels().floatLanes();
        SplittableRandom random = new SplittableRandom(inChannels);
        int checked = 0;
        for (int[] size : new int[][] {{7, 5}, {14, 14}, {1, 3}}) {
            for (int[] k : new int[][] {{1, 1}, {3, 3}, {4, 4}, {2, 3}}) {
                for (int stride = 1; stride <= 2; stride++) {
                    for (int pad = 0; pad <= 1; pad++) {
                        for (int dil = 1; dil <= 2; dil++) {
                            int sw = 1 + (stride + pad) % 3;
                            int dw = 3 - dil; // dilation 2 along the width: one run per kernel position
                            int outH = ConvGeometry.convOutputSize(size[0], k[0], stride, pad, dil);
                            int outW = ConvGeometry.convOutputSize(size[1], k[1], sw, pad, dw);
                            if (outH < 1 || outW < 1) {
                                continue;
                            }
                            int outChannels = width * (1 + checked % 2);
                            int batch = 1 + checked % 4;
                            check(new ConvGeometry(batch, inChannels, size[0], size[1], outChannels, outH, outW,
                                    k[0], k[1], stride, sw, pad, pad, dil, dw, 1), random);
                            checked++;
                        }
                    }
                }
            }
        }
        assertTrue(checked > 60, checked + " geometries");
    }

    @ParameterizedTest(name = "{0} output channels")
    @ValueSource(ints = {16, 21})
    void inputGradientByPhasesMatchesDirectLoop(int outChannels) {
        assumeTrue(VectorSupport.enabled(), "the wide direct convolution runs on the SIMD kernels only");
        int width = 4 * VectorSupport.kernels().floatLanes();
        SplittableRandom random = new SplittableRandom(outChannels);
        int checked = 0;
        for (int[] size : new int[][] {{14, 14}, {6, 4}, {2, 2}}) {
            for (int[] k : new int[][] {{4, 4}, {2, 2}, {4, 2}, {3, 3}}) {
                for (int stride = 1; stride <= 2; stride++) {
                    for (int pad = 0; pad <= 2; pad++) {
                        int sw = k[1] % 2 == 0 ? 2 : 1;
                        int outH = ConvGeometry.convOutputSize(size[0], k[0], stride, pad, 1);
                        int outW = ConvGeometry.convOutputSize(size[1], k[1], sw, pad, 1);
                        if (outH < 1 || outW < 1) {
                            continue;
                        }
                        ConvGeometry g = new ConvGeometry(1 + checked % 3, width * (1 + checked % 2), size[0],
                                size[1], outChannels, outH, outW, k[0], k[1], stride, sw, pad, pad, 1, 1, 1);
                        if (!WidePhaseConv.applies(g)) {
                            continue;
                        }
                        checkInputGradient(g, random);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 20, checked + " geometries");
    }

    @Test
    void chosenForWideLayersWithManyInputChannels() {
        assumeTrue(VectorSupport.enabled(), "the wide direct convolution runs on the SIMD kernels only");
        // Conv2d(64→128, k4, s2, p1): the VAE's and DCGAN discriminator's second convolution
        assertTrue(WideDirectConv.applies(new ConvGeometry(256, 64, 14, 14, 128, 7, 7, 4, 4, 2, 2, 1, 1, 1, 1, 1)));
        // one input channel: Conv2d(1→64); output channels not in groups of four vectors; grouped
        assertFalse(WideDirectConv.applies(new ConvGeometry(256, 1, 28, 28, 64, 14, 14, 4, 4, 2, 2, 1, 1, 1, 1, 1)));
        assertFalse(WideDirectConv.applies(new ConvGeometry(256, 64, 14, 14, 40, 7, 7, 4, 4, 2, 2, 1, 1, 1, 1, 1)));
        assertFalse(WideDirectConv.applies(new ConvGeometry(256, 64, 14, 14, 128, 7, 7, 4, 4, 2, 2, 1, 1, 1, 1, 2)));
        // its input gradient (the transposed convolution ConvT(128→64)) by phases: 64 input channels, k4 and 14
        // divide by the stride; not the first layer's (one input channel) nor a 3 x 3 kernel at stride 2
        assertTrue(WidePhaseConv.applies(new ConvGeometry(256, 64, 14, 14, 128, 7, 7, 4, 4, 2, 2, 1, 1, 1, 1, 1)));
        assertFalse(WidePhaseConv.applies(new ConvGeometry(256, 1, 28, 28, 64, 14, 14, 4, 4, 2, 2, 1, 1, 1, 1, 1)));
        assertFalse(WidePhaseConv.applies(new ConvGeometry(256, 64, 14, 14, 128, 7, 7, 3, 3, 2, 2, 1, 1, 1, 1, 1)));
        // images too large for the per-shape tables (64 x 256 x 256 input elements): the GEMM path
        ConvGeometry large = new ConvGeometry(2, 64, 256, 256, 128, 128, 128, 4, 4, 2, 2, 1, 1, 1, 1, 1);
        assertFalse(WideDirectConv.applies(large));
        assertFalse(WidePhaseConv.applies(large));
    }

    /**
     * The input gradient by phases, tile by tile as the convolution kernels run it, with a bias per input channel as
     * the transposed convolution adds, against {@link ConvReference#directLoop}.
     */
    private static void checkInputGradient(ConvGeometry g, SplittableRandom random) {
        ConvReference.poisonScratch();
        float[] w = ConvReference.randoms(random, g.weightSize() + 1);
        float[] dy = ConvReference.randoms(random, g.batch() * g.outImage() + 3);
        float[] bias = ConvReference.randoms(random, g.inChannels() + 1);
        float[] dx = new float[g.batch() * g.inImage() + 3];
        Arrays.fill(dx, Float.NaN);
        float[] phaseWeights = WidePhaseConv.phaseWeights(g, w, 1);
        ConvKernels.Tiles tiles = new ConvKernels.Tiles(g);
        for (int tile = 0; tile < tiles.count; tile++) {
            WidePhaseConv.inputGradient(g, phaseWeights, dy, 3, bias, 1, tiles.first(tile), tiles.size(tile), dx, 2);
        }
        Workspace.give(phaseWeights);
        double[] expected = new double[g.batch() * g.inImage()];
        ConvReference.directLoop(g, w, 1, new float[g.batch() * g.inImage()], 0,
                new double[g.batch() * g.outImage()], dy, 3, expected, new double[g.weightSize()]);
        ConvReference.addBias(expected, g.inChannels(), g.inPixels(), bias, 1);
        ConvReference.assertMatches(g + " input gradient", expected, dx, 2,
                g.outChannels() * g.kernelH() * g.kernelW());
    }

    /** The forward with a bias, at offsets, against {@link ConvReference#directLoop}; nothing written outside. */
    private static void check(ConvGeometry g, SplittableRandom random) {
        ConvReference.poisonScratch();
        float[] w = ConvReference.randoms(random, g.weightSize() + 1);
        float[] x = ConvReference.randoms(random, g.batch() * g.inImage() + 2);
        float[] bias = ConvReference.randoms(random, g.outChannels() + 2);
        float[] y = new float[g.batch() * g.outImage() + 3];
        Arrays.fill(y, Float.NaN);
        WideDirectConv.forward(g, x, 2, w, 1, bias, 2, y, 2);
        double[] expected = new double[g.batch() * g.outImage()];
        ConvReference.directLoop(g, w, 1, x, 2, expected, new float[g.batch() * g.outImage()], 0,
                new double[g.batch() * g.inImage()], new double[g.weightSize()]);
        ConvReference.addBias(expected, g.outChannels(), g.outPixels(), bias, 2);
        ConvReference.assertMatches(g + " forward", expected, y, 2, g.colRows());
    }
}
