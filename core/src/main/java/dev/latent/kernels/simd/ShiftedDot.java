package dev.latent.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight gradient's counterpart of {@link ShiftedProduct}: {@code dW[c][t] = sum_j dy[c][j] * in[shifts[t] +
 * j]}, dot products of the output gradient's rows with the shifted runs of the input grid. Blocks of 4 channels by
 * 6 taps keep 24 vector sums over the columns (each loaded vector serving 4 or 6 FMAs), whose lanes are added in
 * index order once at the end; with 16 vector registers ({@link VectorHardware}), blocks of 4 channels by 2 taps.
 */
final class ShiftedDot {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Output channels of a register block: the channel count must be a multiple of it. */
    static final int CHANNELS = 4;
    private static final int TAPS = VectorHardware.SIXTEEN_REGISTERS ? 2 : 6;

    private ShiftedDot() {
    }

    /**
     * {@code partial[pOff + c * taps + t] = beta * partial[...] + sum_j dy[dyOff + c * dyStride + j] * in[shifts[t]
     * + j]} for {@code c < m} ({@code m} a multiple of {@link #CHANNELS}), {@code t < taps} and {@code j < n}
     * ({@code n} a multiple of the lane count), in a fixed order; {@code beta} is 0 (overwrite) or 1.
     */
    static void run(float[] dy, int dyOff, int dyStride, int m, float[] in, int[] shifts, int n, float beta,
                    float[] partial, int pOff) {
        int taps = shifts.length;
        float[] lanes = new float[L];
        for (int c = 0; c < m; c += CHANNELS) {
            int t = 0;
            for (; t + TAPS <= taps; t += TAPS) {
                if (TAPS == 2) {
                    twoTaps(dy, dyOff + c * dyStride, dyStride, in, shifts[t], shifts[t + 1], n, beta, partial,
                            pOff + c * taps + t, taps, lanes);
                } else {
                    block(dy, dyOff + c * dyStride, dyStride, in, shifts, t, n, beta, partial, pOff + c * taps + t,
                            taps, lanes);
                }
            }
            for (; t < taps; t++) {
                oneTap(dy, dyOff + c * dyStride, dyStride, in, shifts[t], n, beta, partial, pOff + c * taps + t,
                        taps, lanes);
            }
        }
    }

