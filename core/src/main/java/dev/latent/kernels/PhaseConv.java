package dev.latent.kernels;

import java.util.Arrays;

/**
 * The convolution's input gradient, which is also the transposed convolution's forward, as stride-1 products over
 * the stride's phases. With stride {@code s}, the padded input positions of one phase {@code (h mod s, w mod s)}
 * each receive the output gradient through the same subset of taps, shifted by whole rows and columns: phase row
 * {@code r} gets {@code w[tap] * dy[r - u]}, where tap row {@code kr} has phase {@code kr * dilation mod s} and shift
 * {@code u = kr * dilation / s}. Laid out on a grid whose rows run end to end, with a zero border so that no shift
 * leaves it, every tap reads a contiguous run of the output gradient: {@link VectorKernels#shiftedProduct} does it
 * with vector loads, and the phases are merged back into NCHW with one gather per image.
 *
 * <p>The GEMM path computes {@code w^T dy} as a column matrix and scatter-adds it into the image; for Conv2d(8→16,
 * k3, s2) at batch 256 on 1 thread the scatter-adds and gathers without a Java frame were 31% of the backward's
 * samples and the GEMM (K = 16 output channels) another 18%. The cost here is a grid larger than the image: for that
 * layer 9 x 9 positions per phase for the 7 x 7 that exist.
 *
 * <p>Every element is one sum over its taps in a fixed order, so results do not depend on the tiles or threads.
 */
final class PhaseConv {
    private static final GeometryPlans<Plan> PLANS = new GeometryPlans<>(PhaseConv::newPlan);

    private PhaseConv() {
    }

    /**
     * Whether {@code g}'s input gradient runs here: SIMD kernels, one group, input channels in whole register blocks,
     * few output channels (at most two vectors: the GEMM path's K) and a grid at most twice the output map. Measured
     * at batch 256 on 1 thread against the GEMM path (ms): Conv2d(8→16, k3, s2, p1)'s backward 2.7 → 1.9 and
     * ConvT(16→8)'s forward 1.40 → 0.82, with a grid of 81 positions per phase for 49 output pixels. Slower:
     * Conv2d(16→32, k3, s2) on a 7 x 7 map, whose grid is 25 positions for 9 (ConvT(32→16) forward 0.60 → 1.11),
     * Conv2d(1→64) with one input channel (4.4 → 7.1) and Conv2d(64→128), a GEMM-bound layer (57 → 63), whose
     * phases run on the wide kernel instead ({@link WidePhaseConv}).
     */
    static boolean applies(ConvGeometry g) {
        if (!VectorSupport.enabled() || g.groups() != 1 || g.inChannels() % CHANNEL_BLOCK != 0
                || g.outChannels() > 2 * VectorSupport.kernels().floatLanes()) {
            return false;
        }
        int width = phases(g.inW(), g.padW(), g.strideW()) + shift(g.kernelW(), g.dilationW(), g.strideW());
        int rows = phases(g.inH(), g.padH(), g.strideH()) + shift(g.kernelH(), g.dilationH(), g.strideH());
        return (long) rows * width <= 2L * g.outPixels();
    }

    /** Output channels of the shifted product's register block ({@code simd.ShiftedProduct}). */
    static final int CHANNEL_BLOCK = 8;

    /** {@code columns} rounded up to whole column blocks of the shifted product. */
    static int roundedColumns(int columns) {
        int block = VectorSupport.kernels().shiftedProductColumns();
        return ConvKernels.ceilDiv(columns, block) * block;
    }

    /** {@link VectorKernels#shiftedProduct} over the whole grid, {@code n} from {@link #roundedColumns}. */
    static void product(float[] wT, int wOff, int taps, int m, float[] grid, int[] shifts, float[] bias, int bOff,
                        float[] out, int outOff, int outStride, int n) {
        if (!VectorSupport.kernels().shiftedProduct(wT, wOff, taps, m, grid, 0, shifts, bias, bOff, out, outOff,
                outStride, n)) {
            throw new IllegalStateException("the SIMD kernels do not run a shifted product of " + n + " columns");
        }
    }

