package dev.latent.kernels.simd;

import dev.latent.kernels.BlockedGemm;
import dev.latent.kernels.ImplicitMatrix;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API GEMM engine: the blocking of {@link BlockedGemm} around a register-blocked micro-kernel of 6 rows
 * by 4 vectors (24 accumulators, 6 x 64 floats with AVX-512), or by 2 vectors where there are only 16 vector
 * registers (12 accumulators, 6 x 16 floats with AVX2, the shape of BLIS's Haswell kernel; see {@link
 * VectorHardware}). B is packed into micro-panels with vector loads and stores, zero-padded to whole vectors; A is
 * broadcast from the caller's array. Edge panels use the narrower kernels and scalar code only for the columns past
 * the last whole vector, edge rows repeat the last row of A and are not stored, so there is no scalar cliff at the
 * edges. Small products skip packing: when a B block serves at most one A block of rows ({@link
 * #IN_PLACE_MAX_ROWS}) and is row-major with whole vectors of columns, the kernels read it in place. Products of
 * 8 or 16 columns in all take {@link NarrowPanelKernels} at 16 lanes, which spread four elements of A per load
 * instead of broadcasting one per FMA.
 *
 * <p>There is one method per kernel width on purpose: C2 keeps each method's accumulators in registers, which a
 * generic loop over the width would not. (Kernels of 31 live vectors spilled in the probe that chose 6 x 4.)
 */
public final class PanamaGemm extends BlockedGemm<PanamaGemm.Workspace> {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int L = F.length();
    static final int MR = 6;
    /** Vectors per micro-panel: 4 (24 accumulators), or 2 (12) where there are only 16 vector registers. */
    static final int NR_VECTORS = VectorHardware.SIXTEEN_REGISTERS ? 2 : 4;
    static final int NR = NR_VECTORS * L;
    static final int KC = 512;
    static final int MC = 48;
    static final int NC = 1024;
    /**
     * B is read in place, not packed, when its panels serve at most one A block of rows (and it is row-major): each
     * packed element would then be read by a single pass, so packing costs more than the unit-stride panel reads
     * save. Measured on 1 thread: 6x1024x256 40 -> 120 GFLOPS, 16x784x512 54 -> 103-120, 32-48 rows 85-105 ->
     * 105-120; from 96 rows on, and 62 against 124 at 1024, packing wins. A last partial vector of columns is
     * loaded whole, so the lanes past the block's columns read the next elements of the array (they land in tile
     * columns that are never stored); this needs those elements to exist, which {@link #inPlaceFits} checks.
     */
    static final int IN_PLACE_MAX_ROWS = MC;

    /** The one instance, created by {@link PanamaVectorKernels}. */
    static final PanamaGemm INSTANCE = new PanamaGemm();

    private PanamaGemm() {
        this(KC, MC, NC);
    }

    /** An engine with other cache blocks, for tuning experiments. */
    PanamaGemm(int kc, int mc, int nc) {
        super(MR, NR, kc, mc, nc);
    }

    /**
     * The current B block and the accumulator tile. The block is either packed here (micro-panel {@code jr / NR}
     * starts at {@code jr * depth}, its rows as wide as its whole vectors) or read in place from the caller's
     * row-major B (panel {@code jr} starts at {@code inPlaceStart + jr}, rows {@code inPlaceStride} apart).
     */
    static final class Workspace extends BlockedGemm.Workspace {
        private float[] packed = new float[0];
        private float[] row = new float[0];
        final float[] tile = new float[MR * NR];
        private float[] inPlace;
        /** The block in {@link NarrowPanelKernels}' layout, when {@link #narrowCols} is not 0. */
        private float[] narrow = new float[0];
        /** Columns of a block taken by {@link NarrowPanelKernels} (8 or 16), or 0. */
        private int narrowCols;
        private int inPlaceStart;
        private int inPlaceStride;
        /** {@code j * ldb} for the columns {@code j < width} of a transposed panel, 0 past them (a valid index). */
        private final int[] columnOffsets = new int[NR];
        private int offsetsWidth = -1;
        private int offsetsStride = -1;

        int[] columnOffsets(int width, int ldb) {
            if (width != offsetsWidth || ldb != offsetsStride) {
                for (int j = 0; j < NR; j++) {
                    columnOffsets[j] = j < width ? j * ldb : 0;
                }
                offsetsWidth = width;
                offsetsStride = ldb;
            }
            return columnOffsets;
        }

        @Override
        protected void release() {
            inPlace = null;
            narrowCols = 0;
        }

        /**
         * Repacks the packed panel for {@link NarrowPanelKernels} when the block {@link #takesNarrowKernels}, except
         * a {@link NarrowPanelKernels#shallow} 8-column block, which they read as packed.
         */
        void prepareNarrow(int depth, int j0, int cols) {
            narrowCols = 0;
            if (takesNarrowKernels(j0, cols) && cols == 8 && NarrowPanelKernels.shallow(depth)) {
                narrowCols = cols;
            } else if (takesNarrowKernels(j0, cols)) {
                int size = NarrowPanelKernels.packedSize(depth, cols);
                if (narrow.length < size) {
                    narrow = new float[size];
                }
                NarrowPanelKernels.pack(packed, depth, cols, narrow);
                narrowCols = cols;
            }
        }

        float[] row(int size) {
            if (row.length < size) {
                row = new float[size];
            }
            return row;
        }

        float[] packed(int size) {
            if (packed.length < size) {
                packed = new float[size];
            }
            return packed;
        }
    }

    @Override
    protected Workspace newWorkspace() {
        return new Workspace();
    }

    @Override
    protected void packB(Workspace ws, boolean transB, float[] b, int bOff, int ldb, int p0, int depth, int j0,
                         int cols, int rows) {
        if (!takesNarrowKernels(j0, cols) && !transB && rows <= IN_PLACE_MAX_ROWS
                && inPlaceFits(b, bOff + (p0 + depth - 1) * ldb + j0, cols)) {
            ws.inPlace = b;
            ws.inPlaceStart = bOff + p0 * ldb + j0;
            ws.inPlaceStride = ldb;
            ws.narrowCols = 0;
            return;
        }
        ws.inPlace = null;
        float[] dst = ws.packed(depth * ((cols + L - 1) / L) * L);
        for (int jr = 0; jr < cols; jr += NR) {
            int w = Math.min(NR, cols - jr);
            int stride = (w + L - 1) / L * L;
            int d = jr * depth;
            if (transB) {
                packTransposed(ws, b, bOff + (j0 + jr) * ldb + p0, ldb, depth, w, stride, dst, d);
            } else {
                int src = bOff + p0 * ldb + j0 + jr;
                int whole = w / L * L;
                for (int p = 0; p < depth; p++, src += ldb, d += stride) {
                    for (int v = 0; v < whole; v += L) {
                        FloatVector.fromArray(F, b, src + v).intoArray(dst, d + v);
                    }
                    // the partial vector in scalar code: a masked load built its mask through the Vector API's Java
                    // code here (8% of an MLP GAN step, whose B has 100 columns)
                    for (int j = whole; j < stride; j++) {
                        dst[d + j] = j < w ? b[src + j] : 0f;
                    }
                }
            }
        }
        ws.prepareNarrow(depth, j0, cols);
    }

    /**
     * Whether a block of {@code cols} columns from column {@code j0} is a whole product of 8 or 16 columns, which
     * {@link NarrowPanelKernels} run (a plan cuts columns only into whole panels, so a block at column 0 that narrow
     * is the whole product, and the choice depends on the shape only).
     */
    static boolean takesNarrowKernels(int j0, int cols) {
        return j0 == 0 && NarrowPanelKernels.applies(cols, L);
    }

    /** Whether whole vectors over {@code cols} columns from {@code lastRow} (the block's last row) stay in {@code b}. */
    static boolean inPlaceFits(float[] b, int lastRow, int cols) {
        return (long) lastRow + (cols + L - 1) / L * L <= b.length;
    }

    /**
     * Each row of the block is fetched whole into a row buffer that stays in L1, then dealt out to the panels:
     * fetching it panel by panel instead made four times as many calls to the operand, and for a convolution's
     * columns those short gathers cost more than the copy they saved.
     */
    @Override
    protected void packB(Workspace ws, ImplicitMatrix b, int p0, int depth, int j0, int cols) {
        ws.inPlace = null;
        float[] dst = ws.packed(depth * ((cols + L - 1) / L) * L);
        float[] row = ws.row(cols);
        for (int p = 0; p < depth; p++) {
            b.copyRow(p0 + p, j0, cols, row, 0);
            for (int jr = 0; jr < cols; jr += NR) {
                int w = Math.min(NR, cols - jr);
                int stride = (w + L - 1) / L * L;
                int d = jr * depth + p * stride;
                int whole = w / L * L;
                for (int v = 0; v < whole; v += L) {
                    FloatVector.fromArray(F, row, jr + v).intoArray(dst, d + v);
                }
                // the partial vector in scalar code, as in the other packB (a mask ran as Java code there)
                for (int j = whole; j < stride; j++) {
                    dst[d + j] = j < w ? row[jr + j] : 0f;
                }
            }
        }
        ws.prepareNarrow(depth, j0, cols);
    }

    /**
     * Panel of a column-major B: column {@code j} of the panel is the contiguous run at {@code src + j * ldb}. Each
     * packed vector of whole columns gathers one element from each of {@code L} columns; the partial vector past them
     * (padded with zeros) and, without vector gathers ({@link VectorHardware}), everything are scalar loops, with no
     * masks (see {@link #packB}). The element-by-element copy the gathers replaced wrote one float per cache line,
     * and took 9% of the samples of Conv2d(8→16)'s backward.
     */
    private static void packTransposed(Workspace ws, float[] b, int src, int ldb, int depth, int w, int stride,
                                       float[] dst, int d) {
        int gathered = VectorHardware.GATHERS ? w / L * L : 0;
        int[] columns = ws.columnOffsets(w, ldb);
        for (int p = 0; p < depth; p++) {
            int row = d + p * stride;
            for (int v = 0; v < gathered; v += L) {
                FloatVector.fromArray(F, b, src + p, columns, v).intoArray(dst, row + v);
            }
            for (int j = gathered; j < stride; j++) {
                dst[row + j] = j < w ? b[src + j * ldb + p] : 0f;
            }
        }
    }

    /**
     * All rows of a block in one call at 8 columns ({@link NarrowPanelKernels#rows8Shallow} on the packed panel for
     * a shallow block, else {@link NarrowPanelKernels#rows8}), else tile by tile.
     */
    @Override
    protected void tiles(Workspace ws, int depth, float[] a, int ai, int lda, int rows, int jr, float[] c, int ci,
                         int ldc, int cols, float alpha, float beta) {
        if (ws.narrowCols == 8 && NarrowPanelKernels.shallow(depth)) {
            NarrowPanelKernels.rows8Shallow(depth, a, ai, lda, rows, ws.packed, c, ci, ldc, alpha, beta, ws.tile);
        } else if (ws.narrowCols == 8) {
            NarrowPanelKernels.rows8(depth, a, ai, lda, rows, ws.narrow, c, ci, ldc, alpha, beta);
        } else {
            super.tiles(ws, depth, a, ai, lda, rows, jr, c, ci, ldc, cols, alpha, beta);
        }
    }

    @Override
    protected void tile(Workspace ws, int depth, float[] a, int ai, int lda, int rows, int jr, float[] c, int ci,
                        int ldc, int cols, float alpha, float beta) {
        if (ws.narrowCols == 16) {
            NarrowPanelKernels.tile16(depth, a, ai, lda, rows, ws.narrow, ws.tile, c, ci, ldc, alpha, beta);
            return;
        }
        float[] t = ws.tile;
        int vectors = (cols + L - 1) / L;
        float[] b = ws.inPlace == null ? ws.packed : ws.inPlace;
        int bi = ws.inPlace == null ? jr * depth : ws.inPlaceStart + jr;
        int ldb = ws.inPlace == null ? vectors * L : ws.inPlaceStride;
        // The kernels leave their accumulators in the tile: vectors never cross a call (C2 would box them there).
        switch (vectors) {
            case 4 -> {
                if (rows == 1) {
                    kernel4Row(depth, a, ai, b, bi, ldb, t);
                } else if (rows == MR && cols == NR && alpha == 1f && beta == 0f) {
                    kernel4(depth, a, ai, lda, rows, b, bi, ldb, c, ci, ldc);
                    return;
                } else {
                    kernel4(depth, a, ai, lda, rows, b, bi, ldb, t, 0, NR);
                }
            }
            case 3 -> kernel3(depth, a, ai, lda, rows, b, bi, ldb, t);
            case 2 -> {
                if (rows == 1) {
                    kernel2Row(depth, a, ai, b, bi, ldb, t);
                } else {
                    kernel2(depth, a, ai, lda, rows, b, bi, ldb, t);
                }
            }
            default -> kernel1(depth, a, ai, lda, rows, b, bi, ldb, t);
        }
        for (int r = 0; r < rows; r++) {
            int row = ci + r * ldc;
            int whole = cols / L * L;
            for (int v = 0; v < whole; v += L) {
                FloatVector x = FloatVector.fromArray(F, t, r * NR + v);
                if (alpha != 1f) { // every convolution and layer product has alpha 1: x * 1 is x, bit for bit
                    x = x.mul(alpha);
                }
                if (beta != 0f) {
                    x = FloatVector.fromArray(F, c, row + v).fma(FloatVector.broadcast(F, beta), x);
                }
                x.intoArray(c, row + v);
            }
            // the partial vector in scalar code, the same operations lane by lane (no masks: see packB)
            for (int j = whole; j < cols; j++) {
                float e = t[r * NR + j];
                if (alpha != 1f) {
                    e *= alpha;
                }
                c[row + j] = beta != 0f ? Math.fma(c[row + j], beta, e) : e;
            }
        }
    }

    /** A dot product for one-column products: see {@link StreamingProducts#dot}. */
    @Override
    protected float dot(float[] a, int ai, float[] b, int bi, int k) {
        return StreamingProducts.dot(a, ai, b, bi, k);
    }

    @Override
    protected void dot4(float[] a, int ai, int lda, float[] b, int bi, int k, float[] scratch, float[] sums,
                        boolean concurrent) {
        StreamingProducts.dot4(a, ai, lda, b, bi, k, scratch, sums, concurrent);
    }

    @Override
    protected void dot8(float[] a, int ai, int lda, float[] b, int bi, int k, float[] scratch, float[] sums,
                        boolean concurrent, boolean again) {
        // eight rows per load of b, except where threads share the rows and the loads' cache lines are unknown
        // (see StreamingProducts.dot8): then four rows of 8-lane loads
        if (!StreamingProducts.WIDE
                || !StreamingProducts.dot8(a, ai, lda, b, bi, k, scratch, sums, concurrent, again)) {
            super.dot8(a, ai, lda, b, bi, k, scratch, sums, concurrent, again);
        }
    }

    @Override
    protected void rowProduct(int j0, int j1, int k, float alpha, float[] a, int ai, int inc, float[] b, int bOff,
                              int ldb, float beta, float[] c, int cOff, float[] scratch) {
        StreamingProducts.rowProduct(j0, j1, k, kc, alpha, a, ai, inc, b, bOff, ldb, beta, c, cOff, scratch);
    }

    /**
     * The one-row path's register block. None with 16 vector registers, where its 16 accumulators would spill, and
     * none for 8 or 16 columns, which the narrow-panel kernels sum in another order: an implicit B, which always
     * takes the blocked path, must give the same bits.
     */
    @Override
    protected int rowProductScratch(int n) {
        return VectorHardware.SIXTEEN_REGISTERS || NarrowPanelKernels.applies(n, L) ? 0 : StreamingProducts.ROW_BLOCK;
    }

    /**
     * 6 rows x 4 vectors: 24 accumulators, stored at {@code out[o]}, rows {@code ldo} apart: into the tile buffer
     * (all 6 rows, whatever {@code rows}), or straight into C for a whole tile with alpha 1 and beta 0 (the first K
     * block of every layer's product), which skips the buffer's round trip: 147 -> 180-191 GFLOPS on 50176 x 64 x 16
     * (K = 16), 3-8% on the MLP and generator shapes. One method for both, so C2 compiles one kernel; a version with
     * both epilogues written out had grown too big for C1 and never left tier 2.
     */
    private static void kernel4(int depth, float[] a, int a0, int lda, int rows, float[] b, int bi, int ldb,
                                float[] out, int o, int ldo) {
        int a1 = rows > 1 ? a0 + lda : a0;
        int a2 = rows > 2 ? a1 + lda : a1;
        int a3 = rows > 3 ? a2 + lda : a2;
        int a4 = rows > 4 ? a3 + lda : a3;
        int a5 = rows > 5 ? a4 + lda : a4;
        FloatVector z = FloatVector.zero(F);
        FloatVector c00 = z, c01 = z, c02 = z, c03 = z;
        FloatVector c10 = z, c11 = z, c12 = z, c13 = z;
        FloatVector c20 = z, c21 = z, c22 = z, c23 = z;
        FloatVector c30 = z, c31 = z, c32 = z, c33 = z;
        FloatVector c40 = z, c41 = z, c42 = z, c43 = z;
        FloatVector c50 = z, c51 = z, c52 = z, c53 = z;
        for (int p = 0, bp = bi; p < depth; p++, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(F, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(F, b, bp + 3 * L);
            FloatVector x = FloatVector.broadcast(F, a[a0 + p]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02); c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(F, a[a1 + p]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12); c13 = b3.fma(x, c13);
            x = FloatVector.broadcast(F, a[a2 + p]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21); c22 = b2.fma(x, c22); c23 = b3.fma(x, c23);
            x = FloatVector.broadcast(F, a[a3 + p]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31); c32 = b2.fma(x, c32); c33 = b3.fma(x, c33);
            x = FloatVector.broadcast(F, a[a4 + p]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41); c42 = b2.fma(x, c42); c43 = b3.fma(x, c43);
            x = FloatVector.broadcast(F, a[a5 + p]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51); c52 = b2.fma(x, c52); c53 = b3.fma(x, c53);
        }
        int r1 = o + ldo;
        int r2 = r1 + ldo;
        int r3 = r2 + ldo;
        int r4 = r3 + ldo;
        int r5 = r4 + ldo;
        c00.intoArray(out, o); c01.intoArray(out, o + L);
        c02.intoArray(out, o + 2 * L); c03.intoArray(out, o + 3 * L);
        c10.intoArray(out, r1); c11.intoArray(out, r1 + L);
        c12.intoArray(out, r1 + 2 * L); c13.intoArray(out, r1 + 3 * L);
        c20.intoArray(out, r2); c21.intoArray(out, r2 + L);
        c22.intoArray(out, r2 + 2 * L); c23.intoArray(out, r2 + 3 * L);
        c30.intoArray(out, r3); c31.intoArray(out, r3 + L);
        c32.intoArray(out, r3 + 2 * L); c33.intoArray(out, r3 + 3 * L);
        c40.intoArray(out, r4); c41.intoArray(out, r4 + L);
        c42.intoArray(out, r4 + 2 * L); c43.intoArray(out, r4 + 3 * L);
        c50.intoArray(out, r5); c51.intoArray(out, r5 + L);
        c52.intoArray(out, r5 + 2 * L); c53.intoArray(out, r5 + 3 * L);
    }

    /**
     * 1 row x 4 vectors, for products of a single row (a layer's weight gradient with one output, a batch of one):
     * {@link #kernel4} would compute that row six times. Same accumulation order, so the same bits.
     */
    private static void kernel4Row(int depth, float[] a, int a0, float[] b, int bi, int ldb, float[] t) {
        FloatVector c0 = FloatVector.zero(F);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        for (int p = 0, bp = bi; p < depth; p++, bp += ldb) {
            FloatVector x = FloatVector.broadcast(F, a[a0 + p]);
            c0 = FloatVector.fromArray(F, b, bp).fma(x, c0);
            c1 = FloatVector.fromArray(F, b, bp + L).fma(x, c1);
            c2 = FloatVector.fromArray(F, b, bp + 2 * L).fma(x, c2);
            c3 = FloatVector.fromArray(F, b, bp + 3 * L).fma(x, c3);
        }
        c0.intoArray(t, 0);
        c1.intoArray(t, L);
        c2.intoArray(t, 2 * L);
        c3.intoArray(t, 3 * L);
    }

    /** {@link #kernel4Row} for panels of 2 vectors (the widest with 16 vector registers). */
    private static void kernel2Row(int depth, float[] a, int a0, float[] b, int bi, int ldb, float[] t) {
        FloatVector c0 = FloatVector.zero(F);
        FloatVector c1 = c0;
        for (int p = 0, bp = bi; p < depth; p++, bp += ldb) {
            FloatVector x = FloatVector.broadcast(F, a[a0 + p]);
            c0 = FloatVector.fromArray(F, b, bp).fma(x, c0);
            c1 = FloatVector.fromArray(F, b, bp + L).fma(x, c1);
        }
        c0.intoArray(t, 0);
        c1.intoArray(t, L);
    }

    /** 6 rows x 3 vectors: 18 accumulators, stored into the tile t. */
    private static void kernel3(int depth, float[] a, int a0, int lda, int rows, float[] b, int bi, int ldb,
                                float[] t) {
        int a1 = rows > 1 ? a0 + lda : a0;
        int a2 = rows > 2 ? a1 + lda : a1;
        int a3 = rows > 3 ? a2 + lda : a2;
        int a4 = rows > 4 ? a3 + lda : a3;
        int a5 = rows > 5 ? a4 + lda : a4;
        FloatVector z = FloatVector.zero(F);
        FloatVector c00 = z, c01 = z, c02 = z;
        FloatVector c10 = z, c11 = z, c12 = z;
        FloatVector c20 = z, c21 = z, c22 = z;
        FloatVector c30 = z, c31 = z, c32 = z;
        FloatVector c40 = z, c41 = z, c42 = z;
        FloatVector c50 = z, c51 = z, c52 = z;
        for (int p = 0, bp = bi; p < depth; p++, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(F, b, bp + 2 * L);
            FloatVector x = FloatVector.broadcast(F, a[a0 + p]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02);
            x = FloatVector.broadcast(F, a[a1 + p]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12);
            x = FloatVector.broadcast(F, a[a2 + p]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21); c22 = b2.fma(x, c22);
            x = FloatVector.broadcast(F, a[a3 + p]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31); c32 = b2.fma(x, c32);
            x = FloatVector.broadcast(F, a[a4 + p]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41); c42 = b2.fma(x, c42);
            x = FloatVector.broadcast(F, a[a5 + p]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51); c52 = b2.fma(x, c52);
        }
        c00.intoArray(t, 0); c01.intoArray(t, L); c02.intoArray(t, 2 * L);
        c10.intoArray(t, NR); c11.intoArray(t, NR + L); c12.intoArray(t, NR + 2 * L);
        c20.intoArray(t, 2 * NR); c21.intoArray(t, 2 * NR + L); c22.intoArray(t, 2 * NR + 2 * L);
        c30.intoArray(t, 3 * NR); c31.intoArray(t, 3 * NR + L); c32.intoArray(t, 3 * NR + 2 * L);
        c40.intoArray(t, 4 * NR); c41.intoArray(t, 4 * NR + L); c42.intoArray(t, 4 * NR + 2 * L);
        c50.intoArray(t, 5 * NR); c51.intoArray(t, 5 * NR + L); c52.intoArray(t, 5 * NR + 2 * L);
    }

    /** 6 rows x 2 vectors: 12 accumulators, stored into the tile t. */
    private static void kernel2(int depth, float[] a, int a0, int lda, int rows, float[] b, int bi, int ldb,
                                float[] t) {
        int a1 = rows > 1 ? a0 + lda : a0;
        int a2 = rows > 2 ? a1 + lda : a1;
        int a3 = rows > 3 ? a2 + lda : a2;
        int a4 = rows > 4 ? a3 + lda : a3;
        int a5 = rows > 5 ? a4 + lda : a4;
        FloatVector z = FloatVector.zero(F);
        FloatVector c00 = z, c01 = z;
        FloatVector c10 = z, c11 = z;
        FloatVector c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z;
        FloatVector c50 = z, c51 = z;
        for (int p = 0, bp = bi; p < depth; p++, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + L);
            FloatVector x = FloatVector.broadcast(F, a[a0 + p]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(F, a[a1 + p]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(F, a[a2 + p]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(F, a[a3 + p]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(F, a[a4 + p]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(F, a[a5 + p]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
        }
        c00.intoArray(t, 0); c01.intoArray(t, L);
        c10.intoArray(t, NR); c11.intoArray(t, NR + L);
        c20.intoArray(t, 2 * NR); c21.intoArray(t, 2 * NR + L);
        c30.intoArray(t, 3 * NR); c31.intoArray(t, 3 * NR + L);
        c40.intoArray(t, 4 * NR); c41.intoArray(t, 4 * NR + L);
        c50.intoArray(t, 5 * NR); c51.intoArray(t, 5 * NR + L);
    }

    /** 6 rows x 1 vector: 6 accumulators, stored into the tile t. */
    private static void kernel1(int depth, float[] a, int a0, int lda, int rows, float[] b, int bi, int ldb,
                                float[] t) {
        int a1 = rows > 1 ? a0 + lda : a0;
        int a2 = rows > 2 ? a1 + lda : a1;
        int a3 = rows > 3 ? a2 + lda : a2;
        int a4 = rows > 4 ? a3 + lda : a3;
        int a5 = rows > 5 ? a4 + lda : a4;
        FloatVector z = FloatVector.zero(F);
        FloatVector c00 = z;
        FloatVector c10 = z;
        FloatVector c20 = z;
        FloatVector c30 = z;
        FloatVector c40 = z;
        FloatVector c50 = z;
        for (int p = 0, bp = bi; p < depth; p++, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector x = FloatVector.broadcast(F, a[a0 + p]);
            c00 = b0.fma(x, c00);
            x = FloatVector.broadcast(F, a[a1 + p]);
            c10 = b0.fma(x, c10);
            x = FloatVector.broadcast(F, a[a2 + p]);
            c20 = b0.fma(x, c20);
            x = FloatVector.broadcast(F, a[a3 + p]);
            c30 = b0.fma(x, c30);
            x = FloatVector.broadcast(F, a[a4 + p]);
            c40 = b0.fma(x, c40);
            x = FloatVector.broadcast(F, a[a5 + p]);
            c50 = b0.fma(x, c50);
        }
        c00.intoArray(t, 0);
        c10.intoArray(t, NR);
        c20.intoArray(t, 2 * NR);
        c30.intoArray(t, 3 * NR);
        c40.intoArray(t, 4 * NR);
        c50.intoArray(t, 5 * NR);
    }
}
