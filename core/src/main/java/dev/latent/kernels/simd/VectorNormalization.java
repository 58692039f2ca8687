package dev.latent.kernels.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops of {@link dev.latent.kernels.NormKernels}: double sums take each float vector as two double
 * vectors (as {@link VectorReductions#sum} does), so they keep the accuracy of the scalar double loops.
 */
final class VectorNormalization {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, F.vectorShape());
    private static final int L = F.length();

    private VectorNormalization() {
    }

    static double sumSquaredDeviations(float[] x, int off, int n, double mean) {
        DoubleVector m = DoubleVector.broadcast(D, mean);
        DoubleVector lo = DoubleVector.zero(D);
        DoubleVector hi = DoubleVector.zero(D);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, off + i);
            DoubleVector a = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0)).sub(m);
            DoubleVector b = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1)).sub(m);
            lo = a.fma(a, lo);
            hi = b.fma(b, hi);
        }
        // the lanes added in index order, written out here: passed to a helper that C2 did not inline, the vector
        // was boxed (10 MB per DCGAN step)
        DoubleVector total = lo.add(hi);
        double s = 0;
        for (int k = 0; k < D.length(); k++) {
            s += total.lane(k);
        }
        for (; i < n; i++) {
            double d = x[off + i] - mean;
            s += d * d;
        }
        return s;
    }

    static double dotCentered(float[] g, int go, float[] x, int xo, int n, float mean) {
        DoubleVector lo = DoubleVector.zero(D);
        DoubleVector hi = DoubleVector.zero(D);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector c = FloatVector.fromArray(F, x, xo + i).sub(mean);
            FloatVector gv = FloatVector.fromArray(F, g, go + i);
            DoubleVector c0 = (DoubleVector) c.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector c1 = (DoubleVector) c.convertShape(VectorOperators.F2D, D, 1);
            lo = ((DoubleVector) gv.convertShape(VectorOperators.F2D, D, 0)).fma(c0, lo);
            hi = ((DoubleVector) gv.convertShape(VectorOperators.F2D, D, 1)).fma(c1, hi);
        }
        // the lanes added in index order, written out here: passed to a helper that C2 did not inline, the vector
        // was boxed (10 MB per DCGAN step)
        DoubleVector total = lo.add(hi);
        double s = 0;
        for (int k = 0; k < D.length(); k++) {
            s += total.lane(k);
        }
        for (; i < n; i++) {
            s += g[go + i] * (double) (x[xo + i] - mean);
        }
        return s;
    }

    static void scaleShift(float[] x, int xo, float scale, float shift, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, x, xo + i).mul(scale).add(shift).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = x[xo + i] * scale + shift;
        }
    }

    static void inputGrad(float[] g, int go, float[] x, int xo, float mean, float gMean, float k, float scale,
                          float[] dx, int dxo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector c = FloatVector.fromArray(F, x, xo + i).sub(mean).mul(k);
            FloatVector.fromArray(F, g, go + i).sub(gMean).sub(c).mul(scale).intoArray(dx, dxo + i);
        }
        for (; i < n; i++) {
            dx[dxo + i] = (g[go + i] - gMean - (x[xo + i] - mean) * k) * scale;
        }
    }
}
