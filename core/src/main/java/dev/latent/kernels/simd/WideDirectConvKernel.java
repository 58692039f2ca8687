package dev.latent.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The direct convolution's inner loop for wide layers, on a channels-last input: 6 output pixels x 4 output-channel
 * vectors (64 channels at 16 lanes) in 24 accumulators, the shape of the GEMM's 6x64 micro-tile (with 16 vector
 * registers, 6 x 2 vectors as the GEMM's there: {@link VectorHardware}), with the input
 * value broadcast and the weights loaded as vectors. With channels last, one kernel row of a window ({@code kernelW
 * * channels} values) is one contiguous run, so each run is a single loop whose input and weight indices are linear
 * in the loop counter: C2 then checks their ranges once per loop, not per load.
 *
 * <p>Two shapes measured and not kept: one loop over a table of (channel, tap) offsets paid six range checks per
 * step, and a loop nest over runs and channels made C2 spill most of the 24 accumulators to the stack (40 GFLOPS
 * against about 100 here). So each run is its own call, and the accumulators wait between runs in the output, which
 * is laid out as the register blocks are: group of four channel vectors, then pixel, then channel. The callers turn
 * it into NCHW with gathers; storing each accumulator with a vector scatter instead cost about 1.75 ns per float,
 * 8% of Conv2d(64→128)'s forward.
 */
final class WideDirectConvKernel {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Output pixels of a register block. */
    static final int PIXELS = 6;
    /** Output-channel vectors of a register block: 24 accumulators, or 12 with 16 vector registers. */
    private static final int VECTORS = VectorHardware.SIXTEEN_REGISTERS ? 2 : 4;
    /** Output channels of a register block. */
    static final int WIDTH = VECTORS * L;

    private WideDirectConvKernel() {
    }

    /** Whether {@link #run} handles this many output channels: whole groups of {@link #WIDTH}. */
    static boolean handles(int outChannels) {
        return outChannels % WIDTH == 0;
    }

    /**
     * {@code out[outOff + (c / W * capacity + col) * W + c % W] = bias[c] + sum over r, j of w[wOff + ((c / W * runs +
     * r) * runLength + j) * W + c % W] * x[xOff + columnOffsets[col] + runOffsets[r] + j]} for every column {@code
     * col < columns} and output channel {@code c}, where {@code W} is {@link #WIDTH} and {@code runs =
     * runOffsets.length}; runs {@code r} are summed in order, and within a run {@code j} in order. The rows from
     * {@code columns} up to the next multiple of {@link #PIXELS} are scratch, so {@code capacity} must reach that
     * multiple.
     *
     * @param columnOffsets where each column's window starts, at least {@code columns} entries (a table kept per
     *                      layer shape: building it per call allocated a kilobyte per tile)
     * @param bias per output channel, or null
     */
    static void run(float[] x, int xOff, int[] columnOffsets, int columns, int[] runOffsets, int runLength,
                    float[] w, int wOff, int outChannels, float[] bias, int bOff, float[] out, int outOff,
                    int capacity) {
        int blocks = (columns + PIXELS - 1) / PIXELS;
        if (capacity < blocks * PIXELS || columnOffsets.length < columns) {
            throw new IllegalArgumentException("capacity " + capacity + " is below " + blocks * PIXELS + " rows, or "
                    + columnOffsets.length + " column offsets below " + columns);
        }
        int groupWeights = runOffsets.length * runLength * WIDTH;
        int last = columns - 1;
        for (int c0 = 0; c0 < outChannels; c0 += WIDTH) {
            int tile = outOff + c0 * capacity;
            for (int t = tile; t < tile + blocks * PIXELS * WIDTH; t += WIDTH) {
                for (int v = 0; v < WIDTH; v += L) {
                    FloatVector start = bias == null ? FloatVector.zero(F)
                            : FloatVector.fromArray(F, bias, bOff + c0 + v);
                    start.intoArray(out, t + v);
                }
            }
            int wg = wOff + c0 / WIDTH * groupWeights;
            for (int r = 0; r < runOffsets.length; r++) {
                int o = xOff + runOffsets[r];
                int wr = wg + r * runLength * WIDTH;
                for (int j = 0; j < blocks * PIXELS; j += PIXELS) {
                    // a short last block repeats the last column into the scratch rows
                    int x0 = columnOffsets[j] + o;
                    int x1 = columnOffsets[Math.min(j + 1, last)] + o;
                    int x2 = columnOffsets[Math.min(j + 2, last)] + o;
                    int x3 = columnOffsets[Math.min(j + 3, last)] + o;
                    int x4 = columnOffsets[Math.min(j + 4, last)] + o;
                    int x5 = columnOffsets[Math.min(j + 5, last)] + o;
                    if (VECTORS == 4) {
                        runBlock(x, x0, x1, x2, x3, x4, x5, runLength, w, wr, out, tile + j * WIDTH);
                    } else {
                        runBlock2(x, x0, x1, x2, x3, x4, x5, runLength, w, wr, out, tile + j * WIDTH);
                    }
                }
            }
        }
    }

