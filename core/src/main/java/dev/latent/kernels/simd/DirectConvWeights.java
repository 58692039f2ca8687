package dev.latent.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The direct convolution's weight gradient, vectorized over output channels like {@link DirectConvKernel}: for
 * each tap, {@code dW^T[t, :] += x[window of pixel j, tap t] * dY[j, :]} over a tile's pixels. The output gradient
 * is first gathered pixel-major (one gather per pixel and channel vector); then each block of 12 (one channel
 * vector) or 6 taps (two) keeps its sums in registers over all the tile's pixels, with one broadcast input value
 * per tap and pixel and no column matrix.
 */
final class DirectConvWeights {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final int WIDE_BLOCK = DirectConvKernel.ACCUMULATORS;
    private static final int NARROW_BLOCK = DirectConvKernel.ACCUMULATORS / 2;

    private DirectConvWeights() {
    }

    /**
     * {@code partial[pOff + t * outChannels + c] = beta * partial[...] + sum_j dy[dyOff + i * outImage + c * pixels +
     * p] * x[xOff + columnOffsets[j] + tapOffsets[t]]} over the columns {@code j = i * pixels + p < columns}, in
     * a fixed order (taps outside the register blocks in four interleaved sums); {@code beta} is 0 (overwrite) or 1.
     *
     * @param dyT scratch of at least {@code columns * outChannels} floats
     */
    static void run(float[] x, int xOff, int[] columnOffsets, int columns, int pixels, int[] tapOffsets, float[] dy,
                    int dyOff, int outImage, int outChannels, float[] dyT, float beta, float[] partial, int pOff) {
        int[] channelIndex = new int[L];
        for (int c = 0; c < L; c++) {
            channelIndex[c] = c * pixels;
        }
        for (int j = 0; j < columns; j++) {
            int i = j / pixels;
            for (int v = 0; v < outChannels; v += L) {
                int src = dyOff + i * outImage + v * pixels + j - i * pixels;
                if (VectorHardware.GATHERS) {
                    FloatVector.fromArray(F, dy, src, channelIndex, 0).intoArray(dyT, j * outChannels + v);
                } else {
                    for (int c = 0; c < L; c++) {
                        dyT[j * outChannels + v + c] = dy[src + channelIndex[c]];
                    }
                }
            }
        }
        int taps = tapOffsets.length;
        int block = outChannels == L ? WIDE_BLOCK : NARROW_BLOCK;
        int t0 = 0;
        for (; t0 + block <= taps; t0 += block) {
            if (outChannels == L) {
                wideTaps(x, xOff, columnOffsets, columns, tapOffsets, t0, dyT, beta, partial, pOff + t0 * L);
            } else {
                narrowTaps(x, xOff, columnOffsets, columns, tapOffsets, t0, dyT, beta, partial, pOff + t0 * 2 * L);
            }
        }
        for (; t0 < taps; t0++) {
            for (int v = 0; v < outChannels; v += L) {
                remainingTap(x, xOff + tapOffsets[t0], columnOffsets, columns, dyT, outChannels, v, beta, partial,
                        pOff + t0 * outChannels + v);
            }
        }
    }

    /**
     * One tap left over from the blocks (all 9 of Conv2d(1→8) at 8 lanes), one channel vector: four interleaved
     * sums over the columns, added at the end. A single accumulator made every FMA wait for the previous one, and
     * this layer's backward took 40% longer than through the GEMM.
     */
    private static void remainingTap(float[] x, int o, int[] columnOffsets, int columns, float[] dyT, int outChannels,
                                     int v, float beta, float[] partial, int at) {
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = s0, s2 = s0, s3 = s0;
        int j = 0;
        for (; j + 4 <= columns; j += 4) {
            int d = j * outChannels + v;
            s0 = FloatVector.broadcast(F, x[columnOffsets[j] + o]).fma(FloatVector.fromArray(F, dyT, d), s0);
            s1 = FloatVector.broadcast(F, x[columnOffsets[j + 1] + o])
                    .fma(FloatVector.fromArray(F, dyT, d + outChannels), s1);
            s2 = FloatVector.broadcast(F, x[columnOffsets[j + 2] + o])
                    .fma(FloatVector.fromArray(F, dyT, d + 2 * outChannels), s2);
            s3 = FloatVector.broadcast(F, x[columnOffsets[j + 3] + o])
                    .fma(FloatVector.fromArray(F, dyT, d + 3 * outChannels), s3);
        }
        for (; j < columns; j++) {
            s0 = FloatVector.broadcast(F, x[columnOffsets[j] + o])
                    .fma(FloatVector.fromArray(F, dyT, j * outChannels + v), s0);
        }
        FloatVector sum = s0.add(s1).add(s2.add(s3));
        if (beta != 0f) {
            sum = FloatVector.fromArray(F, partial, at).add(sum);
        }
        sum.intoArray(partial, at);
    }

