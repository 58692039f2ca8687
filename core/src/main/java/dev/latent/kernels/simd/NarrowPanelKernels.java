package dev.latent.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Micro-kernels for products whose B block is one panel of 8 or 16 columns (convolutions with 8 or 16 output
 * channels, layers with 16 outputs), with 16-lane vectors.
 *
 * <p>There the one-vector kernel broadcasts one element of A per FMA; on Zen 5 it ran at 1.1-1.4 FMAs per cycle
 * even alone, and a 12-accumulator version was no faster. These kernels load four consecutive elements of an A row
 * at once and spread them over the vector's four lane groups; B is packed so that lane {@code 4i + j} of vector {@code g} of quad {@code q}
 * holds {@code B[4q + j][4g + i]}. One spread then feeds 4 FMAs (16 columns) or 2 (8 columns), and accumulator lane
 * {@code 4i + j} sums the terms whose k is {@code j} mod 4. The epilogue adds those four partial sums pairwise (a
 * fixed order), finishes the {@code depth % 4} last rows of B with ordinary broadcasts, applies alpha and beta and
 * stores into C. The summation order depends only on the shape, so results stay the same for every thread
 * count; they differ from the one-vector kernel's in rounding only. Shallow 8-column blocks ({@link #shallow}) skip
 * the quads and broadcast one element per FMA into half-width vectors instead.
 */
