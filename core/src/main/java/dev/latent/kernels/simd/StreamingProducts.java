package dev.latent.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD kernels of products with one column or one row (a layer with a single output, its weight gradient).
 * They do two FMAs per element of the big operand, so they run at the speed that operand streams in: the kernels
 * keep several independent streams in flight and read each one contiguously.
 */
final class StreamingProducts {
    private static final VectorSpecies<Float> F = PanamaGemm.F;
    private static final int L = PanamaGemm.L;
    /** The dot products' vectors: at most 8 lanes (see {@link #dot4}). */
    private static final VectorSpecies<Float> D = L > 8 ? FloatVector.SPECIES_256 : F;
    private static final int DL = D.length();
    /** Elements per step of the dot products' loops: four vectors of {@link #DL} lanes. */
    private static final int BLOCK = 4 * DL;
    /** Whether {@link #dot4} may load 16 lanes at a time: two of its {@link #DL}-lane sums side by side. */
    static final boolean WIDE = L == 2 * DL;
    /** Columns per register block of {@link #rowProduct}: 16 accumulators. */
    static final int ROW_BLOCK = 16 * L;
    /**
     * Where {@link #dot8Lines} puts, in its scratch past eight rows' sums, the elements its loads would otherwise
     * read from outside the arrays: b's first and last, then the first row's first and the last row's last.
     */
    private static final int EDGES = 8 * BLOCK;
    /** Scratch floats {@link #dot8} needs: eight rows' sums and four vectors of edge elements. */
    static final int DOT8_SCRATCH = EDGES + 4 * L;

    private StreamingProducts() {
    }

    /**
     * {@code sum over p < k of a[ai + p] * b[bi + p]} in the dot products' one order: four sums of {@link #DL}
     * lanes, lane {@code j} of sum {@code q} taking element {@code p0 + q * DL + j} of each whole block of {@link
     * #BLOCK} elements (from {@code p0}) in turn; then lane by lane {@code (s0 + s1) + (s2 + s3)}, those lanes added
     * in index order (not {@code reduceLanes}, whose order differs before and after C2 compiles the caller), then
     * the {@code k % BLOCK} last elements one by one.
     */
    static float dot(float[] a, int ai, float[] b, int bi, int k) {
        FloatVector s0 = FloatVector.zero(D);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int p = 0;
        for (int bound = k - BLOCK; p <= bound; p += BLOCK) {
            s0 = FloatVector.fromArray(D, a, ai + p).fma(FloatVector.fromArray(D, b, bi + p), s0);
            s1 = FloatVector.fromArray(D, a, ai + p + DL).fma(FloatVector.fromArray(D, b, bi + p + DL), s1);
            s2 = FloatVector.fromArray(D, a, ai + p + 2 * DL).fma(FloatVector.fromArray(D, b, bi + p + 2 * DL), s2);
            s3 = FloatVector.fromArray(D, a, ai + p + 3 * DL).fma(FloatVector.fromArray(D, b, bi + p + 3 * DL), s3);
        }
        FloatVector total = s0.add(s1).add(s2.add(s3));
        float s = 0f;
        for (int lane = 0; lane < DL; lane++) {
            s += total.lane(lane);
        }
        for (; p < k; p++) {
            s = Math.fma(a[ai + p], b[bi + p], s);
        }
        return s;
    }

    /**
     * {@link #dot} of the four rows of A at {@code ai, ai + lda, ...} with b, into {@code out[0..3]}, each bit for
     * bit in {@link #dot}'s order. Sharing the loads of b and keeping four streams of A in flight measured 41 -> 47
     * GFLOPS on 256 x 1 x 6272 (OpenBLAS 48). {@code lanes} is scratch of at least {@code 4 * BLOCK} floats (the
     * vector sums pass through it: a vector handed to a method C2 does not inline is boxed).
     *
     * <p>{@code concurrent} says whether other threads stream their own rows meanwhile. Then the loads are of
     * {@link #DL} lanes: a heap array rarely starts on a 64-byte line, so every 16-lane load of a stream spans two
     * lines, and with 8 lanes only every other load does. Alone on its core a thread streams faster with 16-lane
     * loads. Both give the same bits: a 16-lane sum holds two of the 8-lane sums side by side.
     */
    static void dot4(float[] a, int ai, int lda, float[] b, int bi, int k, float[] lanes, float[] out,
                     boolean concurrent) {
        int p = WIDE && !concurrent ? dot4Wide(a, ai, lda, b, bi, k, lanes) : dot4Narrow(a, ai, lda, b, bi, k, lanes);
        for (int r = 0; r < 4; r++) {
            out[r] = laneSumAndTail(lanes, r * BLOCK, a, ai + r * lda, b, bi, p, k);
        }
    }

