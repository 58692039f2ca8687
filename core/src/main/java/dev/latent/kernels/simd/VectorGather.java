package dev.latent.kernels.simd;

import dev.latent.kernels.VectorKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Table-driven gathers and scatter-adds (AVX-512 {@code vgatherdps}/{@code vscatterdps}): the im2col and col2im
 * loops of the convolutions, which read or write through precomputed offset tables. An offset of -1 stands for a
 * zero (padding) on a gather and for "skip" on a scatter. The Vector API checks every lane's index against the
 * array bounds, masked or not, so the gathers address through a second table in which -1 is replaced by 0, and the
 * last partial vector of a run is done in scalar code.
 *
 * <p>The gathers are unmasked, and the padding lanes are zeroed afterwards by a blend: C2 compiles a masked gather
 * to one instruction only with AVX-512, and under {@code -XX:UseAVX=2} it ran in Java at 6.6-7.2 ns per element,
 * against 1.0-1.4 for the gather and blend (the same 1.2 ns as the masked gather with AVX-512). AVX2 has no scatter
 * instruction, so there the scatter-adds are scalar, and without gathers (NEON) so is everything here ({@link
 * VectorHardware}).
 */
final class VectorGather {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final int L = F.length();

    private VectorGather() {
    }

    /** Whether both tables hold the {@code n} entries from {@code off}. */
    static boolean fits(int[] index, int[] clamped, int off, long n) {
        long end = off + n;
        return off >= 0 && n >= 0 && end <= index.length && end <= clamped.length;
    }

    /** {@code dst[dstOff + i] = index[off + i] < 0 ? 0 : src[srcOff + clamped[off + i]]} for {@code i < n}. */
    static void gather(float[] src, int srcOff, int[] index, int[] clamped, int off, float[] dst, int dstOff,
                       int n) {
        int i = 0;
        for (int bound = VectorHardware.GATHERS ? n - L : -1; i <= bound; i += L) {
            VectorMask<Float> padding = IntVector.fromArray(I, index, off + i).compare(VectorOperators.LT, 0).cast(F);
            FloatVector.fromArray(F, src, srcOff, clamped, off + i).blend(FloatVector.zero(F), padding)
                    .intoArray(dst, dstOff + i);
        }
        // the tail is scalar (and so is all of it without vector gathers): the table entries past n may address past
        // the end of src (the next image)
        for (; i < n; i++) {
            int o = index[off + i];
            dst[dstOff + i] = o >= 0 ? src[srcOff + o] : 0f;
        }
    }

    /**
     * {@code dst[dstOff + i] = } the sum over {@code s < terms} of the gathered {@code src[srcOff + index[off + s *
     * termStride + i]]} (0 where the index is -1), added in the order of {@code s}. The col2im of a stride-2 layer
     * as gathers: each input position sums the few column entries that read it, instead of each column entry being
     * scatter-added into its input position (a gather, an add and a scatter per vector of entries).
     */
    static void gatherSum(float[] src, int srcOff, int[] index, int[] clamped, int off, int terms, int termStride,
                          float[] dst, int dstOff, int n) {
        int i = 0;
        for (int bound = VectorHardware.GATHERS ? n - L : -1; i <= bound; i += L) {
            int e = off + i;
            VectorMask<Float> padding = IntVector.fromArray(I, index, e).compare(VectorOperators.LT, 0).cast(F);
            FloatVector sum = FloatVector.fromArray(F, src, srcOff, clamped, e).blend(FloatVector.zero(F), padding);
            for (int s = 1; s < terms; s++) {
                e += termStride;
                padding = IntVector.fromArray(I, index, e).compare(VectorOperators.LT, 0).cast(F);
                sum = sum.add(FloatVector.fromArray(F, src, srcOff, clamped, e).blend(FloatVector.zero(F), padding));
            }
            sum.intoArray(dst, dstOff + i);
        }
        VectorKernels.gatherSumScalar(src, srcOff, index, off, terms, termStride, dst, dstOff, i, n);
    }

    /**
     * {@code dst[dstOff + index[off + i]] += src[srcOff + i]} for {@code i < n} where the index is not -1. The
     * valid offsets of one call must be distinct (a vector's lanes are read, added and written back together).
     */
    static void scatterAdd(float[] src, int srcOff, int[] index, int[] clamped, int off, float[] dst, int dstOff,
                           int n) {
        int i = 0;
        for (int bound = !VectorHardware.SCATTERS ? -1 : n - L; i <= bound; i += L) {
            VectorMask<Float> live = IntVector.fromArray(I, index, off + i).compare(VectorOperators.GE, 0).cast(F);
            FloatVector add = FloatVector.fromArray(F, src, srcOff + i);
            FloatVector.fromArray(F, dst, dstOff, clamped, off + i, live).add(add)
                    .intoArray(dst, dstOff, clamped, off + i, live);
        }
        for (; i < n; i++) {
            int o = index[off + i];
            if (o >= 0) {
                dst[dstOff + o] += src[srcOff + i];
            }
        }
    }
}
