package dev.latent.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD kernels of products with one column or one row (a layer with a single output, its weight gradient).
 * They do two FMAs per element of the big operand, so they run at the speed that operand streams in: the kernels
 * keep several independent streams in flight and read each one contiguously.
 */
final class StreamingProducts {
    private static final VectorSpecies<Float> F = PanamaGemm.F;
    private static final int L = PanamaGemm.L;
    /** Columns per register block of {@link #rowProduct}: 16 accumulators. */
    static final int ROW_BLOCK = 16 * L;

    private StreamingProducts() {
    }

    /**
     * {@code sum over p < k of a[ai + p] * b[bi + p]}: four vector sums, their lanes added in index order (not
     * {@code reduceLanes}, whose order differs before and after C2 compiles the caller), then the tail.
     */
    static float dot(float[] a, int ai, float[] b, int bi, int k) {
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int p = 0;
        for (int bound = k - 4 * L; p <= bound; p += 4 * L) {
            s0 = FloatVector.fromArray(F, a, ai + p).fma(FloatVector.fromArray(F, b, bi + p), s0);
            s1 = FloatVector.fromArray(F, a, ai + p + L).fma(FloatVector.fromArray(F, b, bi + p + L), s1);
            s2 = FloatVector.fromArray(F, a, ai + p + 2 * L).fma(FloatVector.fromArray(F, b, bi + p + 2 * L), s2);
            s3 = FloatVector.fromArray(F, a, ai + p + 3 * L).fma(FloatVector.fromArray(F, b, bi + p + 3 * L), s3);
        }
        for (int bound = k - L; p <= bound; p += L) {
            s0 = FloatVector.fromArray(F, a, ai + p).fma(FloatVector.fromArray(F, b, bi + p), s0);
        }
        FloatVector total = s0.add(s1).add(s2.add(s3));
        float s = 0f;
        for (int lane = 0; lane < L; lane++) {
            s += total.lane(lane);
        }
        for (; p < k; p++) {
            s = Math.fma(a[ai + p], b[bi + p], s);
        }
        return s;
    }

