package dev.latent.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loop of {@link dev.latent.kernels.ChunkKernels#copy}: whole vectors, then one masked load and store
 * for the rest of each chunk, so a chunk shorter than a vector is a single masked move.
 */
final class VectorChunks {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private VectorChunks() {
    }

    static void copy(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride, int chunks,
                     int len, float add) {
        int full = F.loopBound(len);
        VectorMask<Float> rest = F.indexInRange(full, len);
        boolean shift = add != 0f;
        for (int j = 0; j < chunks; j++) {
            int s = srcOff + j * srcStride;
            int d = dstOff + j * dstStride;
            for (int p = 0; p < full; p += L) {
                FloatVector v = FloatVector.fromArray(F, src, s + p);
                (shift ? v.add(add) : v).intoArray(dst, d + p);
            }
            if (full < len) {
                FloatVector v = FloatVector.fromArray(F, src, s + full, rest);
                (shift ? v.add(add) : v).intoArray(dst, d + full, rest);
            }
        }
    }
}
