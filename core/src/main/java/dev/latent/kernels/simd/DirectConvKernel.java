package dev.latent.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The direct convolution's inner loop, vectorized over output channels: every input value of a window is broadcast
 * and multiplied by the vector of its tap's weights for all output channels, into one accumulator per output
 * channel vector and pixel in flight. There are no column matrices and no gathers: a stride-2 window's inputs are
 * scalar loads, which is what the im2col gathers cost most on. Each accumulator goes to NCHW with one vector
 * scatter; where there is no scatter instruction (AVX2, NEON) it goes through a small tile and scalar stores
 * ({@link VectorHardware}). Blocks of 12 pixels (one channel vector) or 6 pixels (two) keep 12 accumulators in
 * registers, so each weight vector loaded serves 12 or 6 FMAs.
 */
final class DirectConvKernel {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /**
     * Vector accumulators of a register block: 12 pixels of one channel vector or 6 of two here, 12 or 6 taps in
     * {@link DirectConvWeights}. {@code dev.latent.kernels.DirectConv.runsWeightGradient} relies on this number.
     */
    static final int ACCUMULATORS = 12;
    private static final int WIDE_BLOCK = ACCUMULATORS;
    private static final int NARROW_BLOCK = ACCUMULATORS / 2;

    private DirectConvKernel() {
    }

    /** Whether {@link #run} handles this many output channels: one or two whole vectors. */
    static boolean handles(int outChannels) {
        return outChannels == L || outChannels == 2 * L;
    }

    /**
     * {@code y[yOff + i * outImage + c * pixels + p] = bias[c] + sum_t wT[t * outChannels + c] * x[xOff + i *
     * imageStride + pixelOffsets[p] + tapOffsets[t]]} for every image {@code i < images}, pixel {@code p < pixels}
     * ({@code pixelOffsets.length}) and output channel {@code c}; the taps are summed in table order.
     *
     * @param bias per output channel, or null
     */
    static void run(float[] x, int xOff, int imageStride, int images, int[] pixelOffsets, int[] tapOffsets,
                    float[] wT, int outChannels, float[] bias, int bOff, float[] y, int yOff, int outImage) {
        int pixels = pixelOffsets.length;
        int columns = images * pixels;
        int block = outChannels == L ? WIDE_BLOCK : NARROW_BLOCK;
        int[] in = new int[block];
        int[] out = new int[block];
        // a vector of channels lands in NCHW with one scatter: lane c at c * pixels
        int[] channelIndex = new int[L];
        float[] tile = !VectorHardware.SCATTERS ? new float[WIDE_BLOCK * L] : null;
        for (int c = 0; c < L; c++) {
            channelIndex[c] = c * pixels;
        }
        int upper = L * pixels;
        // the bias enters as an array: a vector parameter feeding the accumulators' loop phis made C2 box every
        // vector of the loop (85 MB allocated per call of Conv2d(8→16) at batch 256)
        float[] b = new float[outChannels];
        if (bias != null) {
            System.arraycopy(bias, bOff, b, 0, outChannels);
        }
        for (int j = 0; j < columns; j += block) {
            int n = Math.min(block, columns - j);
            for (int k = 0; k < block; k++) {
                // a short last block repeats its last pixel, which then stores the same values twice
                int col = j + Math.min(k, n - 1);
                int i = col / pixels;
                int p = col - i * pixels;
                in[k] = xOff + i * imageStride + pixelOffsets[p];
                out[k] = yOff + i * outImage + p;
            }
            if (outChannels == L) {
                wideBlock(x, in, tapOffsets, wT, b, y, out, channelIndex, tile);
            } else {
                narrowBlock(x, in, tapOffsets, wT, b, y, out, channelIndex, upper, tile);
            }
            if (!VectorHardware.SCATTERS) {
                storeTile(tile, block, outChannels, out, pixels, y);
            }
        }
    }

    /**
     * Writes a block's accumulators from {@code tile} (pixel {@code k}'s {@code outChannels} values from {@code k *
     * outChannels}) to their NCHW places: channel {@code c} of pixel {@code k} at {@code out[k] + c * pixels}.
     */
    private static void storeTile(float[] tile, int block, int outChannels, int[] out, int pixels, float[] y) {
        for (int k = 0; k < block; k++) {
            int t = k * outChannels;
            int o = out[k];
            for (int c = 0; c < outChannels; c++) {
                y[o + c * pixels] = tile[t + c];
            }
        }
    }

