package dev.latent.kernels;

import java.util.Arrays;

/**
 * The convolution forward, and its weight gradient, as stride-1 products over the input's stride phases; the
 * input gradient's twin is {@link PhaseConv}. The padded input of each channel is split into its
 * {@code stride x stride} phases (one gather per channel and phase of a tile), each a grid of
 * {@code ceil((in + 2 * pad) / stride)} positions each way laid out image after image. Tap {@code (kh, kw)} then reads phase {@code (kh * dilation mod s, kw * dilation mod s)}
 * shifted by {@code (kh * dilation / s, kw * dilation / s)} grid positions, a contiguous run for every output pixel
 * of the tile at once, so the product is {@link VectorKernels#shiftedProduct} with the weights transposed
 * ({@code [taps, outChannels]}) and the bias in the accumulators. The output grid has the phase grid's row width;
 * one strided copy per image and channel moves its valid rows to NCHW.
 *
 * <p>The weight gradient reads the same grid: each weight is a dot product of an output channel's gradient, laid
 * out on the output grid with zeros where the grid has no output, with one tap's shifted run
 * ({@link VectorKernels#shiftedDot}), summed over a tile in a fixed order.
 *
 * <p>Every output element is one sum over its taps in a fixed order, so results do not depend on the threads.
 */
final class PhaseForward {
    private static final GeometryPlans<Plan> PLANS = new GeometryPlans<>(PhaseForward::newPlan);

    private PhaseForward() {
    }

    /**
     * Whether {@code g}'s forward runs here: SIMD kernels, one group, output channels in whole register blocks and
     * at most two vectors of them, a phase grid at most 1.5 times the output map, and few enough taps that the runs
     * one column block reads fit in a 48 KB L1 (256 taps at 16 lanes). Measured at batch 256 on 1 thread (ms,
     * against the path it replaces): Conv2d(1→8, k3, s2, p1) 0.82-0.87 → 0.36-0.40 (GEMM) and Conv2d(8→16, k3, s2,
     * p1) 0.95 → 0.84 ({@link DirectConv}). Slower: Conv2d(16→32, k3, s2) on a 7 x 7 map, a grid of 16 for 9
     * outputs (0.40 → 0.73), and Conv2d(64→128, k4, s2, p1) with 1,024 taps (59 → 71). Level: Conv2d(1→64), whose
     * transposed twin's backward then lost the columns it shares with the weight gradient (1 thread 9.1 → 10.8).
     */
    static boolean applies(ConvGeometry g) {
        if (!VectorSupport.enabled() || g.groups() != 1 || g.outChannels() % PhaseConv.CHANNEL_BLOCK != 0
                || g.outChannels() > 2 * VectorSupport.kernels().floatLanes()
                || (long) g.colRows() * VectorSupport.kernels().shiftedProductColumns() > L1_FLOATS) {
            return false;
        }
        long grid = (long) PhaseConv.phases(g.inH(), g.padH(), g.strideH())
                * PhaseConv.phases(g.inW(), g.padW(), g.strideW());
        return 2 * grid <= 3L * g.outPixels();
    }

    /** Floats in the core's L1 data cache (48 KB). */
    private static final int L1_FLOATS = 12 * 1024;

