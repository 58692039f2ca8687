package dev.latent.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight gradient's counterpart of {@link ShiftedProduct}: {@code dW[c][t] = sum_j dy[c][j] * in[shifts[t] +
 * j]}, dot products of the output gradient's rows with the shifted runs of the input grid. Blocks of 4 channels by
 * 6 taps keep 24 vector sums over the columns (each loaded vector serving 4 or 6 FMAs), reduced across lanes once
 * at the end.
 */
final class ShiftedDot {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Output channels of a register block: the channel count must be a multiple of it. */
    static final int CHANNELS = 4;
    private static final int TAPS = 6;

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
        for (int c = 0; c < m; c += CHANNELS) {
            int t = 0;
            for (; t + TAPS <= taps; t += TAPS) {
                block(dy, dyOff + c * dyStride, dyStride, in, shifts, t, n, beta, partial, pOff + c * taps + t,
                        taps);
            }
            for (; t < taps; t++) {
                oneTap(dy, dyOff + c * dyStride, dyStride, in, shifts[t], n, beta, partial, pOff + c * taps + t,
                        taps);
            }
        }
    }

    /** 4 channels by 6 taps. */
    private static void block(float[] dy, int dyOff, int dyStride, float[] in, int[] shifts, int t, int n,
                              float beta, float[] partial, int pOff, int taps) {
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
        put(partial, p, beta, a0.reduceLanes(VectorOperators.ADD));
        put(partial, p + 1, beta, a1.reduceLanes(VectorOperators.ADD));
        put(partial, p + 2, beta, a2.reduceLanes(VectorOperators.ADD));
        put(partial, p + 3, beta, a3.reduceLanes(VectorOperators.ADD));
        put(partial, p + 4, beta, a4.reduceLanes(VectorOperators.ADD));
        put(partial, p + 5, beta, a5.reduceLanes(VectorOperators.ADD));
        p += taps;
        put(partial, p, beta, b0.reduceLanes(VectorOperators.ADD));
        put(partial, p + 1, beta, b1.reduceLanes(VectorOperators.ADD));
        put(partial, p + 2, beta, b2.reduceLanes(VectorOperators.ADD));
        put(partial, p + 3, beta, b3.reduceLanes(VectorOperators.ADD));
        put(partial, p + 4, beta, b4.reduceLanes(VectorOperators.ADD));
        put(partial, p + 5, beta, b5.reduceLanes(VectorOperators.ADD));
        p += taps;
        put(partial, p, beta, c0.reduceLanes(VectorOperators.ADD));
        put(partial, p + 1, beta, c1.reduceLanes(VectorOperators.ADD));
        put(partial, p + 2, beta, c2.reduceLanes(VectorOperators.ADD));
        put(partial, p + 3, beta, c3.reduceLanes(VectorOperators.ADD));
        put(partial, p + 4, beta, c4.reduceLanes(VectorOperators.ADD));
        put(partial, p + 5, beta, c5.reduceLanes(VectorOperators.ADD));
        p += taps;
        put(partial, p, beta, d0.reduceLanes(VectorOperators.ADD));
        put(partial, p + 1, beta, d1.reduceLanes(VectorOperators.ADD));
        put(partial, p + 2, beta, d2.reduceLanes(VectorOperators.ADD));
        put(partial, p + 3, beta, d3.reduceLanes(VectorOperators.ADD));
        put(partial, p + 4, beta, d4.reduceLanes(VectorOperators.ADD));
        put(partial, p + 5, beta, d5.reduceLanes(VectorOperators.ADD));
    }

    /** 4 channels by one tap: the taps left over from the blocks of 6. */
    private static void oneTap(float[] dy, int dyOff, int dyStride, float[] in, int shift, int n, float beta,
                               float[] partial, int pOff, int taps) {
        FloatVector a = FloatVector.zero(F), b = a, c = a, d = a;
        for (int j = 0; j < n; j += L) {
            FloatVector x = FloatVector.fromArray(F, in, shift + j);
            a = FloatVector.fromArray(F, dy, dyOff + j).fma(x, a);
            b = FloatVector.fromArray(F, dy, dyOff + dyStride + j).fma(x, b);
            c = FloatVector.fromArray(F, dy, dyOff + 2 * dyStride + j).fma(x, c);
            d = FloatVector.fromArray(F, dy, dyOff + 3 * dyStride + j).fma(x, d);
        }
        put(partial, pOff, beta, a.reduceLanes(VectorOperators.ADD));
        put(partial, pOff + taps, beta, b.reduceLanes(VectorOperators.ADD));
        put(partial, pOff + 2 * taps, beta, c.reduceLanes(VectorOperators.ADD));
        put(partial, pOff + 3 * taps, beta, d.reduceLanes(VectorOperators.ADD));
    }

    /** {@code partial[at] = sum} when {@code beta} is 0 (whatever was there, NaN included), else adds it. */
    private static void put(float[] partial, int at, float beta, float sum) {
        partial[at] = beta == 0f ? sum : partial[at] + sum;
    }
}