    /** {@link #runBlock} for two output-channel vectors: 12 accumulators, for 16 vector registers. */
    private static void runBlock2(float[] x, int x0, int x1, int x2, int x3, int x4, int x5, int length, float[] w,
                                  int wOff, float[] t, int tOff) {
        FloatVector a00 = FloatVector.fromArray(F, t, tOff);
        FloatVector a01 = FloatVector.fromArray(F, t, tOff + L);
        FloatVector a10 = FloatVector.fromArray(F, t, tOff + 2 * L);
        FloatVector a11 = FloatVector.fromArray(F, t, tOff + 3 * L);
        FloatVector a20 = FloatVector.fromArray(F, t, tOff + 4 * L);
        FloatVector a21 = FloatVector.fromArray(F, t, tOff + 5 * L);
        FloatVector a30 = FloatVector.fromArray(F, t, tOff + 6 * L);
        FloatVector a31 = FloatVector.fromArray(F, t, tOff + 7 * L);
        FloatVector a40 = FloatVector.fromArray(F, t, tOff + 8 * L);
        FloatVector a41 = FloatVector.fromArray(F, t, tOff + 9 * L);
        FloatVector a50 = FloatVector.fromArray(F, t, tOff + 10 * L);
        FloatVector a51 = FloatVector.fromArray(F, t, tOff + 11 * L);
        for (int j = 0; j < length; j++) {
            int wj = wOff + j * WIDTH;
            FloatVector w0 = FloatVector.fromArray(F, w, wj);
            FloatVector w1 = FloatVector.fromArray(F, w, wj + L);
            FloatVector v = FloatVector.broadcast(F, x[x0 + j]);
            a00 = w0.fma(v, a00); a01 = w1.fma(v, a01);
            v = FloatVector.broadcast(F, x[x1 + j]);
            a10 = w0.fma(v, a10); a11 = w1.fma(v, a11);
            v = FloatVector.broadcast(F, x[x2 + j]);
            a20 = w0.fma(v, a20); a21 = w1.fma(v, a21);
            v = FloatVector.broadcast(F, x[x3 + j]);
            a30 = w0.fma(v, a30); a31 = w1.fma(v, a31);
            v = FloatVector.broadcast(F, x[x4 + j]);
            a40 = w0.fma(v, a40); a41 = w1.fma(v, a41);
            v = FloatVector.broadcast(F, x[x5 + j]);
            a50 = w0.fma(v, a50); a51 = w1.fma(v, a51);
        }
        a00.intoArray(t, tOff); a01.intoArray(t, tOff + L);
        a10.intoArray(t, tOff + 2 * L); a11.intoArray(t, tOff + 3 * L);
        a20.intoArray(t, tOff + 4 * L); a21.intoArray(t, tOff + 5 * L);
        a30.intoArray(t, tOff + 6 * L); a31.intoArray(t, tOff + 7 * L);
        a40.intoArray(t, tOff + 8 * L); a41.intoArray(t, tOff + 9 * L);
        a50.intoArray(t, tOff + 10 * L); a51.intoArray(t, tOff + 11 * L);
    }