    /** 4 channels by 6 taps. */
    private static void block(float[] dy, int dyOff, int dyStride, float[] in, int[] shifts, int t, int n,
                              float beta, float[] partial, int pOff, int taps, float[] lanes) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z;
        FloatVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z;
        FloatVector d0 = z, d1 = z, d2 = z, d3 = z, d4 = z, d5 = z;
        int s0 = shifts[t], s1 = shifts[t + 1], s2 = shifts[t + 2], s3 = shifts[t + 3], s4 = shifts[t + 4];
        int s5 = shifts[t + 5];
        for (int j = 0; j < n; j += L) {
            FloatVector y0 = FloatVector.fromArray(F, dy, dyOff + j);
            FloatVector y1 = FloatVector.fromArray(F, dy, dyOff + dyStride + j);
            FloatVector y2 = FloatVector.fromArray(F, dy, dyOff + 2 * dyStride + j);
            FloatVector y3 = FloatVector.fromArray(F, dy, dyOff + 3 * dyStride + j);
            FloatVector x = FloatVector.fromArray(F, in, s0 + j);
            a0 = y0.fma(x, a0);
            b0 = y1.fma(x, b0);
            c0 = y2.fma(x, c0);
            d0 = y3.fma(x, d0);
            x = FloatVector.fromArray(F, in, s1 + j);
            a1 = y0.fma(x, a1);
            b1 = y1.fma(x, b1);
            c1 = y2.fma(x, c1);
            d1 = y3.fma(x, d1);
            x = FloatVector.fromArray(F, in, s2 + j);
            a2 = y0.fma(x, a2);
            b2 = y1.fma(x, b2);
            c2 = y2.fma(x, c2);
            d2 = y3.fma(x, d2);
            x = FloatVector.fromArray(F, in, s3 + j);
            a3 = y0.fma(x, a3);
            b3 = y1.fma(x, b3);
            c3 = y2.fma(x, c3);
            d3 = y3.fma(x, d3);
            x = FloatVector.fromArray(F, in, s4 + j);
            a4 = y0.fma(x, a4);
            b4 = y1.fma(x, b4);
            c4 = y2.fma(x, c4);
            d4 = y3.fma(x, d4);
            x = FloatVector.fromArray(F, in, s5 + j);
            a5 = y0.fma(x, a5);
            b5 = y1.fma(x, b5);
            c5 = y2.fma(x, c5);
            d5 = y3.fma(x, d5);
        }
        int p = pOff;
        a0.intoArray(lanes, 0);
        put(partial, p, beta, sum(lanes));
        a1.intoArray(lanes, 0);
        put(partial, p + 1, beta, sum(lanes));
        a2.intoArray(lanes, 0);
        put(partial, p + 2, beta, sum(lanes));
        a3.intoArray(lanes, 0);
        put(partial, p + 3, beta, sum(lanes));
        a4.intoArray(lanes, 0);
        put(partial, p + 4, beta, sum(lanes));
        a5.intoArray(lanes, 0);
        put(partial, p + 5, beta, sum(lanes));
        p += taps;
        b0.intoArray(lanes, 0);
        put(partial, p, beta, sum(lanes));
        b1.intoArray(lanes, 0);
        put(partial, p + 1, beta, sum(lanes));
        b2.intoArray(lanes, 0);
        put(partial, p + 2, beta, sum(lanes));
        b3.intoArray(lanes, 0);
        put(partial, p + 3, beta, sum(lanes));
        b4.intoArray(lanes, 0);
        put(partial, p + 4, beta, sum(lanes));
        b5.intoArray(lanes, 0);
        put(partial, p + 5, beta, sum(lanes));
        p += taps;
        c0.intoArray(lanes, 0);
        put(partial, p, beta, sum(lanes));
        c1.intoArray(lanes, 0);
        put(partial, p + 1, beta, sum(lanes));
        c2.intoArray(lanes, 0);
        put(partial, p + 2, beta, sum(lanes));
        c3.intoArray(lanes, 0);
        put(partial, p + 3, beta, sum(lanes));
        c4.intoArray(lanes, 0);
        put(partial, p + 4, beta, sum(lanes));
        c5.intoArray(lanes, 0);
        put(partial, p + 5, beta, sum(lanes));
        p += taps;
        d0.intoArray(lanes, 0);
        put(partial, p, beta, sum(lanes));
        d1.intoArray(lanes, 0);
        put(partial, p + 1, beta, sum(lanes));
        d2.intoArray(lanes, 0);
        put(partial, p + 2, beta, sum(lanes));
        d3.intoArray(lanes, 0);
        put(partial, p + 3, beta, sum(lanes));
        d4.intoArray(lanes, 0);
        put(partial, p + 4, beta, sum(lanes));
        d5.intoArray(lanes, 0);
        put(partial, p + 5, beta, sum(lanes));
    }

    /** 4 channels by 2 taps (8 vector sums, for 16 vector registers), as {@link #block}. */
    private static void twoTaps(float[] dy, int dyOff, int dyStride, float[] in, int s0, int s1, int n, float beta,
                                float[] partial, int pOff, int taps, float[] lanes) {
        FloatVector a0 = FloatVector.zero(F), b0 = a0, c0 = a0, d0 = a0;
        FloatVector a1 = a0, b1 = a0, c1 = a0, d1 = a0;
        for (int j = 0; j < n; j += L) {
            FloatVector y0 = FloatVector.fromArray(F, dy, dyOff + j);
            FloatVector y1 = FloatVector.fromArray(F, dy, dyOff + dyStride + j);
            FloatVector y2 = FloatVector.fromArray(F, dy, dyOff + 2 * dyStride + j);
            FloatVector y3 = FloatVector.fromArray(F, dy, dyOff + 3 * dyStride + j);
            FloatVector x = FloatVector.fromArray(F, in, s0 + j);
            a0 = y0.fma(x, a0);
            b0 = y1.fma(x, b0);
            c0 = y2.fma(x, c0);
            d0 = y3.fma(x, d0);
            x = FloatVector.fromArray(F, in, s1 + j);
            a1 = y0.fma(x, a1);
            b1 = y1.fma(x, b1);
            c1 = y2.fma(x, c1);
            d1 = y3.fma(x, d1);
        }
        a0.intoArray(lanes, 0);
        put(partial, pOff, beta, sum(lanes));
        a1.intoArray(lanes, 0);
        put(partial, pOff + 1, beta, sum(lanes));
        b0.intoArray(lanes, 0);
        put(partial, pOff + taps, beta, sum(lanes));
        b1.intoArray(lanes, 0);
        put(partial, pOff + taps + 1, beta, sum(lanes));
        c0.intoArray(lanes, 0);
        put(partial, pOff + 2 * taps, beta, sum(lanes));
        c1.intoArray(lanes, 0);
        put(partial, pOff + 2 * taps + 1, beta, sum(lanes));
        d0.intoArray(lanes, 0);
        put(partial, pOff + 3 * taps, beta, sum(lanes));
        d1.intoArray(lanes, 0);
        put(partial, pOff + 3 * taps + 1, beta, sum(lanes));
    }

    /** 4 channels by one tap: the taps left over from the blocks. */
    private static void oneTap(float[] dy, int dyOff, int dyStride, float[] in, int shift, int n, float beta,
                               float[] partial, int pOff, int taps, float[] lanes) {
        FloatVector a = FloatVector.zero(F), b = a, c = a, d = a;
        for (int j = 0; j < n; j += L) {
            FloatVector x = FloatVector.fromArray(F, in, shift + j);
            a = FloatVector.fromArray(F, dy, dyOff + j).fma(x, a);
            b = FloatVector.fromArray(F, dy, dyOff + dyStride + j).fma(x, b);
            c = FloatVector.fromArray(F, dy, dyOff + 2 * dyStride + j).fma(x, c);
            d = FloatVector.fromArray(F, dy, dyOff + 3 * dyStride + j).fma(x, d);
        }
        a.intoArray(lanes, 0);
        put(partial, pOff, beta, sum(lanes));
        b.intoArray(lanes, 0);
        put(partial, pOff + taps, beta, sum(lanes));
        c.intoArray(lanes, 0);
        put(partial, pOff + 2 * taps, beta, sum(lanes));
        d.intoArray(lanes, 0);
        put(partial, pOff + 3 * taps, beta, sum(lanes));
    }

    /**
     * The lanes summed in index order. Not {@code reduceLanes(ADD)}: its order differs between the C2 intrinsic and
     * the Java fallback that runs before compilation, so the same seeded training gave different weights from run
     * to run (the conv AE's test MSE 0.02293-0.02347).
     */
    private static float sum(float[] lanes) {
        float s = 0f;
        for (float v : lanes) {
            s += v;
        }
        return s;
    }

    /** {@code partial[at] = sum} when {@code beta} is 0 (whatever was there, NaN included), else adds it. */
    private static void put(float[] partial, int at, float beta, float sum) {
        partial[at] = beta == 0f ? sum : partial[at] + sum;
    }
}