    /** 12 taps of one channel vector, into {@code partial[at ...]}. */
    private static void wideTaps(float[] x, int xOff, int[] columnOffsets, int columns, int[] taps, int t0,
                                 float[] dyT, float beta, float[] partial, int at) {
        FloatVector z = FloatVector.zero(F);
        boolean add = beta != 0f;
        FloatVector a0 = add ? FloatVector.fromArray(F, partial, at) : z;
        FloatVector a1 = add ? FloatVector.fromArray(F, partial, at + L) : z;
        FloatVector a2 = add ? FloatVector.fromArray(F, partial, at + 2 * L) : z;
        FloatVector a3 = add ? FloatVector.fromArray(F, partial, at + 3 * L) : z;
        FloatVector a4 = add ? FloatVector.fromArray(F, partial, at + 4 * L) : z;
        FloatVector a5 = add ? FloatVector.fromArray(F, partial, at + 5 * L) : z;
        FloatVector a6 = add ? FloatVector.fromArray(F, partial, at + 6 * L) : z;
        FloatVector a7 = add ? FloatVector.fromArray(F, partial, at + 7 * L) : z;
        FloatVector a8 = add ? FloatVector.fromArray(F, partial, at + 8 * L) : z;
        FloatVector a9 = add ? FloatVector.fromArray(F, partial, at + 9 * L) : z;
        FloatVector a10 = add ? FloatVector.fromArray(F, partial, at + 10 * L) : z;
        FloatVector a11 = add ? FloatVector.fromArray(F, partial, at + 11 * L) : z;
        int o0 = taps[t0], o1 = taps[t0 + 1], o2 = taps[t0 + 2], o3 = taps[t0 + 3];
        int o4 = taps[t0 + 4], o5 = taps[t0 + 5], o6 = taps[t0 + 6], o7 = taps[t0 + 7];
        int o8 = taps[t0 + 8], o9 = taps[t0 + 9], o10 = taps[t0 + 10], o11 = taps[t0 + 11];
        for (int j = 0; j < columns; j++) {
            FloatVector d = FloatVector.fromArray(F, dyT, j * L);
            int b = xOff + columnOffsets[j];
            a0 = FloatVector.broadcast(F, x[b + o0]).fma(d, a0);
            a1 = FloatVector.broadcast(F, x[b + o1]).fma(d, a1);
            a2 = FloatVector.broadcast(F, x[b + o2]).fma(d, a2);
            a3 = FloatVector.broadcast(F, x[b + o3]).fma(d, a3);
            a4 = FloatVector.broadcast(F, x[b + o4]).fma(d, a4);
            a5 = FloatVector.broadcast(F, x[b + o5]).fma(d, a5);
            a6 = FloatVector.broadcast(F, x[b + o6]).fma(d, a6);
            a7 = FloatVector.broadcast(F, x[b + o7]).fma(d, a7);
            a8 = FloatVector.broadcast(F, x[b + o8]).fma(d, a8);
            a9 = FloatVector.broadcast(F, x[b + o9]).fma(d, a9);
            a10 = FloatVector.broadcast(F, x[b + o10]).fma(d, a10);
            a11 = FloatVector.broadcast(F, x[b + o11]).fma(d, a11);
        }
        a0.intoArray(partial, at);
        a1.intoArray(partial, at + L);
        a2.intoArray(partial, at + 2 * L);
        a3.intoArray(partial, at + 3 * L);
        a4.intoArray(partial, at + 4 * L);
        a5.intoArray(partial, at + 5 * L);
        a6.intoArray(partial, at + 6 * L);
        a7.intoArray(partial, at + 7 * L);
        a8.intoArray(partial, at + 8 * L);
        a9.intoArray(partial, at + 9 * L);
        a10.intoArray(partial, at + 10 * L);
        a11.intoArray(partial, at + 11 * L);
    }