    /**
     * Adds one run to the tile: {@code tile[pixel k, channel vector v] += sum over j < length of w[wOff + j * W + v *
     * L + lanes] * x[xk + j]}, in order of {@code j}.
     */
    private static void runBlock(float[] x, int x0, int x1, int x2, int x3, int x4, int x5, int length, float[] w,
                                 int wOff, float[] t, int tOff) {
        FloatVector a00 = FloatVector.fromArray(F, t, tOff);
        FloatVector a01 = FloatVector.fromArray(F, t, tOff + L);
        FloatVector a02 = FloatVector.fromArray(F, t, tOff + 2 * L);
        FloatVector a03 = FloatVector.fromArray(F, t, tOff + 3 * L);
        FloatVector a10 = FloatVector.fromArray(F, t, tOff + 4 * L);
        FloatVector a11 = FloatVector.fromArray(F, t, tOff + 5 * L);
        FloatVector a12 = FloatVector.fromArray(F, t, tOff + 6 * L);
        FloatVector a13 = FloatVector.fromArray(F, t, tOff + 7 * L);
        FloatVector a20 = FloatVector.fromArray(F, t, tOff + 8 * L);
        FloatVector a21 = FloatVector.fromArray(F, t, tOff + 9 * L);
        FloatVector a22 = FloatVector.fromArray(F, t, tOff + 10 * L);
        FloatVector a23 = FloatVector.fromArray(F, t, tOff + 11 * L);
        FloatVector a30 = FloatVector.fromArray(F, t, tOff + 12 * L);
        FloatVector a31 = FloatVector.fromArray(F, t, tOff + 13 * L);
        FloatVector a32 = FloatVector.fromArray(F, t, tOff + 14 * L);
        FloatVector a33 = FloatVector.fromArray(F, t, tOff + 15 * L);
        FloatVector a40 = FloatVector.fromArray(F, t, tOff + 16 * L);
        FloatVector a41 = FloatVector.fromArray(F, t, tOff + 17 * L);
        FloatVector a42 = FloatVector.fromArray(F, t, tOff + 18 * L);
        FloatVector a43 = FloatVector.fromArray(F, t, tOff + 19 * L);
        FloatVector a50 = FloatVector.fromArray(F, t, tOff + 20 * L);
        FloatVector a51 = FloatVector.fromArray(F, t, tOff + 21 * L);
        FloatVector a52 = FloatVector.fromArray(F, t, tOff + 22 * L);
        FloatVector a53 = FloatVector.fromArray(F, t, tOff + 23 * L);
        for (int j = 0; j < length; j++) {
            int wj = wOff + j * WIDTH;
            FloatVector w0 = FloatVector.fromArray(F, w, wj);
            FloatVector w1 = FloatVector.fromArray(F, w, wj + L);
            FloatVector w2 = FloatVector.fromArray(F, w, wj + 2 * L);
            FloatVector w3 = FloatVector.fromArray(F, w, wj + 3 * L);
            FloatVector v = FloatVector.broadcast(F, x[x0 + j]);
            a00 = w0.fma(v, a00); a01 = w1.fma(v, a01); a02 = w2.fma(v, a02); a03 = w3.fma(v, a03);
            v = FloatVector.broadcast(F, x[x1 + j]);
            a10 = w0.fma(v, a10); a11 = w1.fma(v, a11); a12 = w2.fma(v, a12); a13 = w3.fma(v, a13);
            v = FloatVector.broadcast(F, x[x2 + j]);
            a20 = w0.fma(v, a20); a21 = w1.fma(v, a21); a22 = w2.fma(v, a22); a23 = w3.fma(v, a23);
            v = FloatVector.broadcast(F, x[x3 + j]);
            a30 = w0.fma(v, a30); a31 = w1.fma(v, a31); a32 = w2.fma(v, a32); a33 = w3.fma(v, a33);
            v = FloatVector.broadcast(F, x[x4 + j]);
            a40 = w0.fma(v, a40); a41 = w1.fma(v, a41); a42 = w2.fma(v, a42); a43 = w3.fma(v, a43);
            v = FloatVector.broadcast(F, x[x5 + j]);
            a50 = w0.fma(v, a50); a51 = w1.fma(v, a51); a52 = w2.fma(v, a52); a53 = w3.fma(v, a53);
        }
        a00.intoArray(t, tOff); a01.intoArray(t, tOff + L);
        a02.intoArray(t, tOff + 2 * L); a03.intoArray(t, tOff + 3 * L);
        a10.intoArray(t, tOff + 4 * L); a11.intoArray(t, tOff + 5 * L);
        a12.intoArray(t, tOff + 6 * L); a13.intoArray(t, tOff + 7 * L);
        a20.intoArray(t, tOff + 8 * L); a21.intoArray(t, tOff + 9 * L);
        a22.intoArray(t, tOff + 10 * L); a23.intoArray(t, tOff + 11 * L);
        a30.intoArray(t, tOff + 12 * L); a31.intoArray(t, tOff + 13 * L);
        a32.intoArray(t, tOff + 14 * L); a33.intoArray(t, tOff + 15 * L);
        a40.intoArray(t, tOff + 16 * L); a41.intoArray(t, tOff + 17 * L);
        a42.intoArray(t, tOff + 18 * L); a43.intoArray(t, tOff + 19 * L);
        a50.intoArray(t, tOff + 20 * L); a51.intoArray(t, tOff + 21 * L);
        a52.intoArray(t, tOff + 22 * L); a53.intoArray(t, tOff + 23 * L);
    }
}