    /**
     * {@link #dot4} of eight rows, with 16-lane loads (only when {@link #WIDE}), the same bits; false, having done
     * nothing, where the caller should sum them four at a time instead. Each load of b serves eight rows of A
     * instead of four, which frees load slots for A's stream: alone on its core, 256 x 1 x 6272 went from
     * 14,000-14,100 to 15,200-15,300 products/s (45 -> 49 GFLOPS, OpenBLAS 42-48).
     *
     * <p>While threads share the rows ({@code concurrent}), 16-lane loads that span two cache lines cost more than
     * that saves (22,600-22,800 against {@link #dot4Narrow}'s 24,400-24,500). So then the loads start where {@link
     * HeapLines} says A's lines start (the rows a whole number of lines apart), which it knows for a large array,
     * and the rows go four at a time, 8 lanes wide, where it does not: 22,400-22,800 -> 24,300-24,900 products/s on
     * 2 threads. That holds for the first and last rows of the array too: the loads that would start before it or
     * end past it read copies of their elements. {@code again}: the previous call on {@code lanes} was for the
     * eight rows before these, with the same b (see {@link #dot8From}).
     */
    static boolean dot8(float[] a, int ai, int lda, float[] b, int bi, int k, float[] lanes, float[] out,
                        boolean concurrent, boolean again) {
        int h = 0;
        if (concurrent) {
            if (lda % HeapLines.LINE_FLOATS != 0 || !HeapLines.knows(a)) {
                return false;
            }
            h = HeapLines.toLineStart(ai);
        }
        dot8From(a, ai, lda, b, bi, k, h, lanes, out, again);
        return true;
    }

    /**
     * The eight rows' dot products into {@code out[0..7]} with each row's loads starting {@code h} elements in
     * ({@code 0 <= h < 16}; the rows at least 16 elements apart). {@code lanes} holds at least {@link
     * #DOT8_SCRATCH} floats. With {@code again} it still holds b's edge elements from a call with the same b, bi, k
     * and h: copying them for each pass of eight rows cost 3-4% of the 2-thread product.
     */
    static void dot8From(float[] a, int ai, int lda, float[] b, int bi, int k, int h, float[] lanes, float[] out,
                         boolean again) {
        int end = k - k % BLOCK;
        int p = h == 0 || end == 0
                ? dot8Wide(a, ai, lda, b, bi, k, lanes)
                : dot8Lines(a, ai, lda, b, bi, k, h, lanes, again);
        int turn = h == 0 || end == 0 ? 0 : h;
        for (int r = 0; r < 8; r++) {
            out[r] = foldedSumAndTail(lanes, r * L, turn, a, ai + r * lda, b, bi, p, k);
        }
    }

