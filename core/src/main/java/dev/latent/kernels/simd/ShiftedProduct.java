package dev.latent.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A product whose right operand is one array read at shifted offsets: {@code out[c][j] = sum_t wT[t][c] *
 * in[shifts[t] + j]}. A stride-1 convolution over a grid whose rows are laid end to end is this product, with one
 * shift per tap, so its columns are contiguous runs: the inputs are vector loads, with no gathers and no packing.
 * The register block is the GEMM micro-tile's: 8 channels times 3 vectors of columns, 24 accumulators, each
 * loaded input vector serving 8 FMAs and each broadcast weight 3; with 16 vector registers ({@link
 * VectorHardware}), 4 channels times 3 vectors.
 */
final class ShiftedProduct {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Output channels of a register block; {@code dev.latent.kernels.PhaseConv.applies} relies on this number. */
    private static final int CHANNELS = VectorHardware.SIXTEEN_REGISTERS ? 4 : 8;
    /** Columns of a register block: the column count must be a multiple of it. */
    static final int COLUMNS = 3 * L;

    private ShiftedProduct() {
    }

    /**
     * {@code out[outOff + c * outStride + j] = bias[c] + sum_t wT[wOff + t * m + c] * in[inOff + shifts[t] + j]}
     * for {@code c < m}, {@code j < n} ({@code n} a multiple of {@link #COLUMNS}), the taps {@code t < taps} summed
     * in order after the bias.
     *
     * @param bias {@code m} values from {@code bOff}, or null for none
     */
    static void run(float[] wT, int wOff, int taps, int m, float[] in, int inOff, int[] shifts, float[] bias,
                    int bOff, float[] out, int outOff, int outStride, int n) {
        // the bias enters as an array and each block broadcasts it: a vector parameter feeding the accumulators'
        // loop phis makes C2 box every vector of the loop
        int c = 0;
        for (; c + CHANNELS <= m; c += CHANNELS) {
            for (int j = 0; j < n; j += COLUMNS) {
                if (CHANNELS == 4) {
                    block4(wT, wOff + c, taps, m, in, inOff + j, shifts, bias, bOff + c, out,
                            outOff + c * outStride + j, outStride);
                } else {
                    block(wT, wOff + c, taps, m, in, inOff + j, shifts, bias, bOff + c, out,
                            outOff + c * outStride + j, outStride);
                }
            }
        }
        for (; c < m; c++) {
            for (int j = 0; j < n; j += COLUMNS) {
                oneChannel(wT, wOff + c, taps, m, in, inOff + j, shifts, biasOf(bias, bOff + c), out,
                        outOff + c * outStride + j);
            }
        }
    }

    /** {@code bias[at]}, or 0 without a bias. */
    private static float biasOf(float[] bias, int at) {
        return bias == null ? 0f : bias[at];
    }

    /** 8 channels by 3 vectors of columns, starting from the bias of channels {@code bOff ...}. */
    private static void block(float[] wT, int wOff, int taps, int m, float[] in, int inOff, int[] shifts,
                              float[] bias, int bOff, float[] out, int outOff, int outStride) {
        FloatVector a0 = FloatVector.broadcast(F, biasOf(bias, bOff)), b0 = a0, d0 = a0;
        FloatVector a1 = FloatVector.broadcast(F, biasOf(bias, bOff + 1)), b1 = a1, d1 = a1;
        FloatVector a2 = FloatVector.broadcast(F, biasOf(bias, bOff + 2)), b2 = a2, d2 = a2;
        FloatVector a3 = FloatVector.broadcast(F, biasOf(bias, bOff + 3)), b3 = a3, d3 = a3;
        FloatVector a4 = FloatVector.broadcast(F, biasOf(bias, bOff + 4)), b4 = a4, d4 = a4;
        FloatVector a5 = FloatVector.broadcast(F, biasOf(bias, bOff + 5)), b5 = a5, d5 = a5;
        FloatVector a6 = FloatVector.broadcast(F, biasOf(bias, bOff + 6)), b6 = a6, d6 = a6;
        FloatVector a7 = FloatVector.broadcast(F, biasOf(bias, bOff + 7)), b7 = a7, d7 = a7;
        for (int t = 0; t < taps; t++) {
            int s = inOff + shifts[t];
            FloatVector x0 = FloatVector.fromArray(F, in, s);
            FloatVector x1 = FloatVector.fromArray(F, in, s + L);
            FloatVector x2 = FloatVector.fromArray(F, in, s + 2 * L);
            int w = wOff + t * m;
            FloatVector v = FloatVector.broadcast(F, wT[w]);
            a0 = x0.fma(v, a0);
            b0 = x1.fma(v, b0);
            d0 = x2.fma(v, d0);
            v = FloatVector.broadcast(F, wT[w + 1]);
            a1 = x0.fma(v, a1);
            b1 = x1.fma(v, b1);
            d1 = x2.fma(v, d1);
            v = FloatVector.broadcast(F, wT[w + 2]);
            a2 = x0.fma(v, a2);
            b2 = x1.fma(v, b2);
            d2 = x2.fma(v, d2);
            v = FloatVector.broadcast(F, wT[w + 3]);
            a3 = x0.fma(v, a3);
            b3 = x1.fma(v, b3);
            d3 = x2.fma(v, d3);
            v = FloatVector.broadcast(F, wT[w + 4]);
            a4 = x0.fma(v, a4);
            b4 = x1.fma(v, b4);
            d4 = x2.fma(v, d4);
            v = FloatVector.broadcast(F, wT[w + 5]);
            a5 = x0.fma(v, a5);
            b5 = x1.fma(v, b5);
            d5 = x2.fma(v, d5);
            v = FloatVector.broadcast(F, wT[w + 6]);
            a6 = x0.fma(v, a6);
            b6 = x1.fma(v, b6);
            d6 = x2.fma(v, d6);
            v = FloatVector.broadcast(F, wT[w + 7]);
            a7 = x0.fma(v, a7);
            b7 = x1.fma(v, b7);
            d7 = x2.fma(v, d7);
        }
        a0.intoArray(out, outOff);
        b0.intoArray(out, outOff + L);
        d0.intoArray(out, outOff + 2 * L);
        a1.intoArray(out, outOff + outStride);
        b1.intoArray(out, outOff + outStride + L);
        d1.intoArray(out, outOff + outStride + 2 * L);
        a2.intoArray(out, outOff + 2 * outStride);
        b2.intoArray(out, outOff + 2 * outStride + L);
        d2.intoArray(out, outOff + 2 * outStride + 2 * L);
        a3.intoArray(out, outOff + 3 * outStride);
        b3.intoArray(out, outOff + 3 * outStride + L);
        d3.intoArray(out, outOff + 3 * outStride + 2 * L);
        a4.intoArray(out, outOff + 4 * outStride);
        b4.intoArray(out, outOff + 4 * outStride + L);
        d4.intoArray(out, outOff + 4 * outStride + 2 * L);
        a5.intoArray(out, outOff + 5 * outStride);
        b5.intoArray(out, outOff + 5 * outStride + L);
        d5.intoArray(out, outOff + 5 * outStride + 2 * L);
        a6.intoArray(out, outOff + 6 * outStride);
        b6.intoArray(out, outOff + 6 * outStride + L);
        d6.intoArray(out, outOff + 6 * outStride + 2 * L);
        a7.intoArray(out, outOff + 7 * outStride);
        b7.intoArray(out, outOff + 7 * outStride + L);
        d7.intoArray(out, outOff + 7 * outStride + 2 * L);
    }

