package dev.latent.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Copies of short contiguous runs, one vector load and store per run: the rows of a convolution window (4 floats
 * for a 4 x 4 kernel), where a 16-lane gather of the whole window cost more (see {@code ConvIndex}). One loop per
 * width, each with a constant species, which the Vector API needs to compile them to single instructions.
 */
final class VectorRuns {
    private static final VectorSpecies<Float> QUARTER = FloatVector.SPECIES_128;
    private static final VectorSpecies<Float> HALF = FloatVector.SPECIES_256;
    private static final VectorSpecies<Float> WHOLE = FloatVector.SPECIES_512;
    /** The widest run copied: the preferred vector's floats. */
    private static final int MAX_RUN = FloatVector.SPECIES_PREFERRED.length();

    private VectorRuns() {
    }

    /** See {@link dev.latent.kernels.VectorKernels#copyRuns}. */
    static boolean copy(float[] src, int srcOff, int runs, int runStride, int runLength, float[] dst, int dstOff) {
        if (runLength > MAX_RUN) {
            return false;
        }
        switch (runLength) {
            case 4 -> {
                for (int r = 0, s = srcOff, d = dstOff; r < runs; r++, s += runStride, d += 4) {
                    FloatVector.fromArray(QUARTER, src, s).intoArray(dst, d);
                }
            }
            case 8 -> {
                for (int r = 0, s = srcOff, d = dstOff; r < runs; r++, s += runStride, d += 8) {
                    FloatVector.fromArray(HALF, src, s).intoArray(dst, d);
                }
            }
            case 16 -> {
                for (int r = 0, s = srcOff, d = dstOff; r < runs; r++, s += runStride, d += 16) {
                    FloatVector.fromArray(WHOLE, src, s).intoArray(dst, d);
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }
}