    /**
     * {@link #dot8Wide} with each row's loads starting {@code h} elements in. Every element still goes to the same
     * lane of the same sum, in the same order: sum {@code u} of a row holds the sums' lanes {@code h .. h + 15} and
     * {@code v} the 16 after them (wrapping past 32): a ring that {@link #foldedSumAndTail} reads turned back by
     * {@code h}. Elements {@code [0, h)} come first, into {@code v}'s last lanes, and the last whole block's last
     * {@code 16 - h} last, into its first lanes: loads from 16 - h elements early and from the end of the block,
     * kept by a blend (a masked load is compiled to one only where it cannot reach outside the array, and on b it
     * could). The loads that could reach outside an array read copies of their elements in {@code lanes} instead:
     * b's first and last (copied unless {@code again}), the first row's first when it starts the array and the last
     * row's last when it ends it. The others stay inside the rows next to theirs.
     */
    private static int dot8Lines(float[] a, int ai, int lda, float[] b, int bi, int k, int h, float[] lanes,
                                 boolean again) {
        int end = k - k % BLOCK;
        int a1 = ai + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        int a5 = a4 + lda;
        int a6 = a5 + lda;
        int a7 = a6 + lda;
        if (!again) {
            System.arraycopy(b, bi, lanes, EDGES + L - h, h);
            System.arraycopy(b, bi + end - (L - h), lanes, EDGES + L, L - h);
        }
        float[] head = a;
        int headAt = ai + h - L;
        if (headAt < 0) {
            System.arraycopy(a, ai, lanes, EDGES + 3 * L - h, h);
            head = lanes;
            headAt = EDGES + 2 * L;
        }
        float[] tail = a;
        int tailAt = a7 + end - L + h;
        if (tailAt + L > a.length) {
            System.arraycopy(a, a7 + end - (L - h), lanes, EDGES + 3 * L, L - h);
            tail = lanes;
            tailAt = EDGES + 3 * L;
        }
        VectorMask<Float> last = F.indexInRange(h - L, h);
        FloatVector z = FloatVector.zero(F);
        FloatVector bh = FloatVector.fromArray(F, lanes, EDGES);
        FloatVector u0 = z, u1 = z, u2 = z, u3 = z, u4 = z, u5 = z, u6 = z, u7 = z;
        FloatVector v0 = z.blend(FloatVector.fromArray(F, head, headAt).fma(bh, z), last);
        FloatVector v1 = z.blend(FloatVector.fromArray(F, a, a1 + h - L).fma(bh, z), last);
        FloatVector v2 = z.blend(FloatVector.fromArray(F, a, a2 + h - L).fma(bh, z), last);
        FloatVector v3 = z.blend(FloatVector.fromArray(F, a, a3 + h - L).fma(bh, z), last);
        FloatVector v4 = z.blend(FloatVector.fromArray(F, a, a4 + h - L).fma(bh, z), last);
        FloatVector v5 = z.blend(FloatVector.fromArray(F, a, a5 + h - L).fma(bh, z), last);
        FloatVector v6 = z.blend(FloatVector.fromArray(F, a, a6 + h - L).fma(bh, z), last);
        FloatVector v7 = z.blend(FloatVector.fromArray(F, a, a7 + h - L).fma(bh, z), last);
        int p = h;
        for (int bound = end - BLOCK; p <= bound; p += BLOCK) {
            FloatVector bu = FloatVector.fromArray(F, b, bi + p);
            FloatVector bv = FloatVector.fromArray(F, b, bi + p + L);
            u0 = FloatVector.fromArray(F, a, ai + p).fma(bu, u0);
            v0 = FloatVector.fromArray(F, a, ai + p + L).fma(bv, v0);
            u1 = FloatVector.fromArray(F, a, a1 + p).fma(bu, u1);
            v1 = FloatVector.fromArray(F, a, a1 + p + L).fma(bv, v1);
            u2 = FloatVector.fromArray(F, a, a2 + p).fma(bu, u2);
            v2 = FloatVector.fromArray(F, a, a2 + p + L).fma(bv, v2);
            u3 = FloatVector.fromArray(F, a, a3 + p).fma(bu, u3);
            v3 = FloatVector.fromArray(F, a, a3 + p + L).fma(bv, v3);
            u4 = FloatVector.fromArray(F, a, a4 + p).fma(bu, u4);
            v4 = FloatVector.fromArray(F, a, a4 + p + L).fma(bv, v4);
            u5 = FloatVector.fromArray(F, a, a5 + p).fma(bu, u5);
            v5 = FloatVector.fromArray(F, a, a5 + p + L).fma(bv, v5);
            u6 = FloatVector.fromArray(F, a, a6 + p).fma(bu, u6);
            v6 = FloatVector.fromArray(F, a, a6 + p + L).fma(bv, v6);
            u7 = FloatVector.fromArray(F, a, a7 + p).fma(bu, u7);
            v7 = FloatVector.fromArray(F, a, a7 + p + L).fma(bv, v7);
        }
        VectorMask<Float> first = F.indexInRange(0, L - h);
        FloatVector bu = FloatVector.fromArray(F, b, bi + p);
        FloatVector bv = FloatVector.fromArray(F, lanes, EDGES + L);
        u0 = FloatVector.fromArray(F, a, ai + p).fma(bu, u0);
        v0 = v0.blend(FloatVector.fromArray(F, a, ai + p + L).fma(bv, v0), first);
        u1 = FloatVector.fromArray(F, a, a1 + p).fma(bu, u1);
        v1 = v1.blend(FloatVector.fromArray(F, a, a1 + p + L).fma(bv, v1), first);
        u2 = FloatVector.fromArray(F, a, a2 + p).fma(bu, u2);
        v2 = v2.blend(FloatVector.fromArray(F, a, a2 + p + L).fma(bv, v2), first);
        u3 = FloatVector.fromArray(F, a, a3 + p).fma(bu, u3);
        v3 = v3.blend(FloatVector.fromArray(F, a, a3 + p + L).fma(bv, v3), first);
        u4 = FloatVector.fromArray(F, a, a4 + p).fma(bu, u4);
        v4 = v4.blend(FloatVector.fromArray(F, a, a4 + p + L).fma(bv, v4), first);
        u5 = FloatVector.fromArray(F, a, a5 + p).fma(bu, u5);
        v5 = v5.blend(FloatVector.fromArray(F, a, a5 + p + L).fma(bv, v5), first);
        u6 = FloatVector.fromArray(F, a, a6 + p).fma(bu, u6);
        v6 = v6.blend(FloatVector.fromArray(F, a, a6 + p + L).fma(bv, v6), first);
        u7 = FloatVector.fromArray(F, a, a7 + p).fma(bu, u7);
        v7 = v7.blend(FloatVector.fromArray(F, tail, tailAt).fma(bv, v7), first);
        u0.add(u0.slice(DL, v0)).add(v0.add(v0.slice(DL, u0))).intoArray(lanes, 0 * L);
        u1.add(u1.slice(DL, v1)).add(v1.add(v1.slice(DL, u1))).intoArray(lanes, 1 * L);
        u2.add(u2.slice(DL, v2)).add(v2.add(v2.slice(DL, u2))).intoArray(lanes, 2 * L);
        u3.add(u3.slice(DL, v3)).add(v3.add(v3.slice(DL, u3))).intoArray(lanes, 3 * L);
        u4.add(u4.slice(DL, v4)).add(v4.add(v4.slice(DL, u4))).intoArray(lanes, 4 * L);
        u5.add(u5.slice(DL, v5)).add(v5.add(v5.slice(DL, u5))).intoArray(lanes, 5 * L);
        u6.add(u6.slice(DL, v6)).add(v6.add(v6.slice(DL, u6))).intoArray(lanes, 6 * L);
        u7.add(u7.slice(DL, v7)).add(v7.add(v7.slice(DL, u7))).intoArray(lanes, 7 * L);
        return end;
    }