    /** {@link VectorKernels#gather}, whose tables the plans size. */
    static void gather(float[] src, int srcOff, int[] index, int[] clamped, int off, float[] dst, int dstOff,
                       int n) {
        if (!VectorSupport.kernels().gather(src, srcOff, index, clamped, off, dst, dstOff, n)) {
            throw new IllegalStateException("a phase table is shorter than " + n + " entries from " + off);
        }
    }

    /** Positions of a phase along one dimension: the padded input divided by the stride, rounded up. */
    static int phases(int in, int pad, int stride) {
        return ConvKernels.ceilDiv(in + 2 * pad, stride);
    }

    /** The largest shift of a tap along one dimension, in phase positions. */
    static int shift(int kernel, int dilation, int stride) {
        return (kernel - 1) * dilation / stride;
    }

    /**
     * The weights reordered per phase, {@code [taps of the phase, inChannels]} one phase after another, in a
     * workspace array to give back.
     */
    static float[] phaseWeights(ConvGeometry g, float[] w, int wOff) {
        Plan plan = plan(g);
        int m = g.inChannels();
        int kk = g.kernelH() * g.kernelW();
        float[] wT = Workspace.take(g.weightSize());
        int t = 0;
        for (Phase phase : plan.phases()) {
            for (int tapWeight : phase.weightOffsets()) {
                for (int c = 0; c < m; c++) {
                    wT[t * m + c] = w[wOff + tapWeight + c * kk];
                }
                t++;
            }
        }
        return wT;
    }

    /**
     * {@code dx} of images {@code [n0, n0 + images)}, overwritten, from {@code dy} and the weights from
     * {@link #phaseWeights}, plus {@code bias} per input channel (the transposed convolution's; null for none).
     * Correct for any geometry with one group when the SIMD kernels are on; the convolution kernels call it when
     * {@link #applies}.
     */
    static void inputGradient(ConvGeometry g, float[] phaseWeights, float[] dy, int dyOff, float[] bias, int bOff,
                              int n0, int images, float[] dx, int dxOff) {
        Plan plan = plan(g);
        int used = images * plan.imagePixels();
        int n = roundedColumns(used);
        float[] grid = Workspace.take(g.outChannels() * plan.gridStride());
        float[] out = Workspace.take(plan.phases().length * g.inChannels() * plan.outStride());
        try {
            toGrid(g, dy, dyOff + n0 * g.outImage(), images, grid, plan.gridStride(), plan.imagePixels(),
                    plan.border(), plan.width(), used);
            int w = 0;
            for (int p = 0; p < plan.phases().length; p++) {
                Phase phase = plan.phases()[p];
                int taps = phase.shifts().length;
                product(phaseWeights, w, taps, g.inChannels(), grid, phase.shifts(), bias, bOff, out,
                        p * g.inChannels() * plan.outStride(), plan.outStride(), n);
                w += taps * g.inChannels();
            }
            for (int i = 0; i < images; i++) {
                gather(out, i * plan.imagePixels(), plan.merge(), plan.merge(), 0, dx, dxOff + (n0 + i) * g.inImage(),
                        g.inImage());
            }
        } finally {
            Workspace.give(out);
            Workspace.give(grid);
        }
    }

    /**
     * Lays the output-shaped planes of {@code images} images (from {@code dy[dyOff]}) onto a grid: channel
     * {@code c}'s region starts at {@code c * channelStride} and has its first {@code zeroed} floats zeroed, image
     * {@code i}'s plane lands at {@code i * imageStride + offset} in rows of {@code width}. The input gradient's grid
     * has a border ({@code offset}); the weight gradient's output grid has none.
     */
    static void toGrid(ConvGeometry g, float[] dy, int dyOff, int images, float[] grid, int channelStride,
                       int imageStride, int offset, int width, int zeroed) {
        for (int c = 0; c < g.outChannels(); c++) {
            int region = c * channelStride;
            Arrays.fill(grid, region, region + zeroed, 0f);
            for (int i = 0; i < images; i++) {
                ChunkKernels.copy(dy, dyOff + i * g.outImage() + c * g.outPixels(), g.outW(), grid,
                        region + i * imageStride + offset, width, g.outH(), g.outW(), 0f);
            }
        }
    }