    /** 6 taps of two channel vectors, into {@code partial[at ...]} ({@code [tap][2 * L]}). */
    private static void narrowTaps(float[] x, int xOff, int[] columnOffsets, int columns, int[] taps, int t0,
                                   float[] dyT, float beta, float[] partial, int at) {
        FloatVector z = FloatVector.zero(F);
        boolean add = beta != 0f;
        FloatVector a0 = add ? FloatVector.fromArray(F, partial, at) : z;
        FloatVector c0 = add ? FloatVector.fromArray(F, partial, at + L) : z;
        FloatVector a1 = add ? FloatVector.fromArray(F, partial, at + 2 * L) : z;
        FloatVector c1 = add ? FloatVector.fromArray(F, partial, at + 3 * L) : z;
        FloatVector a2 = add ? FloatVector.fromArray(F, partial, at + 4 * L) : z;
        FloatVector c2 = add ? FloatVector.fromArray(F, partial, at + 5 * L) : z;
        FloatVector a3 = add ? FloatVector.fromArray(F, partial, at + 6 * L) : z;
        FloatVector c3 = add ? FloatVector.fromArray(F, partial, at + 7 * L) : z;
        FloatVector a4 = add ? FloatVector.fromArray(F, partial, at + 8 * L) : z;
        FloatVector c4 = add ? FloatVector.fromArray(F, partial, at + 9 * L) : z;
        FloatVector a5 = add ? FloatVector.fromArray(F, partial, at + 10 * L) : z;
        FloatVector c5 = add ? FloatVector.fromArray(F, partial, at + 11 * L) : z;
        int o0 = taps[t0], o1 = taps[t0 + 1], o2 = taps[t0 + 2];
        int o3 = taps[t0 + 3], o4 = taps[t0 + 4], o5 = taps[t0 + 5];
        for (int j = 0; j < columns; j++) {
            FloatVector d0 = FloatVector.fromArray(F, dyT, j * 2 * L);
            FloatVector d1 = FloatVector.fromArray(F, dyT, j * 2 * L + L);
            int b = xOff + columnOffsets[j];
            FloatVector x0 = FloatVector.broadcast(F, x[b + o0]);
            FloatVector x1 = FloatVector.broadcast(F, x[b + o1]);
            FloatVector x2 = FloatVector.broadcast(F, x[b + o2]);
            a0 = x0.fma(d0, a0);
            c0 = x0.fma(d1, c0);
            a1 = x1.fma(d0, a1);
            c1 = x1.fma(d1, c1);
            a2 = x2.fma(d0, a2);
            c2 = x2.fma(d1, c2);
            FloatVector x3 = FloatVector.broadcast(F, x[b + o3]);
            FloatVector x4 = FloatVector.broadcast(F, x[b + o4]);
            FloatVector x5 = FloatVector.broadcast(F, x[b + o5]);
            a3 = x3.fma(d0, a3);
            c3 = x3.fma(d1, c3);
            a4 = x4.fma(d0, a4);
            c4 = x4.fma(d1, c4);
            a5 = x5.fma(d0, a5);
            c5 = x5.fma(d1, c5);
        }
        a0.intoArray(partial, at);
        c0.intoArray(partial, at + L);
        a1.intoArray(partial, at + 2 * L);
        c1.intoArray(partial, at + 3 * L);
        a2.intoArray(partial, at + 4 * L);
        c2.intoArray(partial, at + 5 * L);
        a3.intoArray(partial, at + 6 * L);
        c3.intoArray(partial, at + 7 * L);
        a4.intoArray(partial, at + 8 * L);
        c4.intoArray(partial, at + 9 * L);
        a5.intoArray(partial, at + 10 * L);
        c5.intoArray(partial, at + 11 * L);
    }
}