    /**
     * {@link #dot8}'s vector part: {@link #dot4Wide}'s loop on eight rows, each row's sums folded for {@link
     * #foldedSumAndTail}.
     */
    private static int dot8Wide(float[] a, int ai, int lda, float[] b, int bi, int k, float[] lanes) {
        int a1 = ai + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        int a5 = a4 + lda;
        int a6 = a5 + lda;
        int a7 = a6 + lda;
        FloatVector z = FloatVector.zero(F);
        FloatVector t001 = z, t023 = z, t101 = z, t123 = z, t201 = z, t223 = z, t301 = z, t323 = z;
        FloatVector t401 = z, t423 = z, t501 = z, t523 = z, t601 = z, t623 = z, t701 = z, t723 = z;
        int p = 0;
        for (int bound = k - BLOCK; p <= bound; p += BLOCK) {
            FloatVector b01 = FloatVector.fromArray(F, b, bi + p);
            FloatVector b23 = FloatVector.fromArray(F, b, bi + p + L);
            t001 = FloatVector.fromArray(F, a, ai + p).fma(b01, t001);
            t023 = FloatVector.fromArray(F, a, ai + p + L).fma(b23, t023);
            t101 = FloatVector.fromArray(F, a, a1 + p).fma(b01, t101);
            t123 = FloatVector.fromArray(F, a, a1 + p + L).fma(b23, t123);
            t201 = FloatVector.fromArray(F, a, a2 + p).fma(b01, t201);
            t223 = FloatVector.fromArray(F, a, a2 + p + L).fma(b23, t223);
            t301 = FloatVector.fromArray(F, a, a3 + p).fma(b01, t301);
            t323 = FloatVector.fromArray(F, a, a3 + p + L).fma(b23, t323);
            t401 = FloatVector.fromArray(F, a, a4 + p).fma(b01, t401);
            t423 = FloatVector.fromArray(F, a, a4 + p + L).fma(b23, t423);
            t501 = FloatVector.fromArray(F, a, a5 + p).fma(b01, t501);
            t523 = FloatVector.fromArray(F, a, a5 + p + L).fma(b23, t523);
            t601 = FloatVector.fromArray(F, a, a6 + p).fma(b01, t601);
            t623 = FloatVector.fromArray(F, a, a6 + p + L).fma(b23, t623);
            t701 = FloatVector.fromArray(F, a, a7 + p).fma(b01, t701);
            t723 = FloatVector.fromArray(F, a, a7 + p + L).fma(b23, t723);
        }
        t001.add(t001.slice(DL, t023)).add(t023.add(t023.slice(DL, t001))).intoArray(lanes, 0 * L);
        t101.add(t101.slice(DL, t123)).add(t123.add(t123.slice(DL, t101))).intoArray(lanes, 1 * L);
        t201.add(t201.slice(DL, t223)).add(t223.add(t223.slice(DL, t201))).intoArray(lanes, 2 * L);
        t301.add(t301.slice(DL, t323)).add(t323.add(t323.slice(DL, t301))).intoArray(lanes, 3 * L);
        t401.add(t401.slice(DL, t423)).add(t423.add(t423.slice(DL, t401))).intoArray(lanes, 4 * L);
        t501.add(t501.slice(DL, t523)).add(t523.add(t523.slice(DL, t501))).intoArray(lanes, 5 * L);
        t601.add(t601.slice(DL, t623)).add(t623.add(t623.slice(DL, t601))).intoArray(lanes, 6 * L);
        t701.add(t701.slice(DL, t723)).add(t723.add(t723.slice(DL, t701))).intoArray(lanes, 7 * L);
        return p;
    }