    /** {@code y = conv(x, w) + bias}, overwriting {@code y}; only call when {@link #applies}. */
    static void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias, int bOff,
                        float[] y, int yOff) {
        Plan plan = PLANS.of(g);
        float[] wT = ConvKernels.transposedWeights(g, w, wOff);
        ConvKernels.Tiles tiles = new ConvKernels.Tiles(g);
        try {
            Parallel.forEach(tiles.count, tile -> {
                int n0 = tiles.first(tile);
                int images = tiles.size(tile);
                int used = images * plan.gridPixels();
                float[] grid = Workspace.take(plan.regions() * plan.regionStride());
                float[] out = Workspace.take(g.outChannels() * plan.outStride());
                try {
                    split(plan, x, xOff + n0 * g.inImage(), used, grid);
                    PhaseConv.product(wT, 0, g.colRows(), g.outChannels(), grid, plan.shifts(), bias, bOff, out, 0,
                            plan.outStride(), PhaseConv.roundedColumns(used));
                    // the valid rows of the output grid to NCHW, one strided copy per image and channel
                    for (int i = 0; i < images; i++) {
                        for (int c = 0; c < g.outChannels(); c++) {
                            ChunkKernels.copy(out, c * plan.outStride() + i * plan.gridPixels(), plan.width(), y,
                                    yOff + (n0 + i) * g.outImage() + c * g.outPixels(), g.outW(), g.outH(),
                                    g.outW(), 0f);
                        }
                    }
                } finally {
                    Workspace.give(out);
                    Workspace.give(grid);
                }
            });
        } finally {
            Workspace.give(wT);
        }
    }

    /**
     * Whether {@link #weightGradient} runs {@code g}: as {@link #applies}, unless {@link DirectConv} runs it (a whole
     * register block of taps). Measured at batch 256 on 1 thread, 2 rounds (ms): in place of the GEMM, Conv2d(1→8)'s
     * backward 1.62-1.63 → 1.18-1.38 and ConvT(8→1)'s 1.00-1.19 → 0.81-0.88; in place of the direct weight
     * gradient, Conv2d(8→16)'s backward 1.40-1.60 against 1.58-1.80 and ConvT(16→8)'s 1.88-1.98 against 1.91-2.28.
     */
    static boolean runsWeightGradient(ConvGeometry g) {
        return applies(g) && !DirectConv.runsWeightGradient(g);
    }

    /**
     * The weight gradient of images {@code [n0, n0 + images)}: {@code partial[pOff + c * colRows + t]} ({@code beta}
     * 0 overwrites, 1 adds) gets {@code sum dy[c, pixel] * x[window of pixel, tap t]} over the images' pixels, as
     * dot products of the output gradient laid out on the output grid (zero where the grid has no output) with the
     * shifted runs of the input's phase grid. Only call when {@link #runsWeightGradient}.
     */
    static void weightGradient(ConvGeometry g, float[] x, int xOff, float[] dy, int dyOff, int n0, int images,
                               float beta, float[] partial, int pOff) {
        Plan plan = PLANS.of(g);
        int used = images * plan.gridPixels();
        int n = PhaseConv.roundedColumns(used);
        float[] grid = Workspace.take(plan.regions() * plan.regionStride());
        float[] dyGrid = Workspace.take(g.outChannels() * plan.outStride());
        try {
            split(plan, x, xOff + n0 * g.inImage(), used, grid);
            // the runs read past the tile's images: zeros there, not stale (possibly non-finite) scratch
            for (int r = 0; r < plan.regions(); r++) {
                Arrays.fill(grid, r * plan.regionStride() + used, (r + 1) * plan.regionStride(), 0f);
            }
            // zero up to the rounded column count: the dot products read that far
            PhaseConv.toGrid(g, dy, dyOff + n0 * g.outImage(), images, dyGrid, plan.outStride(), plan.gridPixels(),
                    0, plan.width(), n);
            if (!VectorSupport.kernels().shiftedDot(dyGrid, 0, plan.outStride(), g.outChannels(), grid,
                    plan.shifts(), n, beta, partial, pOff)) {
                throw new IllegalStateException("the SIMD kernels do not run the shifted dot products of " + g);
            }
        } finally {
            Workspace.give(dyGrid);
            Workspace.give(grid);
        }
    }

    /** Splits a tile's images (from {@code x[xOff]}) into the phase grid, {@code used} positions per region. */
    private static void split(Plan plan, float[] x, int xOff, int used, float[] grid) {
        for (int r = 0; r < plan.regions(); r++) {
            PhaseConv.gather(x, xOff, plan.split(), plan.splitClamped(), r * plan.maxImages() * plan.gridPixels(),
                    grid, r * plan.regionStride(), used);
        }
    }

    /**
     * The phase grids of a geometry: {@code regions} (input channel, phase) pairs, each {@code regionStride} long
     * in the grid array and holding up to {@code maxImages} images of {@code gridPixels} positions. {@code split}
     * (and {@code splitClamped}, -1 as 0) gives, for region {@code r}, image {@code i} and grid position {@code q}
     * at {@code (r * maxImages + i) * gridPixels + q}, the input element relative to the tile's first image, or -1
     * in the padding. {@code shifts[t]} is where tap {@code t} (the weight's column order) starts in the grid. The
     * product's output has {@code outStride} per channel, and the grid's rows of {@code width}.
     */
    private record Plan(int regions, int regionStride, int maxImages, int width, int gridPixels, int[] split,
                        int[] splitClamped, int[] shifts, int outStride) {
    }

    private static Plan newPlan(ConvGeometry g) {
        int sh = g.strideH();
        int sw = g.strideW();
        int rows = PhaseConv.phases(g.inH(), g.padH(), sh);
        int width = PhaseConv.phases(g.inW(), g.padW(), sw);
        int gridPixels = rows * width;
        int maxImages = ConvKernels.maxTileImages(g);
        int columns = VectorSupport.kernels().shiftedProductColumns();
        int outStride = maxImages * gridPixels + columns;
        int maxShift = PhaseConv.shift(g.kernelH(), g.dilationH(), sh) * width
                + PhaseConv.shift(g.kernelW(), g.dilationW(), sw);
        int regionStride = outStride + maxShift;
        int regions = g.inChannels() * sh * sw;
        int[] split = new int[regions * maxImages * gridPixels];
        int[] splitClamped = new int[split.length];
        for (int c = 0; c < g.inChannels(); c++) {
            for (int a = 0; a < sh; a++) {
                for (int b = 0; b < sw; b++) {
                    int region = (c * sh + a) * sw + b;
                    for (int i = 0; i < maxImages; i++) {
                        for (int r = 0; r < rows; r++) {
                            for (int q = 0; q < width; q++) {
                                int h = r * sh + a - g.padH();
                                int w = q * sw + b - g.padW();
                                boolean inside = h >= 0 && h < g.inH() && w >= 0 && w < g.inW();
                                int at = (region * maxImages + i) * gridPixels + r * width + q;
                                split[at] = inside ? i * g.inImage() + (c * g.inH() + h) * g.inW() + w : -1;
                                splitClamped[at] = Math.max(0, split[at]);
                            }
                        }
                    }
                }
            }
        }
        int[] shifts = new int[g.colRows()];
        for (int c = 0; c < g.inChannels(); c++) {
            for (int kh = 0; kh < g.kernelH(); kh++) {
                for (int kw = 0; kw < g.kernelW(); kw++) {
                    int dh = kh * g.dilationH();
                    int dw = kw * g.dilationW();
                    int region = (c * sh + dh % sh) * sw + dw % sw;
                    shifts[(c * g.kernelH() + kh) * g.kernelW() + kw] = region * regionStride + (dh / sh) * width
                            + dw / sw;
                }
            }
        }
        return new Plan(regions, regionStride, maxImages, width, gridPixels, split, splitClamped, shifts, outStride);
    }
}