    /**
     * {@link #dot} of the four rows of A at {@code ai, ai + lda, ...} with b, into {@code out[0..3]}, each in
     * exactly {@link #dot}'s order: sharing the loads of b and keeping four streams of A in flight measured 41 ->
     * 47 GFLOPS on 256 x 1 x 6272 (OpenBLAS 48). {@code lanes} is scratch of at least {@code 4 * L} floats (the
     * vector sums pass through it: a vector handed to a method C2 does not inline is boxed).
     */
    static void dot4(float[] a, int ai, int lda, float[] b, int bi, int k, float[] lanes, float[] out) {
        int a1 = ai + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        FloatVector z = FloatVector.zero(F);
        FloatVector s00 = z, s01 = z, s02 = z, s03 = z;
        FloatVector s10 = z, s11 = z, s12 = z, s13 = z;
        FloatVector s20 = z, s21 = z, s22 = z, s23 = z;
        FloatVector s30 = z, s31 = z, s32 = z, s33 = z;
        int p = 0;
        for (int bound = k - 4 * L; p <= bound; p += 4 * L) {
            FloatVector b0 = FloatVector.fromArray(F, b, bi + p);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + p + L);
            FloatVector b2 = FloatVector.fromArray(F, b, bi + p + 2 * L);
            FloatVector b3 = FloatVector.fromArray(F, b, bi + p + 3 * L);
            s00 = FloatVector.fromArray(F, a, ai + p).fma(b0, s00);
            s01 = FloatVector.fromArray(F, a, ai + p + L).fma(b1, s01);
            s02 = FloatVector.fromArray(F, a, ai + p + 2 * L).fma(b2, s02);
            s03 = FloatVector.fromArray(F, a, ai + p + 3 * L).fma(b3, s03);
            s10 = FloatVector.fromArray(F, a, a1 + p).fma(b0, s10);
            s11 = FloatVector.fromArray(F, a, a1 + p + L).fma(b1, s11);
            s12 = FloatVector.fromArray(F, a, a1 + p + 2 * L).fma(b2, s12);
            s13 = FloatVector.fromArray(F, a, a1 + p + 3 * L).fma(b3, s13);
            s20 = FloatVector.fromArray(F, a, a2 + p).fma(b0, s20);
            s21 = FloatVector.fromArray(F, a, a2 + p + L).fma(b1, s21);
            s22 = FloatVector.fromArray(F, a, a2 + p + 2 * L).fma(b2, s22);
            s23 = FloatVector.fromArray(F, a, a2 + p + 3 * L).fma(b3, s23);
            s30 = FloatVector.fromArray(F, a, a3 + p).fma(b0, s30);
            s31 = FloatVector.fromArray(F, a, a3 + p + L).fma(b1, s31);
            s32 = FloatVector.fromArray(F, a, a3 + p + 2 * L).fma(b2, s32);
            s33 = FloatVector.fromArray(F, a, a3 + p + 3 * L).fma(b3, s33);
        }
        for (int bound = k - L; p <= bound; p += L) {
            FloatVector b0 = FloatVector.fromArray(F, b, bi + p);
            s00 = FloatVector.fromArray(F, a, ai + p).fma(b0, s00);
            s10 = FloatVector.fromArray(F, a, a1 + p).fma(b0, s10);
            s20 = FloatVector.fromArray(F, a, a2 + p).fma(b0, s20);
            s30 = FloatVector.fromArray(F, a, a3 + p).fma(b0, s30);
        }
        s00.add(s01).add(s02.add(s03)).intoArray(lanes, 0);
        s10.add(s11).add(s12.add(s13)).intoArray(lanes, L);
        s20.add(s21).add(s22.add(s23)).intoArray(lanes, 2 * L);
        s30.add(s31).add(s32.add(s33)).intoArray(lanes, 3 * L);
        out[0] = laneSumAndTail(lanes, 0, a, ai, b, bi, p, k);
        out[1] = laneSumAndTail(lanes, L, a, a1, b, bi, p, k);
        out[2] = laneSumAndTail(lanes, 2 * L, a, a2, b, bi, p, k);
        out[3] = laneSumAndTail(lanes, 3 * L, a, a3, b, bi, p, k);
    }

    /** The end of {@link #dot} once its vector loops stopped at {@code p}: the lanes in index order, then the tail. */
    private static float laneSumAndTail(float[] lanes, int off, float[] a, int ai, float[] b, int bi, int p, int k) {
        float s = 0f;
        for (int lane = 0; lane < L; lane++) {
            s += lanes[off + lane];
        }
        for (; p < k; p++) {
            s = Math.fma(a[ai + p], b[bi + p], s);
        }
        return s;
    }

    /**
     * Columns {@code [j0, j1)} of a one-row product {@code c = alpha * a * B + beta * c}, with {@code a[ai + p *
     * inc]} the row and B row-major. B is read row by row, {@link #ROW_BLOCK} contiguous columns at a time, instead
     * of panel by panel down its rows (a stride of a whole row per step, which the prefetchers do not follow): 35 ->
     * 48 GFLOPS on 1 x 6272 x 256 (OpenBLAS 49). K is cut into blocks of {@code kc} and each block's sums are
     * added to C as the blocked path adds them, so the bits are the blocked path's, whatever the split.
     * {@code scratch} holds at least {@link #ROW_BLOCK} floats.
     */
    static void rowProduct(int j0, int j1, int k, int kc, float alpha, float[] a, int ai, int inc, float[] b,
                           int bOff, int ldb, float beta, float[] c, int cOff, float[] scratch) {
        for (int pc = 0; pc < k; pc += kc) {
            int depth = Math.min(kc, k - pc);
            int ap = ai + pc * inc;
            int bp = bOff + pc * ldb;
            float betaNow = pc == 0 ? beta : 1f;
            int j = j0;
            for (; j + ROW_BLOCK <= j1; j += ROW_BLOCK) {
                rowBlock(depth, a, ap, inc, b, bp + j, ldb, scratch);
                store(scratch, ROW_BLOCK, alpha, betaNow, c, cOff + j);
            }
            for (; j + L <= j1; j += L) {
                rowVector(depth, a, ap, inc, b, bp + j, ldb, scratch);
                store(scratch, L, alpha, betaNow, c, cOff + j);
            }
            for (; j < j1; j++) {
                float s = 0f;
                for (int p = 0, q = ap, r = bp + j; p < depth; p++, q += inc, r += ldb) {
                    s = Math.fma(b[r], a[q], s);
                }
                scratch[0] = s;
                store(scratch, 1, alpha, betaNow, c, cOff + j);
            }
        }
    }

    /** One vector of a one-row product, columns from {@code b[bi]}, stored into {@code out}. */
    private static void rowVector(int k, float[] a, int ai, int inc, float[] b, int bi, int ldb, float[] out) {
        FloatVector s = FloatVector.zero(F);
        for (int p = 0, q = ai, r = bi; p < k; p++, q += inc, r += ldb) {
            s = FloatVector.fromArray(F, b, r).fma(FloatVector.broadcast(F, a[q]), s);
        }
        s.intoArray(out, 0);
    }

    /** {@code c[ci + j] = alpha * sums[j] + beta * c[ci + j]} for {@code j < width}; beta 0 does not read c. */
    private static void store(float[] sums, int width, float alpha, float beta, float[] c, int ci) {
        for (int j = 0; j < width; j++) {
            float x = sums[j];
            if (alpha != 1f) {
                x *= alpha;
            }
            c[ci + j] = beta != 0f ? Math.fma(c[ci + j], beta, x) : x;
        }
    }

    /** 16 vectors of one row product, columns from {@code b[bi]}, stored into {@code out}. */
    private static void rowBlock(int k, float[] a, int ai, int inc, float[] b, int bi, int ldb, float[] out) {
        FloatVector z = FloatVector.zero(F);
        FloatVector s0 = z, s1 = z, s2 = z, s3 = z, s4 = z, s5 = z, s6 = z, s7 = z;
        FloatVector s8 = z, s9 = z, s10 = z, s11 = z, s12 = z, s13 = z, s14 = z, s15 = z;
        for (int p = 0, ap = ai, bp = bi; p < k; p++, ap += inc, bp += ldb) {
            FloatVector x = FloatVector.broadcast(F, a[ap]);
            s0 = FloatVector.fromArray(F, b, bp).fma(x, s0);
            s1 = FloatVector.fromArray(F, b, bp + L).fma(x, s1);
            s2 = FloatVector.fromArray(F, b, bp + 2 * L).fma(x, s2);
            s3 = FloatVector.fromArray(F, b, bp + 3 * L).fma(x, s3);
            s4 = FloatVector.fromArray(F, b, bp + 4 * L).fma(x, s4);
            s5 = FloatVector.fromArray(F, b, bp + 5 * L).fma(x, s5);
            s6 = FloatVector.fromArray(F, b, bp + 6 * L).fma(x, s6);
            s7 = FloatVector.fromArray(F, b, bp + 7 * L).fma(x, s7);
            s8 = FloatVector.fromArray(F, b, bp + 8 * L).fma(x, s8);
            s9 = FloatVector.fromArray(F, b, bp + 9 * L).fma(x, s9);
            s10 = FloatVector.fromArray(F, b, bp + 10 * L).fma(x, s10);
            s11 = FloatVector.fromArray(F, b, bp + 11 * L).fma(x, s11);
            s12 = FloatVector.fromArray(F, b, bp + 12 * L).fma(x, s12);
            s13 = FloatVector.fromArray(F, b, bp + 13 * L).fma(x, s13);
            s14 = FloatVector.fromArray(F, b, bp + 14 * L).fma(x, s14);
            s15 = FloatVector.fromArray(F, b, bp + 15 * L).fma(x, s15);
        }
        s0.intoArray(out, 0); s1.intoArray(out, L); s2.intoArray(out, 2 * L); s3.intoArray(out, 3 * L);
        s4.intoArray(out, 4 * L); s5.intoArray(out, 5 * L); s6.intoArray(out, 6 * L); s7.intoArray(out, 7 * L);
        s8.intoArray(out, 8 * L); s9.intoArray(out, 9 * L); s10.intoArray(out, 10 * L); s11.intoArray(out, 11 * L);
        s12.intoArray(out, 12 * L); s13.intoArray(out, 13 * L); s14.intoArray(out, 14 * L); s15.intoArray(out, 15 * L);
    }
}