    /** {@link #dot4}'s vector part with {@link #DL}-lane vectors: the four rows' sums into {@code lanes}. */
    private static int dot4Narrow(float[] a, int ai, int lda, float[] b, int bi, int k, float[] lanes) {
        int a1 = ai + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        FloatVector z = FloatVector.zero(D);
        FloatVector s00 = z, s01 = z, s02 = z, s03 = z;
        FloatVector s10 = z, s11 = z, s12 = z, s13 = z;
        FloatVector s20 = z, s21 = z, s22 = z, s23 = z;
        FloatVector s30 = z, s31 = z, s32 = z, s33 = z;
        int p = 0;
        for (int bound = k - BLOCK; p <= bound; p += BLOCK) {
            FloatVector b0 = FloatVector.fromArray(D, b, bi + p);
            FloatVector b1 = FloatVector.fromArray(D, b, bi + p + DL);
            FloatVector b2 = FloatVector.fromArray(D, b, bi + p + 2 * DL);
            FloatVector b3 = FloatVector.fromArray(D, b, bi + p + 3 * DL);
            s00 = FloatVector.fromArray(D, a, ai + p).fma(b0, s00);
            s01 = FloatVector.fromArray(D, a, ai + p + DL).fma(b1, s01);
            s02 = FloatVector.fromArray(D, a, ai + p + 2 * DL).fma(b2, s02);
            s03 = FloatVector.fromArray(D, a, ai + p + 3 * DL).fma(b3, s03);
            s10 = FloatVector.fromArray(D, a, a1 + p).fma(b0, s10);
            s11 = FloatVector.fromArray(D, a, a1 + p + DL).fma(b1, s11);
            s12 = FloatVector.fromArray(D, a, a1 + p + 2 * DL).fma(b2, s12);
            s13 = FloatVector.fromArray(D, a, a1 + p + 3 * DL).fma(b3, s13);
            s20 = FloatVector.fromArray(D, a, a2 + p).fma(b0, s20);
            s21 = FloatVector.fromArray(D, a, a2 + p + DL).fma(b1, s21);
            s22 = FloatVector.fromArray(D, a, a2 + p + 2 * DL).fma(b2, s22);
            s23 = FloatVector.fromArray(D, a, a2 + p + 3 * DL).fma(b3, s23);
            s30 = FloatVector.fromArray(D, a, a3 + p).fma(b0, s30);
            s31 = FloatVector.fromArray(D, a, a3 + p + DL).fma(b1, s31);
            s32 = FloatVector.fromArray(D, a, a3 + p + 2 * DL).fma(b2, s32);
            s33 = FloatVector.fromArray(D, a, a3 + p + 3 * DL).fma(b3, s33);
        }
        // stored here, not through a helper: vectors handed to a method C2 does not inline are boxed
        s00.intoArray(lanes, 0); s01.intoArray(lanes, DL); s02.intoArray(lanes, 2 * DL); s03.intoArray(lanes, 3 * DL);
        s10.intoArray(lanes, BLOCK); s11.intoArray(lanes, BLOCK + DL);
        s12.intoArray(lanes, BLOCK + 2 * DL); s13.intoArray(lanes, BLOCK + 3 * DL);
        s20.intoArray(lanes, 2 * BLOCK); s21.intoArray(lanes, 2 * BLOCK + DL);
        s22.intoArray(lanes, 2 * BLOCK + 2 * DL); s23.intoArray(lanes, 2 * BLOCK + 3 * DL);
        s30.intoArray(lanes, 3 * BLOCK); s31.intoArray(lanes, 3 * BLOCK + DL);
        s32.intoArray(lanes, 3 * BLOCK + 2 * DL); s33.intoArray(lanes, 3 * BLOCK + 3 * DL);
        return p;
    }

