package dev.latent.kernels;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Precomputed gather tables for the column matrices of one convolution geometry: for every kernel tap
 * {@code t = ki * kernelW + kj} and output pixel {@code p}, the offset within an input channel plane that the tap
 * reads at that pixel, or -1 in the padding. With the table, building a column matrix is one tight gather loop per
 * row instead of per-output-row bounds logic, which dominated for the small feature maps (7x7, 3x3) of the reference
 * models. The table does not depend on the channel or the batch, so it is small ({@code taps * outPixels} ints)
 * and shared by all calls with the same geometry.
 *
 * <p>Column matrices come in two orientations: {@link #columns} writes {@code [colRows, pixels]} (the forward GEMM's
 * right operand), {@link #columnsTransposed} writes {@code [pixels, colRows]} (the right operand of the weight
 * gradient {@code dW = dY @ cols^T}, which the GEMM then reads without transposing).
 */
final class ConvIndex {
    /** Tables larger than this many entries are not built; callers use {@link Im2Col} instead. */
    static final int MAX_ENTRIES = 1 << 20;
    /** Geometries kept; the cache is cleared when it grows past this (shapes of one model are few). */
    private static final int MAX_CACHED = 64;
    private static final ConcurrentHashMap<ConvGeometry, ConvIndex> CACHE = new ConcurrentHashMap<>();

    private final int taps;
    private final int pixels;
    private final int planeSize;
    private final int channels;
    /** {@code byTap[t * pixels + p]}: offset in the plane, or -1. */
    private final int[] byTap;
    /** {@code byPixel[p * taps + t]}: the same table transposed. */
    private final int[] byPixel;

    private ConvIndex(ConvGeometry g) {
        taps = g.kernelH() * g.kernelW();
        pixels = g.outPixels();
        planeSize = g.inPixels();
        channels = g.inPerGroup();
        byTap = new int[taps * pixels];
        byPixel = new int[taps * pixels];
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
                        byPixel[p * taps + t] = o;
                    }
                }
            }
        }
    }

    /** Whether a table for {@code g} would stay within {@link #MAX_ENTRIES}. */
    static boolean fits(ConvGeometry g) {
        return (long) g.kernelH() * g.kernelW() * g.outPixels() <= MAX_ENTRIES;
    }

    /** The (cached) table of {@code g}; only call when {@link #fits}. */
    static ConvIndex of(ConvGeometry g) {
        ConvGeometry key = g.batch() == 1 ? g : new ConvGeometry(1, g.inChannels(), g.inH(), g.inW(),
                g.outChannels(), g.outH(), g.outW(), g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), g.padH(),
                g.padW(), g.dilationH(), g.dilationW(), g.groups());
        ConvIndex index = CACHE.get(key);
        if (index == null) {
            if (CACHE.size() >= MAX_CACHED) {
                CACHE.clear();
            }
            index = CACHE.computeIfAbsent(key, ConvIndex::new);
        }
        return index;
    }

    /**
     * The column matrix of the image group at {@code x[xOff]}: row {@code c * taps + t} is written at
     * {@code col[colOff + (c * taps + t) * ld]}, {@code pixels} floats.
     */
    void columns(float[] x, int xOff, float[] col, int colOff, int ld) {
        for (int c = 0; c < channels; c++) {
            int plane = xOff + c * planeSize;
            for (int t = 0; t < taps; t++) {
                int row = colOff + (c * taps + t) * ld;
                int tb = t * pixels;
                for (int p = 0; p < pixels; p++) {
                    int o = byTap[tb + p];
                    col[row + p] = o >= 0 ? x[plane + o] : 0f;
                }
            }
        }
    }

    /**
     * The transposed column matrix of the image group at {@code x[xOff]}: pixel {@code p}'s row of
     * {@code channels * taps} floats is written at {@code colT[rowOff + p * ld]}.
     */
    void columnsTransposed(float[] x, int xOff, float[] colT, int rowOff, int ld) {
        for (int p = 0; p < pixels; p++) {
            int row = rowOff + p * ld;
            int pb = p * taps;
            for (int c = 0; c < channels; c++) {
                int plane = xOff + c * planeSize;
                int d = row + c * taps;
                for (int t = 0; t < taps; t++) {
                    int o = byPixel[pb + t];
                    colT[d + t] = o >= 0 ? x[plane + o] : 0f;
                }
            }
        }
    }

    /** The adjoint of {@link #columns}: adds every column entry into the input position it was read from. */
    void addColumns(float[] col, int colOff, int ld, float[] dx, int dxOff) {
        for (int c = 0; c < channels; c++) {
            int plane = dxOff + c * planeSize;
            for (int t = 0; t < taps; t++) {
                int row = colOff + (c * taps + t) * ld;
                int tb = t * pixels;
                for (int p = 0; p < pixels; p++) {
                    int o = byTap[tb + p];
                    if (o >= 0) {
                        dx[plane + o] += col[row + p];
                    }
                }
            }
        }
    }
}
