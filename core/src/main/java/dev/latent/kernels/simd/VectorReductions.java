package dev.latent.kernels.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops for the row reductions: sums accumulate in double lanes (each float vector widened into two
 * double vectors) so they keep the accuracy of the scalar double loop; max and min follow {@code Math.max/min}
 * (a NaN wins).
 */
final class VectorReductions {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, F.vectorShape());
    private static final int L = F.length();

    private VectorReductions() {
    }

    /**
     * Sum of {@code n} consecutive floats, in double. The lanes are added in index order at the end, not with
     * {@code reduceLanes(ADD)}, whose intrinsic adds in another order than the Java code that runs before C2
     * compiles the caller (seeded runs differed), nor through an array (a vector store makes it escape: batch norm
     * allocated 558 MB per DCGAN step that way), nor in a helper taking the vector (not always inlined: boxed).
     */
    static double sum(float[] x, int off, int n) {
        DoubleVector lo = DoubleVector.zero(D);
        DoubleVector hi = DoubleVector.zero(D);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, off + i);
            lo = lo.add(v.convertShape(VectorOperators.F2D, D, 0));
            hi = hi.add(v.convertShape(VectorOperators.F2D, D, 1));
        }
        DoubleVector total = lo.add(hi);
        double s = 0;
        for (int k = 0; k < D.length(); k++) {
            s += total.lane(k);
        }
        for (; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    /** Max (or min) of {@code n >= 1} consecutive floats; NaN if any is NaN. */
    static float extreme(float[] x, int off, int n, boolean min) {
        int i = 0;
        float best;
        if (n >= L) {
            FloatVector acc = FloatVector.fromArray(F, x, off);
            for (i = L; i <= n - L; i += L) {
                FloatVector v = FloatVector.fromArray(F, x, off + i);
                acc = min ? acc.min(v) : acc.max(v);
            }
            best = acc.reduceLanes(min ? VectorOperators.MIN : VectorOperators.MAX);
        } else {
            best = x[off];
            i = 1;
        }
        for (; i < n; i++) {
            best = min ? Math.min(best, x[off + i]) : Math.max(best, x[off + i]);
        }
        return best;
    }
}