    /**
     * {@link #dot4}'s vector part with 16-lane vectors (only when {@link #WIDE}): sum {@code t01} of a row holds
     * {@link #dot4Narrow}'s sums 0 and 1 side by side, {@code t23} its sums 2 and 3, so {@code lanes} gets the same
     * floats in the same places.
     */
    private static int dot4Wide(float[] a, int ai, int lda, float[] b, int bi, int k, float[] lanes) {
        int a1 = ai + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        FloatVector z = FloatVector.zero(F);
        FloatVector t001 = z, t023 = z, t101 = z, t123 = z, t201 = z, t223 = z, t301 = z, t323 = z;
        int p = 0;
        for (int bound = k - BLOCK; p <= bound; p += BLOCK) {
            FloatVector b01 = FloatVector.fromArray(F, b, bi + p);
            FloatVector b23 = FloatVector.fromArray(F, b, bi + p + L);
            t001 = FloatVector.fromArray(F, a, ai + p).fma(b01, t001);
            t023 = FloatVector.fromArray(F, a, ai + p + L).fma(b23, t023);
            t101 = FloatVector.fromArray(F, a, a1 + p).fma(b01, t101);
            t123 = FloatVector.fromArray(F, a, a1 + p + L).fma(b23, t123);
            t201 = FloatVector.fromArray(F, a, a2 + p).fma(b01, t201);
            t223 = FloatVector.fromArray(F, a, a2 + p + L).fma(b23, t223);
            t301 = FloatVector.fromArray(F, a, a3 + p).fma(b01, t301);
            t323 = FloatVector.fromArray(F, a, a3 + p + L).fma(b23, t323);
        }
        t001.intoArray(lanes, 0);
        t023.intoArray(lanes, L);
        t101.intoArray(lanes, BLOCK);
        t123.intoArray(lanes, BLOCK + L);
        t201.intoArray(lanes, 2 * BLOCK);
        t223.intoArray(lanes, 2 * BLOCK + L);
        t301.intoArray(lanes, 3 * BLOCK);
        t323.intoArray(lanes, 3 * BLOCK + L);
        return p;
    }

    /**
     * The end of {@link #dot} from the four sums in {@code lanes[off..off + BLOCK)} and the vector loop's stop
     * {@code p}: the sums added lane by lane as {@code (s0 + s1) + (s2 + s3)}, those lanes in index order, then the
     * tail.
     */
    private static float laneSumAndTail(float[] lanes, int off, float[] a, int ai, float[] b, int bi, int p, int k) {
        float s = 0f;
        for (int lane = off; lane < off + DL; lane++) {
            s += (lanes[lane] + lanes[lane + DL]) + (lanes[lane + 2 * DL] + lanes[lane + 3 * DL]);
        }
        for (; p < k; p++) {
            s = Math.fma(a[ai + p], b[bi + p], s);
        }
        return s;
    }

    /**
     * {@link #laneSumAndTail} from a row's sums folded in registers ({@link #dot8Wide}, {@link #dot8Lines}): with
     * the four {@link #DL}-lane blocks of its ring {@code B0 B1 B2 B3}, {@code lanes[off..off + L)} holds {@code
     * (B0 + B1) + (B2 + B3)} then {@code (B1 + B2) + (B3 + B0)}. Lane {@code j}'s first sum sits at ring place {@code
     * q = (j - turn) mod 32}; its four sums pair up as in the first half when {@code q}'s block is even and as in
     * the second when odd, and since a float sum does not depend on the order of its two terms, that is {@link
     * #laneSumAndTail}'s {@code (s0 + s1) + (s2 + s3)} bit for bit. The fold is two lane shifts and three adds per
     * row where the lane sums read 32 floats: with b's edges copied once per chunk it was worth 1.5-2.5% of the
     * 2-thread product.
     */
    private static float foldedSumAndTail(float[] lanes, int off, int turn, float[] a, int ai, float[] b, int bi,
                                          int p, int k) {
        float s = 0f;
        for (int j = 0; j < DL; j++) {
            int q = (j - turn) & (BLOCK - 1);
            s += lanes[off + (q & DL) + (q & (DL - 1))];
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
