package dev.latent.kernels;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Precomputed gather tables for the column matrices of one convolution geometry: for every kernel tap
 * {@code t = ki * kernelW + kj} and output pixel {@code p}, the offset within an input channel plane that the tap
 * reads at that pixel, or -1 in the padding. With the table, building a column matrix is one gather per row
 * instead of per-output-row bounds logic, which dominated for the small feature maps (7x7, 3x3) of the reference
 * models; with the Vector API the gathers and the adjoint's scatter-adds run as vector instructions
 * ({@link VectorKernels#gather}). For a tile of several images the adjoint is gathers too: each input position
 * sums the few column entries that read it ({@link #sumTileColumns}), with no scatter. The GEMM gathers the columns
 * row segment by row segment as it packs its panels ({@link ConvColumns}), so the column matrices are never stored.
 * The tables do not depend on the batch, so they are small (a few times {@code taps * outPixels} ints, plus a
 * whole-row table of at most {@link #MAX_ROW_ENTRIES}) and shared by all calls with the same geometry.
 *
 * <p>Column matrices come in two orientations: {@link #columnRow} reads {@code [colRows, pixels]} (the forward GEMM's
 * right operand), {@link #transposedColumnRow} reads {@code [pixels, colRows]} (the right operand of the weight
 * gradient {@code dW = dY @ cols^T}, which the GEMM then reads without transposing).
 */
final class ConvIndex {
    /**
     * The col2im of a tile runs as gathers when at least this share of the gathered lanes are live (entries that
     * exist, not the padding of positions read fewer times). Conv2d(64→128, k4, s2, p1) reads every position 4
     * times (share 1): at batch 256 on 1 thread its col2im went from 10.6% of the backward's samples as
     * scatter-adds to 6.4%. Conv2d(16→32, k3, s2) on a 7 x 7 map reads its 49 positions 1 to 4 times (share 0.41),
     * and ConvT(32→16)'s forward was slower as gathers (0.53-0.70 → 0.66-1.09 ms).
     */
    static final double MIN_INPUT_FILL = 0.75;
    /** Per-tap tables larger than this many entries are not built; callers use {@link Im2Col} instead. */
    static final int MAX_ENTRIES = 1 << 20;
    /** Limit of the whole-row table of the transposed columns (two int arrays of this size per geometry). */
    static final int MAX_ROW_ENTRIES = 1 << 18;
    /** Geometries kept; the cache is cleared when it grows past this (shapes of one model are few). */
    private static final int MAX_CACHED = 64;
    /** The cache is also cleared when its tables reach this many ints (64 MiB), whatever their number. */
    private static final long MAX_CACHED_INTS = 16L << 20;
    private static final ConcurrentHashMap<ConvGeometry, ConvIndex> CACHE = new ConcurrentHashMap<>();

    private final int taps;
    private final int pixels;
    private final int planeSize;
    private final int channels;
    private final int imageSize;
    /** {@code byTap[t * pixels + p]}: offset in the plane, or -1. */
    private final int[] byTap;
    private final int[] byTapClamped;
    /**
     * {@code byPixel[p * channels * taps + c * taps + t]}: offset in the image group, or -1; one gather per row of
     * the transposed columns. Only built up to {@link #MAX_ROW_ENTRIES}; else null, and {@code byPixelTap[p * taps
     * + t]} (offset in the plane) drives one gather per pixel and channel.
     */
    private final int[] byPixel;
    private final int[] byPixelClamped;
    /**
     * {@code windowStart[p]}: offset in the plane of pixel {@code p}'s tap (0, 0) when its whole window lies inside
     * the plane and the kernel is not dilated (its rows are then runs of {@code kernelW} contiguous elements), else
     * -1. Null when {@link #byPixel} is.
     */
    private final int[] windowStart;
    private final int kernelH;
    private final int kernelW;
    private final int inW;
    private final int[] byPixelTap;
    private final int[] byPixelTapClamped;
    /**
     * {@code byTile[t * tileImages * pixels + i * pixels + p]}: offset of image {@code i}'s plane position from
     * the first image's, or -1; so a column row segment of a whole tile of small images is one gather ({@link #columnRow}),
     * not one short gather per image. Null when a tile holds one image.
     */
    private final int[] byTile;
    private final int[] byTileClamped;
    private final int tileImages;
    /**
     * The col2im of a tile as gathers ({@link #sumTileColumns}): {@code byInput[s * tileImages * planeSize + i *
     * planeSize + q]} is the column-matrix offset ({@code tap * tileColumns() + i * pixels + pixel}) of the
     * {@code s}-th entry, in tap order, that reads position {@code q} of image {@code i}'s plane, or -1 past the
     * last. {@code inputTerms} is the most entries any position is read by. Null when {@link #byTile} is, or when
     * fewer than {@link #MIN_INPUT_FILL} of its entries are used.
     */
    private final int[] byInput;
    private final int[] byInputClamped;
    private final int inputTerms;

    private ConvIndex(ConvGeometry g) {
        taps = g.kernelH() * g.kernelW();
        pixels = g.outPixels();
        planeSize = g.inPixels();
        channels = g.inPerGroup();
        imageSize = g.inImage();
        int rowLength = channels * taps;
        boolean wholeRows = (long) pixels * rowLength <= MAX_ROW_ENTRIES;
        byTap = new int[taps * pixels];
        byPixelTap = new int[pixels * taps];
        byPixel = wholeRows ? new int[pixels * rowLength] : null;
        kernelH = g.kernelH();
        kernelW = g.kernelW();
        inW = g.inW();
        windowStart = wholeRows ? windowStarts(g) : null;
        for (int ki = 0; ki < g.kernelH(); ki++) {
            for (int kj = 0; kj < g.kernelW(); kj++) {
                int t = ki * g.kernelW() + kj;
                for (int oh = 0; oh < g.outH(); oh++) {
                    int ih = oh * g.strideH() - g.padH() + ki * g.dilationH();
                    for (int ow = 0; ow < g.outW(); ow++) {
                        int iw = ow * g.strideW() - g.padW() + kj * g.dilationW();
                        int p = oh * g.outW() + ow;
                        int o = ih >= 0 && ih < g.inH() && iw >= 0 && iw < g.inW() ? ih * g.inW() + iw : -1;
                        byTap[t * pixels + p] = o;
                        byPixelTap[p * taps + t] = o;
                        for (int c = 0; wholeRows && c < channels; c++) {
                            byPixel[p * rowLength + c * taps + t] = o < 0 ? -1 : c * planeSize + o;
                        }
                    }
                }
            }
        }
        int tile = ConvKernels.maxTileImages(g);
        int[] readers = new int[planeSize];
        for (int o : byTap) {
            if (o >= 0) {
                readers[o]++;
            }
        }
        int terms = 0;
        long entries = 0;
        for (int r : readers) {
            terms = Math.max(terms, r);
            entries += r;
        }
        boolean tiles = tile > 1 && (long) taps * tile * pixels <= MAX_ENTRIES
                && (long) Math.max(1, terms) * tile * planeSize <= MAX_ENTRIES
                && (long) tile * g.inImage() <= Integer.MAX_VALUE;
        tileImages = tiles ? tile : 1;
        inputTerms = Math.max(1, terms);
        byTile = tiles ? new int[taps * tile * pixels] : null;
        boolean sums = tiles && entries >= MIN_INPUT_FILL * inputTerms * planeSize;
        byInput = sums ? inputTable(tile) : null;
        byInputClamped = sums ? clamped(byInput) : null;
        if (tiles) {
            for (int t = 0; t < taps; t++) {
                for (int i = 0; i < tile; i++) {
                    for (int p = 0; p < pixels; p++) {
                        int o = byTap[t * pixels + p];
                        byTile[(t * tile + i) * pixels + p] = o < 0 ? -1 : i * g.inImage() + o;
                    }
                }
            }
        }
        byTileClamped = tiles ? clamped(byTile) : null;
        byTapClamped = clamped(byTap);
        byPixelTapClamped = clamped(byPixelTap);
        byPixelClamped = wholeRows ? clamped(byPixel) : null;
    }

    /** {@link #byInput} for tiles of {@code tile} images: the entries of each position in tap order. */
    private int[] inputTable(int tile) {
        int span = tile * planeSize;
        int[] table = new int[inputTerms * span];
        java.util.Arrays.fill(table, -1);
        int[] filled = new int[planeSize];
        for (int t = 0; t < taps; t++) {
            for (int p = 0; p < pixels; p++) {
                int q = byTap[t * pixels + p];
                if (q < 0) {
                    continue;
                }
                int s = filled[q]++;
                for (int i = 0; i < tile; i++) {
                    table[s * span + i * planeSize + q] = t * tile * pixels + i * pixels + p;
                }
            }
        }
        return table;
    }

    private static int[] clamped(int[] table) {
        int[] c = table.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] = Math.max(c[i], 0);
        }
        return c;
    }

    /** Whether the per-tap tables for {@code g} would stay within {@link #MAX_ENTRIES}. */
    static boolean fits(ConvGeometry g) {
        return (long) g.kernelH() * g.kernelW() * g.outPixels() <= MAX_ENTRIES;
    }

    /** The (cached) table of {@code g}; only call when {@link #fits}. */
    static ConvIndex of(ConvGeometry g) {
        ConvGeometry key = g.oneImage();
        ConvIndex index = CACHE.get(key);
        if (index == null) {
            long cachedInts = 0;
            for (ConvIndex cached : CACHE.values()) {
                cachedInts += cached.ints();
            }
            if (CACHE.size() >= MAX_CACHED || cachedInts >= MAX_CACHED_INTS) {
                CACHE.clear();
            }
            index = CACHE.computeIfAbsent(key, ConvIndex::new);
        }
        return index;
    }

    /** The ints this entry's tables hold. */
    long ints() {
        return 2L * byTap.length + 2L * byPixelTap.length + (byPixel == null ? 0 : 2L * byPixel.length)
                + (byTile == null ? 0 : 2L * byTile.length) + (byInput == null ? 0 : 2L * byInput.length);
    }

    /** Whether {@link #columnRow} and {@link #addTileColumns} use the tile table for this many images. */
    boolean coversTile(int images) {
        return byTile != null && images <= tileImages;
    }

    /** Whether {@link #sumTileColumns} runs for a tile of this many images (else {@link #addTileColumns}). */
    boolean sumsTile(int images) {
        return byInput != null && images <= tileImages;
    }

    /**
     * The adjoint of {@link #columnRow} over a whole tile: adds the column matrix {@code col [colRows, images *
     * pixels]} (row stride {@code ld}) into the images at {@code dx[dxOff]}; only when {@link #coversTile}.
     */
    void addTileColumns(float[] col, int ld, int images, float[] dx, int dxOff) {
        int n = images * pixels;
        for (int c = 0; c < channels; c++) {
            for (int t = 0; t < taps; t++) {
                // distinct images and, within one, distinct pixels of one tap read distinct positions
                scatterAdd(col, (c * taps + t) * ld, byTile, byTileClamped, t * tileImages * pixels, dx,
                        dxOff + c * planeSize, n);
            }
        }
    }

    /** The row stride of the column matrix {@link #sumTileColumns} reads: the columns of the largest tile. */
    int tileColumns() {
        return tileImages * pixels;
    }

    /**
     * The adjoint of {@link #columnRow} over a whole tile, overwriting the images at {@code dx[dxOff]}: each input
     * position is the sum, in tap order, of the entries of the column matrix {@code col [colRows, images * pixels]}
     * (row stride {@link #tileColumns}) that read it; only when {@link #sumsTile}. The same sums in the same order
     * as scatter-adding the rows tap by tap into zeros ({@link #addColumns}), without a scatter per entry.
     */
    void sumTileColumns(float[] col, int images, float[] dx, int dxOff) {
        int rowsPerChannel = taps * tileColumns();
        int span = tileImages * planeSize;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < images; i++) {
                gatherSum(col, c * rowsPerChannel, byInput, byInputClamped, i * planeSize, inputTerms, span, dx,
                        dxOff + i * imageSize + c * planeSize, planeSize);
            }
        }
    }

    /**
     * Elements {@code [col0, col0 + width)} of row {@code row} of the column matrix of {@code images} consecutive
     * images (image {@code i}'s pixels at columns {@code i * pixels ...}), the
     * first image group at {@code x[xOff]}; written to {@code dst[dstOff ...]}.
     */
    void columnRow(float[] x, int xOff, int images, int row, int col0, int width, float[] dst, int dstOff) {
        int c = row / taps;
        int t = row - c * taps;
        int plane = xOff + c * planeSize;
        if (coversTile(images)) {
            gather(x, plane, byTile, byTileClamped, t * tileImages * pixels + col0, dst, dstOff, width);
            return;
        }
        for (int j = col0, end = col0 + width; j < end; ) {
            int i = j / pixels;
            int p = j - i * pixels;
            int n = Math.min(end - j, pixels - p);
            gather(x, plane + i * imageSize, byTap, byTapClamped, t * pixels + p, dst, dstOff + j - col0, n);
            j += n;
        }
    }

    /**
     * Elements {@code [col0, col0 + width)} of row {@code row} of the transposed column matrix of consecutive
     * images ({@code [images * pixels, channels * taps]}, row {@code i * pixels + p} for pixel {@code p} of image
     * {@code i}), the first image group at {@code x[xOff]}; written to {@code dst[dstOff ...]}.
     */
    void transposedColumnRow(float[] x, int xOff, int row, int col0, int width, float[] dst, int dstOff) {
        int i = row / pixels;
        int p = row - i * pixels;
        int image = xOff + i * imageSize;
        if (byPixel != null) {
            int start = windowStart[p];
            if (start >= 0 && col0 == 0 && width == channels * taps && copyWindow(x, image + start, dst, dstOff)) {
                return;
            }
            gather(x, image, byPixel, byPixelClamped, p * channels * taps + col0, dst, dstOff, width);
            return;
        }
        for (int r = col0, end = col0 + width; r < end; ) {
            int c = r / taps;
            int t = r - c * taps;
            int n = Math.min(end - r, taps - t);
            gather(x, image + c * planeSize, byPixelTap, byPixelTapClamped, p * taps + t, dst, dstOff + r - col0, n);
            r += n;
        }
    }

    /**
     * A whole row of the transposed columns for a pixel whose window lies inside the planes, from the window's
     * corner at {@code x[corner]} in the first channel's plane: {@code kernelH} runs of {@code kernelW} contiguous
     * elements per channel, one vector each. Returns false where the SIMD kernels have no vector of that width.
     * Against one 16-lane gather per row, alternated twice at batch 64 on 1 thread: ConvT(64→1)'s backward 0.68-0.69
     * → 0.62-0.66 ms, Conv2d(1→64)'s 0.69-0.70 → 0.65-0.66 (a scalar loop over the runs was slower than the gather).
     */
    private boolean copyWindow(float[] x, int corner, float[] dst, int dstOff) {
        if (!VectorSupport.enabled()) {
            return false;
        }
        for (int c = 0; c < channels; c++) {
            if (!VectorSupport.kernels().copyRuns(x, corner + c * planeSize, kernelH, inW, kernelW, dst,
                    dstOff + c * taps)) {
                return false;
            }
        }
        return true;
    }

    /** {@link #windowStart} of every pixel. */
    private static int[] windowStarts(ConvGeometry g) {
        int[] starts = new int[g.outPixels()];
        boolean dense = g.dilationH() == 1 && g.dilationW() == 1;
        for (int oh = 0; oh < g.outH(); oh++) {
            for (int ow = 0; ow < g.outW(); ow++) {
                int ih = oh * g.strideH() - g.padH();
                int iw = ow * g.strideW() - g.padW();
                boolean inside = dense && ih >= 0 && ih + g.kernelH() <= g.inH() && iw >= 0
                        && iw + g.kernelW() <= g.inW();
                starts[oh * g.outW() + ow] = inside ? ih * g.inW() + iw : -1;
            }
        }
        return starts;
    }

    /**
     * The adjoint of the column matrix of one image: adds every entry of {@code col [colRows, pixels]} (row
     * stride {@code ld}) into the input position it was read from.
     */
    void addColumns(float[] col, int colOff, int ld, float[] dx, int dxOff) {
        for (int c = 0; c < channels; c++) {
            int plane = dxOff + c * planeSize;
            for (int t = 0; t < taps; t++) {
                // one tap reads distinct input positions at distinct pixels, as a vector scatter-add requires
                scatterAdd(col, colOff + (c * taps + t) * ld, byTap, byTapClamped, t * pixels, dx, plane, pixels);
            }
        }
    }

    private static void gather(float[] src, int srcOff, int[] index, int[] clamped, int off, float[] dst,
                               int dstOff, int n) {
        if (VectorSupport.enabled()
                && VectorSupport.kernels().gather(src, srcOff, index, clamped, off, dst, dstOff, n)) {
            return;
        }
        for (int i = 0; i < n; i++) {
            int o = index[off + i];
            dst[dstOff + i] = o >= 0 ? src[srcOff + o] : 0f;
        }
    }

    private static void gatherSum(float[] src, int srcOff, int[] index, int[] clamped, int off, int terms,
                                  int termStride, float[] dst, int dstOff, int n) {
        if (VectorSupport.enabled() && VectorSupport.kernels().gatherSum(src, srcOff, index, clamped, off, terms,
                termStride, dst, dstOff, n)) {
            return;
        }
        VectorKernels.gatherSumScalar(src, srcOff, index, off, terms, termStride, dst, dstOff, 0, n);
    }

    private static void scatterAdd(float[] src, int srcOff, int[] index, int[] clamped, int off, float[] dst,
                                   int dstOff, int n) {
        if (VectorSupport.enabled()
                && VectorSupport.kernels().scatterAdd(src, srcOff, index, clamped, off, dst, dstOff, n)) {
            return;
        }
        for (int i = 0; i < n; i++) {
            int o = index[off + i];
            if (o >= 0) {
                dst[dstOff + o] += src[srcOff + i];
            }
        }
    }
}