    /**
     * One phase: {@code weightOffsets[t]} is where tap {@code t}'s weight for input channel 0 lies in
     * {@code w [outChannels, inChannels, kernelH, kernelW]}, {@code shifts[t]} where its run starts in the grid.
     */
    private record Phase(int[] weightOffsets, int[] shifts) {
    }

    /**
     * The grid of a geometry. Each image is {@code rows x width} positions ({@code imagePixels}): the phase planes
     * ({@code ceil((in + 2 * pad) / stride)} each way) plus the largest shift as a border above and to the left,
     * where the output gradient starts ({@code border}). A channel's region of the output-gradient grid is
     * {@code gridStride} long and one of the phase outputs {@code outStride}, both with room for the largest tile
     * rounded up to whole column blocks. {@code merge[c * inPixels + h * inW + w]} is where input position
     * {@code (c, h, w)} of an image lies in the phase outputs.
     */
    private record Plan(Phase[] phases, int width, int imagePixels, int border, int gridStride, int outStride,
                        int[] merge) {
    }

    private static Plan plan(ConvGeometry g) {
        return PLANS.of(g);
    }

    private static Plan newPlan(ConvGeometry g) {
        int sh = g.strideH();
        int sw = g.strideW();
        int phaseH = phases(g.inH(), g.padH(), sh);
        int phaseW = phases(g.inW(), g.padW(), sw);
        int shiftH = shift(g.kernelH(), g.dilationH(), sh);
        int shiftW = shift(g.kernelW(), g.dilationW(), sw);
        int width = phaseW + shiftW;
        int imagePixels = (phaseH + shiftH) * width;
        int border = shiftH * width + shiftW;
        int columns = VectorSupport.kernels().shiftedProductColumns();
        int maxImages = ConvKernels.maxTileImages(g);
        int outStride = maxImages * imagePixels + columns;
        int gridStride = outStride + border;
        int kk = g.kernelH() * g.kernelW();
        Phase[] phases = new Phase[sh * sw];
        for (int a = 0; a < sh; a++) {
            for (int b = 0; b < sw; b++) {
                int[] offsets = new int[g.outChannels() * kk];
                int[] shifts = new int[offsets.length];
                int taps = 0;
                for (int oc = 0; oc < g.outChannels(); oc++) {
                    for (int kh = 0; kh < g.kernelH(); kh++) {
                        for (int kw = 0; kw < g.kernelW(); kw++) {
                            int dh = kh * g.dilationH();
                            int dw = kw * g.dilationW();
                            if (dh % sh != a || dw % sw != b) {
                                continue;
                            }
                            offsets[taps] = (oc * g.inChannels() * g.kernelH() + kh) * g.kernelW() + kw;
                            shifts[taps] = oc * gridStride + (shiftH - dh / sh) * width + shiftW - dw / sw;
                            taps++;
                        }
                    }
                }
                phases[a * sw + b] = new Phase(Arrays.copyOf(offsets, taps), Arrays.copyOf(shifts, taps));
            }
        }
        int[] merge = new int[g.inImage()];
        for (int c = 0; c < g.inChannels(); c++) {
            for (int h = 0; h < g.inH(); h++) {
                for (int w = 0; w < g.inW(); w++) {
                    int hp = h + g.padH();
                    int wp = w + g.padW();
                    int phase = (hp % sh) * sw + wp % sw;
                    merge[(c * g.inH() + h) * g.inW() + w] = (phase * g.inChannels() + c) * outStride
                            + (hp / sh) * width + wp / sw;
                }
            }
        }
        return new Plan(phases, width, imagePixels, border, gridStride, outStride, merge);
    }
}