    /** 4 channels by 3 vectors of columns (12 accumulators, for 16 vector registers), as {@link #block}. */
    private static void block4(float[] wT, int wOff, int taps, int m, float[] in, int inOff, int[] shifts,
                               float[] bias, int bOff, float[] out, int outOff, int outStride) {
        FloatVector a0 = FloatVector.broadcast(F, biasOf(bias, bOff)), b0 = a0, d0 = a0;
        FloatVector a1 = FloatVector.broadcast(F, biasOf(bias, bOff + 1)), b1 = a1, d1 = a1;
        FloatVector a2 = FloatVector.broadcast(F, biasOf(bias, bOff + 2)), b2 = a2, d2 = a2;
        FloatVector a3 = FloatVector.broadcast(F, biasOf(bias, bOff + 3)), b3 = a3, d3 = a3;
        for (int t = 0; t < taps; t++) {
            int s = inOff + shifts[t];
            FloatVector x0 = FloatVector.fromArray(F, in, s);
            FloatVector x1 = FloatVector.fromArray(F, in, s + L);
            FloatVector x2 = FloatVector.fromArray(F, in, s + 2 * L);
            int w = wOff + t * m;
            FloatVector v = FloatVector.broadcast(F, wT[w]);
            a0 = x0.fma(v, a0);
            b0 = x1.fma(v, b0);
            d0 = x2.fma(v, d0);
            v = FloatVector.broadcast(F, wT[w + 1]);
            a1 = x0.fma(v, a1);
            b1 = x1.fma(v, b1);
            d1 = x2.fma(v, d1);
            v = FloatVector.broadcast(F, wT[w + 2]);
            a2 = x0.fma(v, a2);
            b2 = x1.fma(v, b2);
            d2 = x2.fma(v, d2);
            v = FloatVector.broadcast(F, wT[w + 3]);
            a3 = x0.fma(v, a3);
            b3 = x1.fma(v, b3);
            d3 = x2.fma(v, d3);
        }
        a0.intoArray(out, outOff);
        b0.intoArray(out, outOff + L);
        d0.intoArray(out, outOff + 2 * L);
        a1.intoArray(out, outOff + outStride);
        b1.intoArray(out, outOff + outStride + L);
        d1.intoArray(out, outOff + outStride + 2 * L);
        a2.intoArray(out, outOff + 2 * outStride);
        b2.intoArray(out, outOff + 2 * outStride + L);
        d2.intoArray(out, outOff + 2 * outStride + 2 * L);
        a3.intoArray(out, outOff + 3 * outStride);
        b3.intoArray(out, outOff + 3 * outStride + L);
        d3.intoArray(out, outOff + 3 * outStride + 2 * L);
    }

    /** One channel by 3 vectors of columns: the channels left over from the blocks. */
    private static void oneChannel(float[] wT, int wOff, int taps, int m, float[] in, int inOff, int[] shifts,
                                   float bias, float[] out, int outOff) {
        FloatVector a = FloatVector.broadcast(F, bias), b = a, d = a;
        for (int t = 0; t < taps; t++) {
            int s = inOff + shifts[t];
            FloatVector v = FloatVector.broadcast(F, wT[wOff + t * m]);
            a = FloatVector.fromArray(F, in, s).fma(v, a);
            b = FloatVector.fromArray(F, in, s + L).fma(v, b);
            d = FloatVector.fromArray(F, in, s + 2 * L).fma(v, d);
        }
        a.intoArray(out, outOff);
        b.intoArray(out, outOff + L);
        d.intoArray(out, outOff + 2 * L);
    }
}