final class NarrowPanelKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorSpecies<Float> QUAD = FloatVector.SPECIES_128;
    private static final VectorSpecies<Float> HALF = FloatVector.SPECIES_256;
    private static final int L = 16;
    /** Four elements of A repeated over the four lane groups. */
    private static final VectorShuffle<Float> SPREAD =
            VectorShuffle.fromValues(F, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3);
    /** Even lanes of this vector, then even lanes of the other (indexes past 15 select from the other). */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(F, i -> 2 * i);
    /** Lanes 8-15. */
    private static final VectorMask<Float> HIGH_HALF = VectorMask.fromLong(F, 0xFF00L);
    /** Odd lanes of this vector, then odd lanes of the other. */
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(F, i -> 2 * i + 1);

    /**
     * For vector {@code g} of a quad (entries {@code g * 16} to {@code g * 16 + 15}): lane {@code 4i + j} reads row
     * {@code j}, column {@code 4g + i} of the quad's four packed rows of 16 floats.
     */
    private static final int[] QUAD_GATHER = new int[4 * L];

    static {
        for (int g = 0; g < 4; g++) {
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    QUAD_GATHER[g * L + 4 * i + j] = j * L + 4 * g + i;
                }
            }
        }
    }

    private NarrowPanelKernels() {
    }

    /** Whether a block of {@code cols} columns takes these kernels with vectors of {@code lanes} floats. */
    static boolean applies(int cols, int lanes) {
        return lanes == L && (cols == 16 || cols == 8);
    }

    /**
     * Whether an 8-column block of {@code depth} rows takes {@link #rows8Shallow} rather than the quad kernel: that
     * one pays a fixed epilogue per row pair and ordinary broadcasts for the {@code depth % 4} last rows, which
     * dominate at small depths. Measured on Zen 5 (8192 rows, 1 thread, GFLOPS quad → shallow): K = 4 26 → 35,
     * 9 38 → 55, 15 48 → 68, 18 54 → 73, 27 61 → 78, 31 74 → 82; level at 16; the quads win from 20 (87 against 77)
     * at multiples of 4 and from 32 always (91 against 83; 127 against 81 at 72).
     */
    static boolean shallow(int depth) {
        return depth < 16 || depth < 32 && depth % 4 != 0;
    }

    /** Floats of the packed layout for {@code depth} rows of {@code cols} (8 or 16) columns. */
    static int packedSize(int depth, int cols) {
        return depth / 4 * 4 * cols + depth % 4 * L * (cols == 8 ? 2 : 1);
    }

    /**
     * Repacks a panel of {@code depth} rows of 16 floats ({@code cols} of them columns, the rest zeros), such as
     * {@link PanamaGemm}'s packed panel, into the quad layout: the quads first, then the {@code depth % 4} tail rows
     * unchanged, then (at 8 columns) the tail rows with their columns moved to lanes 8-15.
     */
    static void pack(float[] panel, int depth, int cols, float[] dst) {
        int quads = depth / 4;
        int groups = cols / 4;
        int q0 = 0;
        if (VectorHardware.GATHERS) {
            // one gather per vector of the layout, from the quad's 4 x 16 floats: the element-by-element loop took
            // 9.5% of ConvT(64→1)'s backward, whose weight-gradient product has only 64 rows per packed panel
            for (; q0 < quads; q0++) {
                int in = q0 * 4 * L;
                int out = q0 * groups * L;
                for (int g = 0; g < groups; g++) {
                    FloatVector.fromArray(F, panel, in, QUAD_GATHER, g * L).intoArray(dst, out + g * L);
                }
            }
        }
        for (int q = q0; q < quads; q++) {
            int out = q * groups * L;
            for (int g = 0; g < groups; g++) {
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) {
                        dst[out + g * L + 4 * i + j] = panel[(4 * q + j) * L + 4 * g + i];
                    }
                }
            }
        }
        int tail = quads * groups * L;
        System.arraycopy(panel, quads * 4 * L, dst, tail, depth % 4 * L);
        if (cols == 8) {
            // the tail rows again with their 8 columns in lanes 8-15, for the second row of each pass of rows8
            int high = tail + depth % 4 * L;
            for (int p = 0; p < depth % 4; p++) {
                for (int j = 0; j < L; j++) {
                    dst[high + p * L + j] = j < 8 ? 0f : panel[(quads * 4 + p) * L + j - 8];
                }
            }
        }
    }

    /** {@code (a, b)} to one vector: lanes 0-7 add the adjacent lane pairs of a, lanes 8-15 those of b. */
    private static FloatVector pairSums(FloatVector a, FloatVector b) {
        return a.rearrange(EVEN, b).add(a.rearrange(ODD, b));
    }

    /** Spreads {@code a[i..i+3]} over the four lane groups. */
    private static FloatVector spread(float[] a, int i) {
        return ((FloatVector) FloatVector.fromArray(QUAD, a, i).reinterpretShape(F, 0)).rearrange(SPREAD);
    }

    /**
     * Finishes one row: {@code t[at..at+15]} holds the row's quad sums in column order; adds the tail rows of B (from
     * {@code bq[tail]}), applies alpha and beta and stores the 16 floats at {@code c[ci]}. The sums come through
     * memory: this method is too big for C2 to inline into the tile methods, and a vector argument would be boxed.
     */
    private static void finish(float[] t, int at, float[] a, int ai, int depth, float[] bq, int tail, float[] c,
                               int ci, float alpha, float beta) {
        FloatVector x = FloatVector.fromArray(F, t, at);
        for (int p = depth / 4 * 4, q = tail; p < depth; p++, q += L) {
            x = FloatVector.fromArray(F, bq, q).fma(FloatVector.broadcast(F, a[ai + p]), x);
        }
        if (alpha != 1f) {
            x = x.mul(alpha);
        }
        if (beta != 0f) {
            x = FloatVector.fromArray(F, c, ci).fma(FloatVector.broadcast(F, beta), x);
        }
        x.intoArray(c, ci);
    }

    /**
     * {@code C[rows x 16] = alpha * A[rows x depth] * B + beta * C} for {@code rows <= 6}, B in the quad layout;
     * A row r starts at {@code a[a0 + r * lda]}, C row r at {@code c[ci + r * ldc]}; t is scratch of at least
     * {@code 24 * 16} floats. The accumulators pass through t because a method holding the kernel and the
     * epilogue grew past C2's inlining node budget, and vectors handed to a method that is not inlined are boxed
     * (this took the first version down to 8 GFLOPS).
     */
    static void tile16(int depth, float[] a, int a0, int lda, int rows, float[] bq, float[] t, float[] c, int ci,
                       int ldc, float alpha, float beta) {
        kernel16(depth, a, a0, lda, rows, bq, t);
        int tail = depth / 4 * 4 * L;
        for (int r = 0; r < rows; r++) {
            FloatVector s = pairSums(
                    pairSums(FloatVector.fromArray(F, t, 4 * r * L), FloatVector.fromArray(F, t, (4 * r + 1) * L)),
                    pairSums(FloatVector.fromArray(F, t, (4 * r + 2) * L), FloatVector.fromArray(F, t, (4 * r + 3) * L)));
            s.intoArray(t, 4 * r * L);
            finish(t, 4 * r * L, a, a0 + r * lda, depth, bq, tail, c, ci + r * ldc, alpha, beta);
        }
    }

    /** The accumulation of {@link #tile16}: 6 rows x 4 lane-group vectors, 24 accumulators, stored into t. */
    private static void kernel16(int depth, float[] a, int a0, int lda, int rows, float[] bq, float[] t) {
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
        int quads = depth / 4;
        for (int q = 0; q < quads; q++) {
            int bp = q * 4 * L;
            int p = 4 * q;
            FloatVector b0 = FloatVector.fromArray(F, bq, bp);
            FloatVector b1 = FloatVector.fromArray(F, bq, bp + L);
            FloatVector b2 = FloatVector.fromArray(F, bq, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(F, bq, bp + 3 * L);
            FloatVector x = spread(a, a0 + p);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02); c03 = x.fma(b3, c03);
            x = spread(a, a1 + p);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12); c13 = x.fma(b3, c13);
            x = spread(a, a2 + p);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22); c23 = x.fma(b3, c23);
            x = spread(a, a3 + p);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32); c33 = x.fma(b3, c33);
            x = spread(a, a4 + p);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41); c42 = x.fma(b2, c42); c43 = x.fma(b3, c43);
            x = spread(a, a5 + p);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51); c52 = x.fma(b2, c52); c53 = x.fma(b3, c53);
        }
        c00.intoArray(t, 0); c01.intoArray(t, L); c02.intoArray(t, 2 * L); c03.intoArray(t, 3 * L);
        c10.intoArray(t, 4 * L); c11.intoArray(t, 5 * L); c12.intoArray(t, 6 * L); c13.intoArray(t, 7 * L);
        c20.intoArray(t, 8 * L); c21.intoArray(t, 9 * L); c22.intoArray(t, 10 * L); c23.intoArray(t, 11 * L);
        c30.intoArray(t, 12 * L); c31.intoArray(t, 13 * L); c32.intoArray(t, 14 * L); c33.intoArray(t, 15 * L);
        c40.intoArray(t, 16 * L); c41.intoArray(t, 17 * L); c42.intoArray(t, 18 * L); c43.intoArray(t, 19 * L);
        c50.intoArray(t, 20 * L); c51.intoArray(t, 21 * L); c52.intoArray(t, 22 * L); c53.intoArray(t, 23 * L);
    }

    /**
     * {@code C[rows x 8] = alpha * A[rows x depth] * B + beta * C} for a shallow depth, B as packed panel rows of 16
     * floats (columns 0-7 used), 8 rows at a time with half-width vectors: one broadcast from memory and one FMA per
     * element of A, and no lane sums to finish. Each row is summed in k order, so every row gets the same bits
     * whatever the rows around it.
     */
    static void rows8Shallow(int depth, float[] a, int a0, int lda, int rows, float[] panel, float[] c, int ci,
                             int ldc, float alpha, float beta, float[] t) {
        int r = 0;
        for (; r + 8 <= rows; r += 8) {
            int x0 = a0 + r * lda;
            int x1 = x0 + lda;
            int x2 = x1 + lda;
            int x3 = x2 + lda;
            int x4 = x3 + lda;
            int x5 = x4 + lda;
            int x6 = x5 + lda;
            int x7 = x6 + lda;
            FloatVector s0 = FloatVector.zero(HALF), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
            for (int p = 0, bp = 0; p < depth; p++, bp += L) {
                FloatVector b = FloatVector.fromArray(HALF, panel, bp);
                s0 = FloatVector.broadcast(HALF, a[x0 + p]).fma(b, s0);
                s1 = FloatVector.broadcast(HALF, a[x1 + p]).fma(b, s1);
                s2 = FloatVector.broadcast(HALF, a[x2 + p]).fma(b, s2);
                s3 = FloatVector.broadcast(HALF, a[x3 + p]).fma(b, s3);
                s4 = FloatVector.broadcast(HALF, a[x4 + p]).fma(b, s4);
                s5 = FloatVector.broadcast(HALF, a[x5 + p]).fma(b, s5);
                s6 = FloatVector.broadcast(HALF, a[x6 + p]).fma(b, s6);
                s7 = FloatVector.broadcast(HALF, a[x7 + p]).fma(b, s7);
            }
            boolean plain = alpha == 1f && beta == 0f;
            float[] out = plain ? c : t;
            int o = plain ? ci + r * ldc : 0;
            int lo = plain ? ldc : 8;
            s0.intoArray(out, o);
            s1.intoArray(out, o + lo);
            s2.intoArray(out, o + 2 * lo);
            s3.intoArray(out, o + 3 * lo);
            s4.intoArray(out, o + 4 * lo);
            s5.intoArray(out, o + 5 * lo);
            s6.intoArray(out, o + 6 * lo);
            s7.intoArray(out, o + 7 * lo);
            if (!plain) {
                for (int i = 0; i < 8; i++) {
                    finish8(t, 8 * i, c, ci + (r + i) * ldc, alpha, beta);
                }
            }
        }
        for (; r < rows; r++) {
            int x0 = a0 + r * lda;
            FloatVector s0 = FloatVector.zero(HALF);
            for (int p = 0, bp = 0; p < depth; p++, bp += L) {
                s0 = FloatVector.broadcast(HALF, a[x0 + p]).fma(FloatVector.fromArray(HALF, panel, bp), s0);
            }
            s0.intoArray(t, 0);
            finish8(t, 0, c, ci + r * ldc, alpha, beta);
        }
    }

    /** {@code c[ci..ci+7] = alpha * t[at..at+7] + beta * c[ci..ci+7]}, beta 0 not reading C. */
    private static void finish8(float[] t, int at, float[] c, int ci, float alpha, float beta) {
        FloatVector x = FloatVector.fromArray(HALF, t, at);
        if (alpha != 1f) {
            x = x.mul(alpha);
        }
        if (beta != 0f) {
            x = FloatVector.fromArray(HALF, c, ci).fma(FloatVector.broadcast(HALF, beta), x);
        }
        x.intoArray(c, ci);
    }

    /**
     * {@code C[rows x 8] = alpha * A[rows x depth] * B + beta * C} for any number of rows, B in the quad layout, two
     * rows per pass with everything in registers: a call per 6-row tile with its accumulators through memory cost
     * more than the arithmetic, 27 -> 39 GFLOPS on 50176 x 8 x 9 (which now takes {@link #rows8Shallow}). Lanes 0-7 of the pass's sums are row r, lanes 8-15 row r + 1. (Tried and slower,
     * 9-13 GFLOPS: the rows as the inner loop, one pass over them per quad of K with the sums waiting in memory.)
     */
    static void rows8(int depth, float[] a, int a0, int lda, int rows, float[] bq, float[] c, int ci, int ldc,
                      float alpha, float beta) {
        int quads = depth / 4;
        int tail = quads * 2 * L;
        int tailHigh = tail + depth % 4 * L;
        FloatVector z = FloatVector.zero(F);
        for (int r = 0; r < rows; r += 2) {
            int ar = a0 + r * lda;
            int an = r + 1 < rows ? ar + lda : ar;
            FloatVector s0 = z, s1 = z, u0 = z, u1 = z;
            for (int q = 0; q < quads; q++) {
                int bp = q * 2 * L;
                FloatVector b0 = FloatVector.fromArray(F, bq, bp);
                FloatVector b1 = FloatVector.fromArray(F, bq, bp + L);
                FloatVector x = spread(a, ar + 4 * q);
                s0 = x.fma(b0, s0);
                s1 = x.fma(b1, s1);
                x = spread(a, an + 4 * q);
                u0 = x.fma(b0, u0);
                u1 = x.fma(b1, u1);
            }
            // the depth % 4 last rows of B with broadcasts: row r against B's row in lanes 0-7, row r + 1 against
            // it in lanes 8-15, then a blend keeps each row's own lanes
            FloatVector d = z;
            FloatVector e = z;
            for (int p = quads * 4, lo = tail, hi = tailHigh; p < depth; p++, lo += L, hi += L) {
                d = FloatVector.broadcast(F, a[ar + p]).fma(FloatVector.fromArray(F, bq, lo), d);
                e = FloatVector.broadcast(F, a[an + p]).fma(FloatVector.fromArray(F, bq, hi), e);
            }
            FloatVector x = pairSums(pairSums(s0, s1), pairSums(u0, u1)).add(d.blend(e, HIGH_HALF));
            if (alpha != 1f) {
                x = x.mul(alpha);
            }
            int row = ci + r * ldc;
            FloatVector h = (FloatVector) x.reinterpretShape(HALF, 0);
            if (beta != 0f) {
                h = FloatVector.fromArray(HALF, c, row).fma(FloatVector.broadcast(HALF, beta), h);
            }
            h.intoArray(c, row);
            if (r + 1 < rows) {
                h = (FloatVector) x.reinterpretShape(HALF, 1);
                if (beta != 0f) {
                    h = FloatVector.fromArray(HALF, c, row + ldc).fma(FloatVector.broadcast(HALF, beta), h);
                }
                h.intoArray(c, row + ldc);
            }
        }
    }
}
