package dev.latent.kernels;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * 2-D convolution kernels on contiguous NCHW arrays: forward, the adjoint (backward-data, which is also the
 * transposed convolution's forward) and the weight gradient, for any stride, padding, dilation and groups. Arrays
 * are addressed by offset; the layouts are {@code x [batch, inChannels, inH, inW]},
 * {@code w [outChannels, inChannels / groups, kernelH, kernelW]} and {@code y [batch, outChannels, outH, outW]} as
 * in {@link ConvGeometry}.
 *
 * <p>Some products skip the column matrix, each where it measured faster: the forward of layers with few taps on
 * maps that split evenly into stride phases ({@link PhaseForward}), the input gradient of layers with few output
 * channels ({@link PhaseConv}), and the forward and weight gradient of layers with one or two vectors of output
 * channels ({@link DirectConv}). Every other product goes through {@link Gemm#sgemm}. The column matrices it
 * multiplies by are gathered through {@link ConvIndex} tables by the GEMM itself while it packs its panels
 * ({@link ConvColumns}, never stored), or built with {@link Im2Col} for geometries too large for a table; the weight
 * gradient multiplies by transposed columns so that neither GEMM operand needs transposing. Images are processed in
 * tiles of several images so that the GEMM's column count ({@code images * outH * outW}) stays wide even for small
 * feature maps. Tiles run as {@link Parallel} tasks whose split depends only on the shape; the weight gradient is
 * reduced from per-task partial sums in task order, so results are bit-identical for any thread count. Scratch
 * arrays come from {@link Workspace}.
 */
public final class ConvKernels {
    /** Aim for GEMMs at least this many columns wide (images per tile times output pixels). */
    static final int TARGET_COLUMNS = 512;
    /** Cap on the floats of one tile's column matrix, to keep it in the core's cache. */
    static final int MAX_COLUMN_FLOATS = 1 << 18;
    /** Split the batch into at least this many tiles when it has that many images, for the threads. */
    static final int MIN_TILES = 4;
    /**
     * Upper bound on tasks computing weight-gradient partial sums (each holds a weight-sized buffer), unless all
     * the partial sums of one task per tile fit in {@link #SMALL_PARTIALS_FLOATS}.
     */
    static final int MAX_WEIGHT_TASKS = 8;
    /** Weight-gradient partial sums up to this many floats in all are kept one per tile. */
    static final int SMALL_PARTIALS_FLOATS = 1 << 18;
    /** Weight-gradient elements per task when the partial sums are added up. */
    private static final int REDUCTION_CHUNK = 1 << 14;
    /** Maps up to this many pixels have their channel sums taken over the batch first ({@link #channelSums}). */
    static final int SMALL_MAP_PIXELS = 64;

    private ConvKernels() {
    }

    /**
     * The number of tiles the batch is split into: enough for tiles of at most {@link #maxTileImages}, at least
     * {@link #MIN_TILES}, and even, so that two threads get the same share. Conv2d(16→32) at batch 256 had 5
     * tiles, and its backward took 0.84-0.92 ms on 2 threads; with 6 tiles and one weight task per tile, 0.53-0.56.
     */
    static int tileCount(ConvGeometry g) {
        int batch = g.batch();
        int count = Math.max(ceilDiv(batch, maxTileImages(g)), Math.min(MIN_TILES, batch));
        return count % 2 == 1 && count > 1 && count < batch ? count + 1 : count;
    }

    /** The most images a tile of this geometry holds, whatever the batch. */
    static int maxTileImages(ConvGeometry g) {
        int pixels = g.outPixels();
        return Math.min(ceilDiv(TARGET_COLUMNS, pixels), Math.max(1, MAX_COLUMN_FLOATS / (g.colRows() * pixels)));
    }

    /**
     * Convolution forward: {@code y = conv(x, w) + bias}, overwriting {@code y}.
     *
     * @param bias per output channel, or null
     */
    public static void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias, int bOff,
                               float[] y, int yOff) {
        if (PhaseForward.applies(g)) {
            PhaseForward.forward(g, x, xOff, w, wOff, bias, bOff, y, yOff);
            return;
        }
        if (DirectConv.applies(g)) {
            DirectConv.forward(g, x, xOff, w, wOff, bias, bOff, y, yOff);
            return;
        }
        if (WideDirectConv.applies(g)) {
            WideDirectConv.forward(g, x, xOff, w, wOff, bias, bOff, y, yOff);
            return;
        }
        forEachTile(g, COLUMNS, (n0, images, s) -> {
            for (int gi = 0; gi < g.groups(); gi++) {
                ImplicitMatrix col = columns(g, x, xOff, n0, images, gi, s);
                product(g, w, wOff, col, n0, images, gi, bias, bOff, s.rows, y, yOff);
            }
        });
    }

    /**
     * The adjoint of the convolution with respect to its input, {@code dx = conv^T(dy, w) + bias}, overwriting
     * {@code dx}: the convolution's input gradient, and the transposed convolution's forward.
     *
     * @param bias per input channel (the transposed convolution's bias), or null
     */
    public static void backwardData(ConvGeometry g, float[] dy, int dyOff, float[] w, int wOff, float[] bias,
                                    int bOff, float[] dx, int dxOff) {
        boolean wide = WidePhaseConv.applies(g);
        if (wide || PhaseConv.applies(g)) {
            float[] phaseWeights = wide ? WidePhaseConv.phaseWeights(g, w, wOff) : PhaseConv.phaseWeights(g, w, wOff);
            try {
                Tiles tiles = new Tiles(g);
                Parallel.forEach(tiles.count, tile -> {
                    if (wide) {
                        WidePhaseConv.inputGradient(g, phaseWeights, dy, dyOff, bias, bOff, tiles.first(tile),
                                tiles.size(tile), dx, dxOff);
                    } else {
                        PhaseConv.inputGradient(g, phaseWeights, dy, dyOff, bias, bOff, tiles.first(tile),
                                tiles.size(tile), dx, dxOff);
                    }
                });
            } finally {
                Workspace.give(phaseWeights);
            }
            return;
        }
        float[] wT = transposedWeights(g, w, wOff);
        try {
            forEachTile(g, ADJOINT, (n0, images, s) -> {
                boolean overwrites = adjointOverwrites(g, images);
                if (!overwrites) {
                    Arrays.fill(dx, dxOff + n0 * g.inImage(), dxOff + (n0 + images) * g.inImage(), 0f);
                }
                for (int gi = 0; gi < g.groups(); gi++) {
                    if (overwrites) {
                        summedAdjoint(g, wT, dy, dyOff, n0, images, gi, s.col, dx, dxOff);
                    } else {
                        Operand b = outputRows(g, dy, dyOff, n0, images, gi, s.rows);
                        adjoint(g, wT, b, n0, images, gi, s.col, dx, dxOff);
                    }
                }
                if (bias != null) {
                    addChannelBias(dx, dxOff + n0 * g.inImage(), images, g.inChannels(), g.inPixels(), bias, bOff);
                }
            });
        } finally {
            Workspace.give(wT);
        }
    }

    /**
     * Convolution backward: the input gradient {@code dx} (overwritten; null to skip) and the weight gradient
     * {@code dw} (overwritten; null to skip) from the output gradient {@code dy}.
     */
    public static void backward(ConvGeometry g, float[] x, int xOff, float[] dy, int dyOff, float[] w, int wOff,
                                float[] dx, int dxOff, float[] dw, int dwOff) {
        if (dw == null) {
            if (dx != null) {
                backwardData(g, dy, dyOff, w, wOff, null, 0, dx, dxOff);
            }
            return;
        }
        // the input gradient by phases (wide or narrow), or as a GEMM into a column matrix summed back (the adjoint)
        boolean widePhases = dx != null && WidePhaseConv.applies(g);
        boolean phases = dx != null && !widePhases && PhaseConv.applies(g);
        boolean columnAdjoint = dx != null && !phases && !widePhases;
        float[] wT = widePhases ? WidePhaseConv.phaseWeights(g, w, wOff) : phases ? PhaseConv.phaseWeights(g, w, wOff)
                : columnAdjoint ? transposedWeights(g, w, wOff) : null;
        boolean weightsReadDy = weightsReadOutputGradient(g);
        try {
            forEachTileReducingWeights(g, columnAdjoint ? ADJOINT | COLUMNS_T : COLUMNS_T, dw, dwOff,
                    (n0, images, s, beta, partial, pOff) -> {
                        if (widePhases) {
                            WidePhaseConv.inputGradient(g, wT, dy, dyOff, null, 0, n0, images, dx, dxOff);
                        } else if (phases) {
                            PhaseConv.inputGradient(g, wT, dy, dyOff, null, 0, n0, images, dx, dxOff);
                        } else if (columnAdjoint && !adjointOverwrites(g, images)) {
                            Arrays.fill(dx, dxOff + n0 * g.inImage(), dxOff + (n0 + images) * g.inImage(), 0f);
                        }
                        for (int gi = 0; gi < g.groups(); gi++) {
                            Operand b = columnAdjoint || !weightsReadDy && !weightRowsInPlace(g)
                                    ? outputRows(g, dy, dyOff, n0, images, gi, s.rows) : null;
                            if (columnAdjoint) {
                                adjoint(g, wT, b, n0, images, gi, s.col, dx, dxOff);
                            }
                            weightGradient(g, b, dy, dyOff, x, xOff, n0, images, gi, s, beta, partial, pOff);
                        }
                    });
        } finally {
            if (wT != null) {
                Workspace.give(wT);
            }
        }
    }

    /**
     * Transposed-convolution backward, in this geometry's terms (the transposed convolution maps this geometry's
     * output {@code t} to its input {@code u}): the gradient with respect to {@code t} is the convolution of the
     * output gradient {@code du} ({@code dt}, overwritten; null to skip), and the weight gradient is that of a
     * convolution with input {@code du} and output gradient {@code t} ({@code dw}, overwritten; null to skip).
     */
    public static void transposedBackward(ConvGeometry g, float[] t, int tOff, float[] du, int duOff, float[] w,
                                          int wOff, float[] dt, int dtOff, float[] dw, int dwOff) {
        // dt is the plain convolution forward: run it as such unless it can share tiles with the weight gradient's
        // columns (GEMM path)
        boolean weightsReadDy = weightsReadOutputGradient(g);
        boolean separate = dw == null || DirectConv.applies(g) || WideDirectConv.applies(g)
                || PhaseForward.applies(g);
        if (dt != null && separate) {
            forward(g, du, duOff, w, wOff, null, 0, dt, dtOff);
        }
        if (dw == null) {
            return;
        }
        boolean withData = dt != null && !separate;
        forEachTileReducingWeights(g, withData ? COLUMNS | COLUMNS_T : COLUMNS_T, dw, dwOff,
                (n0, images, s, beta, partial, pOff) -> {
                    for (int gi = 0; gi < g.groups(); gi++) {
                        if (withData) {
                            ImplicitMatrix col = columns(g, du, duOff, n0, images, gi, s);
                            product(g, w, wOff, col, n0, images, gi, null, 0, s.rows, dt, dtOff);
                        }
                        Operand b = weightsReadDy || weightRowsInPlace(g)
                                ? null : outputRows(g, t, tOff, n0, images, gi, s.rows);
                        weightGradient(g, b, t, tOff, du, duOff, n0, images, gi, s, beta, partial, pOff);
                    }
                });
    }

    /**
     * Per-channel sums of a {@code [batch, channels, pixels]} array into {@code out[outOff + c]} (overwritten): the
     * bias gradient. Each channel is summed in double in a fixed order: image by image (vector lanes when SIMD is
     * enabled), or, for maps of at most {@link #SMALL_MAP_PIXELS} pixels, pixel position by pixel position over the
     * batch and then across positions.
     */
    public static void channelSums(int batch, int channels, int pixels, float[] a, int aOff, float[] out,
                                   int outOff) {
        int tasks = Math.min(channels, 8);
        Parallel.forEach(tasks, task -> {
            int c0 = task * channels / tasks;
            int c1 = (task + 1) * channels / tasks;
            if (pixels <= SMALL_MAP_PIXELS) {
                smallMapChannelSums(batch, channels, pixels, a, aOff, c0, c1, out, outOff);
                return;
            }
            for (int c = c0; c < c1; c++) {
                double total = 0;
                for (int n = 0; n < batch; n++) {
                    total += ReduceKernels.sum(a, aOff + (n * channels + c) * pixels, pixels);
                }
                out[outOff + c] = (float) total;
            }
        });
    }

    /**
     * {@link #channelSums} of channels {@code [c0, c1)} on a small map: their pixels are one contiguous run per
     * image, added over the batch into double sums per position (a loop the JIT vectorizes), where a reduction per
     * image and channel cost more than its 9 or 49 additions.
     */
    /**
     * Per-thread sums by position for {@link #smallMapChannelSums}, reused: a fresh array per task was most of the
     * 64 KB that Conv2d(64→128)'s backward allocated per call (JMH {@code -prof gc}).
     */
    private static final ThreadLocal<double[]> POSITION_SUMS = ThreadLocal.withInitial(() -> new double[0]);

    private static void smallMapChannelSums(int batch, int channels, int pixels, float[] a, int aOff, int c0, int c1,
                                            float[] out, int outOff) {
        int run = (c1 - c0) * pixels;
        double[] sums = POSITION_SUMS.get();
        if (sums.length < run) {
            sums = new double[run];
            POSITION_SUMS.set(sums);
        } else {
            Arrays.fill(sums, 0, run, 0.0);
        }
        for (int n = 0; n < batch; n++) {
            int from = aOff + (n * channels + c0) * pixels;
            for (int i = 0; i < run; i++) {
                sums[i] += a[from + i];
            }
        }
        for (int c = c0; c < c1; c++) {
            double total = 0;
            for (int p = (c - c0) * pixels; p < (c - c0 + 1) * pixels; p++) {
                total += sums[p];
            }
            out[outOff + c] = (float) total;
        }
    }

    // ------------------------------------------------------------------ steps

    /**
     * The column matrix of {@code images} images (group {@code gi}) side by side, {@code [colRows, images * P]}:
     * gathered by the GEMM while it packs when the geometry has a {@link ConvIndex} table, else built in
     * {@code s.col}.
     */
    private static ImplicitMatrix columns(ConvGeometry g, float[] x, int xOff, int n0, int images, int gi,
                                          Scratch s) {
        int first = xOff + n0 * g.inImage() + gi * g.inPerGroup() * g.inPixels();
        if (ConvIndex.fits(g)) {
            return ConvColumns.of(ConvIndex.of(g), g, x, first, images);
        }
        int pixels = g.outPixels();
        int ld = images * pixels;
        for (int i = 0; i < images; i++) {
            Im2Col.im2col(g, x, first + i * g.inImage(), s.col, i * pixels, ld);
        }
        return ConvColumns.stored(s.col, 0, ld, g.colRows(), ld);
    }

    /**
     * The transposed column matrices of {@code images} images (group {@code gi}) stacked:
     * {@code [images * P, colRows]}, row {@code i * P + p} for pixel {@code p} of image {@code i}. Without a
     * gather table, the columns are built in {@code s.col} and transposed into {@code s.colT}.
     */
    private static ImplicitMatrix columnsTransposed(ConvGeometry g, float[] x, int xOff, int n0, int images, int gi,
                                                    Scratch s) {
        if (ConvIndex.fits(g)) {
            int first = xOff + n0 * g.inImage() + gi * g.inPerGroup() * g.inPixels();
            return ConvColumns.transposed(ConvIndex.of(g), g, x, first, images);
        }
        int k = g.colRows();
        int n = images * g.outPixels();
        columns(g, x, xOff, n0, images, gi, s);
        Transposes.transpose(s.col, 0, k, n, s.colT, 0);
        return ConvColumns.stored(s.colT, 0, k, n, k);
    }

    /**
     * The weight of every group transposed, {@code [colRows, outPerGroup]} per group, in a workspace array to give
     * back: the adjoint's GEMM then reads it row-major instead of transposing it again for every tile.
     */
    static float[] transposedWeights(ConvGeometry g, float[] w, int wOff) {
        int m = g.outPerGroup();
        int k = g.colRows();
        float[] wT = Workspace.take(g.weightSize());
        for (int gi = 0; gi < g.groups(); gi++) {
            Transposes.transpose(w, wOff + gi * m * k, m, k, wT, gi * m * k);
        }
        return wT;
    }

    /**
     * {@code y[images, group gi] = w_gi @ col (+ bias)}. With one image the GEMM writes {@code y} in place; with
     * several it writes {@code out [outPerGroup, images * P]}, copied to the images with the bias added.
     */
    private static void product(ConvGeometry g, float[] w, int wOff, ImplicitMatrix col, int n0, int images, int gi,
                                float[] bias, int bOff, float[] out, float[] y, int yOff) {
        int pixels = g.outPixels();
        int m = g.outPerGroup();
        int k = g.colRows();
        int ld = images * pixels;
        int wg = wOff + gi * m * k;
        int yGroup = yOff + n0 * g.outImage() + gi * m * pixels;
        if (images == 1) {
            Gemm.sgemm(m, pixels, k, 1f, w, wg, k, col, 0f, y, yGroup, pixels);
        } else {
            Gemm.sgemm(m, ld, k, 1f, w, wg, k, col, 0f, out, 0, ld);
            for (int c = 0; c < m; c++) {
                // the bias is added on the way out instead of in a second pass over y
                float b = bias == null ? 0f : bias[bOff + gi * m + c];
                ChunkKernels.copy(out, c * ld, pixels, y, yGroup + c * pixels, g.outImage(), images, pixels, b);
            }
            return;
        }
        if (bias != null) {
            for (int c = 0; c < m; c++) {
                addConstant(y, yGroup + c * pixels, pixels, bias[bOff + gi * m + c]);
            }
        }
    }

    /** A GEMM operand: {@code data[off + r * ld + c]}. */
    private record Operand(float[] data, int off, int ld) {
    }

    /**
     * Group {@code gi}'s output-shaped rows of {@code images} images as one {@code [outPerGroup, images * P]}
     * operand: in place for one image, otherwise gathered into {@code rows}.
     */
    private static Operand outputRows(ConvGeometry g, float[] dy, int dyOff, int n0, int images, int gi,
                                      float[] rows) {
        int pixels = g.outPixels();
        int m = g.outPerGroup();
        int groupOff = dyOff + n0 * g.outImage() + gi * m * pixels;
        if (images == 1) {
            return new Operand(dy, groupOff, pixels);
        }
        int ld = images * pixels;
        for (int c = 0; c < m; c++) {
            ChunkKernels.copy(dy, groupOff + c * pixels, g.outImage(), rows, c * ld, pixels, images, pixels, 0f);
        }
        return new Operand(rows, 0, ld);
    }

    /**
     * {@code dx[images, group gi] += col2im(w_gi^T @ b)}, using {@code col} as scratch; {@code wT} holds the
     * transposed weights ({@link #transposedWeights}). When {@link #adjointOverwrites}, the group's channels are
     * overwritten instead (col2im by gathers), and need no zero fill first.
     */
    private static void adjoint(ConvGeometry g, float[] wT, Operand b, int n0, int images, int gi, float[] col,
                                float[] dx, int dxOff) {
        int pixels = g.outPixels();
        int m = g.outPerGroup();
        int k = g.colRows();
        int n = images * pixels;
        int groupOff = gi * g.inPerGroup() * g.inPixels();
        ConvIndex index = ConvIndex.fits(g) ? ConvIndex.of(g) : null;
        if (index != null && index.sumsTile(images)) {
            Gemm.sgemm(false, false, k, n, m, 1f, wT, gi * m * k, m, b.data, b.off, b.ld, 0f, col, 0,
                    index.tileColumns());
            index.sumTileColumns(col, images, dx, dxOff + n0 * g.inImage() + groupOff);
            return;
        }
        int ld = n;
        Gemm.sgemm(false, false, k, ld, m, 1f, wT, gi * m * k, m, b.data, b.off, b.ld, 0f, col, 0, ld);
        if (index != null && index.coversTile(images)) {
            index.addTileColumns(col, ld, images, dx, dxOff + n0 * g.inImage() + groupOff);
            return;
        }
        for (int i = 0; i < images; i++) {
            int dst = dxOff + (n0 + i) * g.inImage() + groupOff;
            if (index != null) {
                index.addColumns(col, i * pixels, ld, dx, dst);
            } else {
                Im2Col.col2im(g, col, i * pixels, ld, dx, dst);
            }
        }
    }

    /**
     * {@link #adjoint} for a tile whose columns are summed by gathers ({@link #adjointOverwrites}), reading the output
     * gradient in place: one product per image into its columns of {@code col}, so its channel rows need no copy
     * into one matrix first (22% of ConvT(64→1)'s forward at batch 256 on 1 thread). Each column entry is the same
     * sum as from the copied rows.
     */
    private static void summedAdjoint(ConvGeometry g, float[] wT, float[] dy, int dyOff, int n0, int images, int gi,
                                      float[] col, float[] dx, int dxOff) {
        int pixels = g.outPixels();
        int m = g.outPerGroup();
        int k = g.colRows();
        ConvIndex index = ConvIndex.of(g);
        for (int i = 0; i < images; i++) {
            int rows = dyOff + (n0 + i) * g.outImage() + gi * m * pixels;
            Gemm.sgemm(false, false, k, pixels, m, 1f, wT, gi * m * k, m, dy, rows, pixels, 0f, col, i * pixels,
                    index.tileColumns());
        }
        index.sumTileColumns(col, images, dx, dxOff + n0 * g.inImage() + gi * g.inPerGroup() * g.inPixels());
    }

    /** Whether {@link #adjoint} overwrites a tile of {@code images} images, rather than adding into zeros. */
    private static boolean adjointOverwrites(ConvGeometry g, int images) {
        return ConvIndex.fits(g) && ConvIndex.of(g).sumsTile(images);
    }

    /**
     * Whether the weight gradient is computed transposed, {@code dW^T [colRows, outPerGroup] = col @ dY^T}: for few
     * output channels. {@code dW = dY @ colT} packs all of {@code colT} as the GEMM's B, and each packed element then
     * serves only {@code outPerGroup} rows; transposed, the columns are A (stored, read in place, gathered in whole
     * rows) and only the small {@code dY^T} is packed. Measured: 12-34% less backward time at 8 and 16 output
     * channels, 2-14% more at 32 (Conv2d(16→32): the transposed product's 32 columns are half a micro-panel wide).
     * Also for output channels in whole micro-panels ({@link #WIDE_OUTPUT_CHANNELS}) and fewer than the column rows:
     * the columns are then gathered tap row by tap row, as in the forward, rather than pixel by pixel across
     * channels (4-float runs of a 4 x 4 window). Conv2d(64→128, k4) at batch 256: the weight gradient's samples
     * fell by about a sixth (gathers 127 → 85), backward 73-106 → 70-100 ms on 1 thread and 44-49 → 42-46 on 2;
     * at batch 64 faster in 4 of 5 alternating rounds (20.3-29.4 against 20.5-32.0 ms). A {@link DirectConv} weight
     * gradient is transposed too (one channel vector per tap).
     */
    static boolean transposedWeightGradient(ConvGeometry g) {
        if (PhaseForward.runsWeightGradient(g)) {
            return false;
        }
        int m = g.outPerGroup();
        return DirectConv.runsWeightGradient(g)
                || ConvIndex.fits(g) && (m <= 16 || m % WIDE_OUTPUT_CHANNELS == 0) && m < g.colRows();
    }

    /** Output channels in whole 6 x 4-vector micro-panels at 16 lanes (and two at 8). */
    static final int WIDE_OUTPUT_CHANNELS = 64;

    /** Whether the weight gradient reads {@code dy} itself, so that the tile's output-gradient rows are not needed. */
    private static boolean weightsReadOutputGradient(ConvGeometry g) {
        return PhaseForward.runsWeightGradient(g) || DirectConv.runsWeightGradient(g);
    }

    /**
     * Whether the weight gradient, when no other product of the tile needs the output-gradient rows copied into one
     * matrix, runs image by image on {@code dy} in place ({@link #weightProduct} with {@code b} null): the copy was
     * 13% of ConvT(64→1)'s backward at batch 64 on 1 thread. Not for a transposed weight gradient, whose B would
     * then be one image deep (49 rows for Conv2d(64→128)).
     */
    private static boolean weightRowsInPlace(ConvGeometry g) {
        return !transposedWeightGradient(g) && !weightsReadOutputGradient(g);
    }

    /**
     * The weight gradient of group {@code gi} from a tile, accumulated into {@code partial} ({@code beta} 0
     * overwrites): {@code b} holds the tile's output-gradient rows (null for a {@link DirectConv}, which reads
     * {@code dy} itself, and when {@link #weightRowsInPlace}), {@code x} the images whose columns it meets. Laid
     * out {@code [outPerGroup, colRows]} per group, or {@code [colRows, outPerGroup]} when
     * {@link #transposedWeightGradient}.
     */
    private static void weightGradient(ConvGeometry g, Operand b, float[] dy, int dyOff, float[] x, int xOff, int n0,
                                       int images, int gi, Scratch s, float beta, float[] partial, int pOff) {
        int m = g.outPerGroup();
        int k = g.colRows();
        int n = images * g.outPixels();
        if (PhaseForward.runsWeightGradient(g)) {
            PhaseForward.weightGradient(g, x, xOff, dy, dyOff, n0, images, beta, partial, pOff);
            return;
        }
        if (DirectConv.runsWeightGradient(g)) {
            DirectConv.weightGradient(g, x, xOff, dy, dyOff, n0, images, beta, partial, pOff);
            return;
        }
        if (transposedWeightGradient(g)) {
            ImplicitMatrix col = columns(g, x, xOff, n0, images, gi, s);
            for (int r = 0; r < k; r++) {
                col.copyRow(r, 0, n, s.col, r * n);
            }
            Gemm.sgemm(false, true, k, m, n, 1f, s.col, 0, n, b.data, b.off, b.ld, beta, partial, pOff + gi * m * k,
                    m);
            return;
        }
        if (b == null) {
            int pixels = g.outPixels();
            for (int i = 0; i < images; i++) {
                Operand rows = new Operand(dy, dyOff + (n0 + i) * g.outImage() + gi * m * pixels, pixels);
                ImplicitMatrix colT = columnsTransposed(g, x, xOff, n0 + i, 1, gi, s);
                weightProduct(g, rows, 1, gi, colT, i == 0 ? beta : 1f, partial, pOff);
            }
            return;
        }
        ImplicitMatrix colT = columnsTransposed(g, x, xOff, n0, images, gi, s);
        weightProduct(g, b, images, gi, colT, beta, partial, pOff);
    }

    /**
     * {@code partial_gi = beta * partial_gi + b @ colT}: the weight gradient of group {@code gi} from a tile, with
     * the transposed columns as the GEMM's row-major right operand (no transposed packing).
     */
    private static void weightProduct(ConvGeometry g, Operand b, int images, int gi, ImplicitMatrix colT,
                                      float beta, float[] partial, int pOff) {
        int m = g.outPerGroup();
        int k = g.colRows();
        int ld = images * g.outPixels();
        Gemm.sgemm(m, k, ld, 1f, b.data, b.off, b.ld, colT, beta, partial, pOff + gi * m * k, k);
    }

    // ------------------------------------------------------------------ tiles, tasks and scratch

    /** Scratch of one task, sized for the largest tile: column matrix, transposed columns, output-shaped rows. */
    private record Scratch(float[] col, float[] colT, float[] rows) {
    }

    /** A tile reads column matrices ({@link #columns}). */
    private static final int COLUMNS = 1;
    /** A tile reads transposed column matrices ({@link #columnsTransposed}). */
    private static final int COLUMNS_T = 2;
    /** A tile writes a column matrix (the adjoint's GEMM output, summed or scattered back into the images). */
    private static final int ADJOINT = 4;

    /** The work on one tile of images. */
    @FunctionalInterface
    private interface TileWork {
        void run(int n0, int images, Scratch s);
    }

    /**
     * Weight-gradient work on one tile: like {@link TileWork}, accumulating into {@code partial[pOff ...]}
     * ({@code beta} 0 for a task's first tile, which overwrites, then 1).
     */
    @FunctionalInterface
    private interface WeightTileWork {
        void run(int n0, int images, Scratch s, float beta, float[] partial, int pOff);
    }

    /** Runs {@code work} on every tile, one task per tile. */
    private static void forEachTile(ConvGeometry g, int needs, TileWork work) {
        Tiles tiles = new Tiles(g);
        Parallel.forEach(tiles.count, tile -> withScratch(g, tiles, needs, s ->
                work.run(tiles.first(tile), tiles.size(tile), s)));
    }

    /**
     * Runs {@code work} on every tile, the tiles split into a few tasks that each accumulate a weight gradient:
     * task 0 into {@code dw} itself, the others into partial buffers that are then added to {@code dw} in task
     * order.
     */
    private static void forEachTileReducingWeights(ConvGeometry g, int needs, float[] dw, int dwOff,
                                                   WeightTileWork work) {
        Tiles tiles = new Tiles(g);
        int size = g.weightSize();
        int tasks = tiles.tasks;
        // task 0 accumulates into dw itself, unless the partial sums are transposed and must be turned back
        boolean transposed = transposedWeightGradient(g);
        int own = transposed ? 0 : 1;
        float[] partials = tasks > own ? Workspace.take((tasks - own) * size) : null;
        try {
            Parallel.forEach(tasks, task -> withScratch(g, tiles, needs, s -> {
                float[] partial = task < own ? dw : partials;
                int pOff = task < own ? dwOff : (task - own) * size;
                int first = tiles.firstOfTask(task);
                for (int tile = first; tile < tiles.endOfTask(task); tile++) {
                    work.run(tiles.first(tile), tiles.size(tile), s, tile == first ? 0f : 1f, partial, pOff);
                }
            }));
            if (transposed) {
                addTransposedPartials(g, partials, tasks, dw, dwOff);
                return;
            }
            addInOrder(dw, dwOff, partials, 0, tasks - 1, size);
        } finally {
            if (partials != null) {
                Workspace.give(partials);
            }
        }
    }

    /**
     * {@code acc += } the {@code count} arrays of {@code size} floats at {@code partials[first + i * size]}, in the
     * order of {@code i}: element chunks in parallel, and each element adds its partial sums in that order, so any
     * split of the elements gives the same bits.
     */
    private static void addInOrder(float[] acc, int accOff, float[] partials, int first, int count, int size) {
        Parallel.forChunks(size, REDUCTION_CHUNK, (from, to) -> {
            for (int i = 0; i < count; i++) {
                BinaryKernels.contiguous(BinaryOp.ADD, acc, accOff + from, partials, first + i * size + from, acc,
                        accOff + from, to - from);
            }
        });
    }

    /**
     * {@code dw = sum over tasks of partial^T}, per group: the partials are {@code [colRows, outPerGroup]}, summed in
     * task order.
     */
    private static void addTransposedPartials(ConvGeometry g, float[] partials, int tasks, float[] dw, int dwOff) {
        int size = g.weightSize();
        // the partials added into the first, then transposed in blocks: the element-by-element loop (strided sums,
        // strided stores) was 5.5% of Conv2d(64→128)'s backward at batch 64
        addInOrder(partials, 0, partials, size, tasks - 1, size);
        int m = g.outPerGroup();
        int k = g.colRows();
        for (int gi = 0; gi < g.groups(); gi++) {
            Transposes.transpose(partials, gi * m * k, k, m, dw, dwOff + gi * m * k);
        }
    }

    /**
     * Floats past the output-shaped rows, so that a GEMM with few rows can read them in place even when a tile's
     * columns are not whole vectors (its last vector reads past the last row: a vector of up to 2048 bits).
     */
    private static final int ROW_SLACK = 64;

    /** Borrows the scratch arrays that {@code needs} names, big enough for the largest tile, for {@code body}. */
    private static void withScratch(ConvGeometry g, Tiles tiles, int needs, Consumer<Scratch> body) {
        int columns = tiles.maxSize() * g.outPixels();
        int colSize = g.colRows() * columns;
        // with a gather table, the GEMM gathers the columns as it packs: only the adjoint's output and the columns
        // of a transposed weight gradient (its A operand) are stored
        boolean tables = ConvIndex.fits(g);
        boolean col = (needs & ADJOINT) != 0 || (!tables && needs != 0)
                || ((needs & COLUMNS_T) != 0 && transposedWeightGradient(g) && !weightsReadOutputGradient(g));
        boolean colT = !tables && (needs & COLUMNS_T) != 0;
        if ((needs & ADJOINT) != 0 && adjointOverwrites(g, tiles.maxSize())) {
            colSize = g.colRows() * ConvIndex.of(g).tileColumns(); // the adjoint's rows are a full tile apart
        }
        float[] c = col ? Workspace.take(colSize) : null;
        float[] cT = colT ? Workspace.take(colSize) : null;
        float[] rows = tiles.maxSize() > 1 ? Workspace.take(g.outPerGroup() * columns + ROW_SLACK) : null;
        try {
            body.accept(new Scratch(c, cT, rows));
        } finally {
            if (rows != null) {
                Workspace.give(rows);
            }
            if (cT != null) {
                Workspace.give(cT);
            }
            if (c != null) {
                Workspace.give(c);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The batch split into {@link #tileCount} tiles of images whose sizes differ by at most one, and the tiles
     * into weight-gradient tasks: one per tile when their partial sums are small, else at most
     * {@link #MAX_WEIGHT_TASKS}.
     */
    static final class Tiles {
        final int count;
        final int tasks;
        private final int batch;

        Tiles(ConvGeometry g) {
            batch = g.batch();
            count = tileCount(g);
            tasks = (long) count * g.weightSize() <= SMALL_PARTIALS_FLOATS ? count
                    : Math.min(count, MAX_WEIGHT_TASKS);
        }

        int first(int tile) {
            return (int) ((long) tile * batch / count);
        }

        int size(int tile) {
            return first(tile + 1) - first(tile);
        }

        int maxSize() {
            return ceilDiv(batch, count);
        }

        int firstOfTask(int task) {
            return (int) ((long) task * count / tasks);
        }

        int endOfTask(int task) {
            return (int) ((long) (task + 1) * count / tasks);
        }
    }

    private static void addChannelBias(float[] a, int off, int images, int channels, int pixels, float[] bias,
                                       int bOff) {
        for (int i = 0; i < images; i++) {
            for (int c = 0; c < channels; c++) {
                addConstant(a, off + (i * channels + c) * pixels, pixels, bias[bOff + c]);
            }
        }
    }

    private static void addConstant(float[] a, int off, int len, float v) {
        for (int p = 0; p < len; p++) {
            a[off + p] += v;
        }
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