    /** 12 pixels of one channel vector. */
    private static void wideBlock(float[] x, int[] in, int[] taps, float[] wT, float[] b, float[] y, int[] out,
                                  int[] channelIndex, float[] tile) {
        FloatVector bias = FloatVector.fromArray(F, b, 0);
        FloatVector a0 = bias, a1 = bias, a2 = bias, a3 = bias, a4 = bias, a5 = bias;
        FloatVector a6 = bias, a7 = bias, a8 = bias, a9 = bias, a10 = bias, a11 = bias;
        int i0 = in[0], i1 = in[1], i2 = in[2], i3 = in[3], i4 = in[4], i5 = in[5];
        int i6 = in[6], i7 = in[7], i8 = in[8], i9 = in[9], i10 = in[10], i11 = in[11];
        for (int tap = 0; tap < taps.length; tap++) {
            FloatVector w = FloatVector.fromArray(F, wT, tap * L);
            int o = taps[tap];
            a0 = FloatVector.broadcast(F, x[i0 + o]).fma(w, a0);
            a1 = FloatVector.broadcast(F, x[i1 + o]).fma(w, a1);
            a2 = FloatVector.broadcast(F, x[i2 + o]).fma(w, a2);
            a3 = FloatVector.broadcast(F, x[i3 + o]).fma(w, a3);
            a4 = FloatVector.broadcast(F, x[i4 + o]).fma(w, a4);
            a5 = FloatVector.broadcast(F, x[i5 + o]).fma(w, a5);
            a6 = FloatVector.broadcast(F, x[i6 + o]).fma(w, a6);
            a7 = FloatVector.broadcast(F, x[i7 + o]).fma(w, a7);
            a8 = FloatVector.broadcast(F, x[i8 + o]).fma(w, a8);
            a9 = FloatVector.broadcast(F, x[i9 + o]).fma(w, a9);
            a10 = FloatVector.broadcast(F, x[i10 + o]).fma(w, a10);
            a11 = FloatVector.broadcast(F, x[i11 + o]).fma(w, a11);
        }
        if (!VectorHardware.SCATTERS) {
            a0.intoArray(tile, 0);
            a1.intoArray(tile, L);
            a2.intoArray(tile, 2 * L);
            a3.intoArray(tile, 3 * L);
            a4.intoArray(tile, 4 * L);
            a5.intoArray(tile, 5 * L);
            a6.intoArray(tile, 6 * L);
            a7.intoArray(tile, 7 * L);
            a8.intoArray(tile, 8 * L);
            a9.intoArray(tile, 9 * L);
            a10.intoArray(tile, 10 * L);
            a11.intoArray(tile, 11 * L);
            return;
        }
        a0.intoArray(y, out[0], channelIndex, 0);
        a1.intoArray(y, out[1], channelIndex, 0);
        a2.intoArray(y, out[2], channelIndex, 0);
        a3.intoArray(y, out[3], channelIndex, 0);
        a4.intoArray(y, out[4], channelIndex, 0);
        a5.intoArray(y, out[5], channelIndex, 0);
        a6.intoArray(y, out[6], channelIndex, 0);
        a7.intoArray(y, out[7], channelIndex, 0);
        a8.intoArray(y, out[8], channelIndex, 0);
        a9.intoArray(y, out[9], channelIndex, 0);
        a10.intoArray(y, out[10], channelIndex, 0);
        a11.intoArray(y, out[11], channelIndex, 0);
    }

    /** 6 pixels of two channel vectors. */
    private static void narrowBlock(float[] x, int[] in, int[] taps, float[] wT, float[] b, float[] y, int[] out,
                                    int[] channelIndex, int upper, float[] tile) {
        FloatVector bias0 = FloatVector.fromArray(F, b, 0);
        FloatVector bias1 = FloatVector.fromArray(F, b, L);
        FloatVector a0 = bias0, a1 = bias0, a2 = bias0, a3 = bias0, a4 = bias0, a5 = bias0;
        FloatVector c0 = bias1, c1 = bias1, c2 = bias1, c3 = bias1, c4 = bias1, c5 = bias1;
        int i0 = in[0], i1 = in[1], i2 = in[2], i3 = in[3], i4 = in[4], i5 = in[5];
        for (int tap = 0; tap < taps.length; tap++) {
            FloatVector w0 = FloatVector.fromArray(F, wT, tap * 2 * L);
            FloatVector w1 = FloatVector.fromArray(F, wT, tap * 2 * L + L);
            int o = taps[tap];
            FloatVector x0 = FloatVector.broadcast(F, x[i0 + o]);
            FloatVector x1 = FloatVector.broadcast(F, x[i1 + o]);
            FloatVector x2 = FloatVector.broadcast(F, x[i2 + o]);
            a0 = x0.fma(w0, a0);
            c0 = x0.fma(w1, c0);
            a1 = x1.fma(w0, a1);
            c1 = x1.fma(w1, c1);
            a2 = x2.fma(w0, a2);
            c2 = x2.fma(w1, c2);
            FloatVector x3 = FloatVector.broadcast(F, x[i3 + o]);
            FloatVector x4 = FloatVector.broadcast(F, x[i4 + o]);
            FloatVector x5 = FloatVector.broadcast(F, x[i5 + o]);
            a3 = x3.fma(w0, a3);
            c3 = x3.fma(w1, c3);
            a4 = x4.fma(w0, a4);
            c4 = x4.fma(w1, c4);
            a5 = x5.fma(w0, a5);
            c5 = x5.fma(w1, c5);
        }
        if (!VectorHardware.SCATTERS) {
            a0.intoArray(tile, 0);
            c0.intoArray(tile, L);
            a1.intoArray(tile, 2 * L);
            c1.intoArray(tile, 3 * L);
            a2.intoArray(tile, 4 * L);
            c2.intoArray(tile, 5 * L);
            a3.intoArray(tile, 6 * L);
            c3.intoArray(tile, 7 * L);
            a4.intoArray(tile, 8 * L);
            c4.intoArray(tile, 9 * L);
            a5.intoArray(tile, 10 * L);
            c5.intoArray(tile, 11 * L);
            return;
        }
        a0.intoArray(y, out[0], channelIndex, 0);
        a1.intoArray(y, out[1], channelIndex, 0);
        a2.intoArray(y, out[2], channelIndex, 0);
        a3.intoArray(y, out[3], channelIndex, 0);
        a4.intoArray(y, out[4], channelIndex, 0);
        a5.intoArray(y, out[5], channelIndex, 0);
        c0.intoArray(y, out[0] + upper, channelIndex, 0);
        c1.intoArray(y, out[1] + upper, channelIndex, 0);
        c2.intoArray(y, out[2] + upper, channelIndex, 0);
        c3.intoArray(y, out[3] + upper, channelIndex, 0);
        c4.intoArray(y, out[4] + upper, channelIndex, 0);
        c5.intoArray(y, out[5] + upper, channelIndex, 0);
    }
}
