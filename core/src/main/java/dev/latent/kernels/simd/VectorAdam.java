package dev.latent.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam's element loop on vectors. The parameter and gradient sit at offsets of their own arrays and the moments at
 * offset 0 of theirs, and C2 does not vectorize a loop over arrays at unrelated offsets: the scalar loop took 7% of
 * an MLP GAN training step. Every operation is the scalar loop's (multiply, add, divide and square root, each
 * rounded to float; no fused multiply-add), in the same order, so the results are the same bits.
 */
final class VectorAdam {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private VectorAdam() {
    }

    /** See {@link dev.latent.kernels.VectorKernels#adam}: whole vectors, returning where the scalar tail starts. */
    static int step(float[] p, int po, float[] g, int go, float[] m, float[] v, int from, int to, float b1, float c1,
                    float b2, float c2, float stepSize, float bias2Sqrt, float eps, boolean decoupled, float decay,
                    float wd) {
        int i = from;
        for (int bound = to - L; i <= bound; i += L) {
            FloatVector gi = FloatVector.fromArray(F, g, go + i);
            FloatVector pi = FloatVector.fromArray(F, p, po + i);
            if (decoupled) {
                pi = pi.mul(decay);
            } else if (wd != 0) {
                gi = gi.add(pi.mul(wd));
            }
            FloatVector mi = FloatVector.fromArray(F, m, i).mul(b1).add(gi.mul(c1));
            FloatVector vi = FloatVector.fromArray(F, v, i).mul(b2).add(gi.mul(c2).mul(gi));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector denom = vi.sqrt().div(bias2Sqrt).add(eps);
            pi.sub(mi.div(denom).mul(stepSize)).intoArray(p, po + i);
        }
        return i;
    }
}
