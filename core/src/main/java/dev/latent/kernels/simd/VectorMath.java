package dev.latent.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, tanh and sigmoid on float vectors built only from IEEE arithmetic (add, mul, fma, div, min, max, bit moves).
 *
 * <p>Why not {@code lanewise(VectorOperators.EXP)}: the JDK computes it with an intrinsic vector math library once
 * C2 compiles the loop and with a per-lane {@code Math.exp} before that, and the two differ in the last bit. A seeded
 * training run then depends on when the JIT kicked in, and an exactly resumed run no longer matches one that ran
 * through. Every operation used here is correctly rounded in the interpreter and in compiled code alike, so the
 * results are the same bits whatever the JIT does. Accuracy is within 2 ulp of the correctly rounded result
 * (Cephes-style range reduction and minimax polynomials).
 */
final class VectorMath {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 split so that {@code n * LN2_HI} is exact for the n that occur. */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** Adding 1.5 * 2^23 rounds a float of magnitude below 2^22 to the nearest integer. */
    private static final float ROUND_MAGIC = 12582912f;
    /** Below this exp underflows to 0, above it overflows to infinity; clamping keeps n in int-exponent range. */
    private static final float EXP_LO = -104f;
    private static final float EXP_HI = 88.8f;
    /** Below this |x| tanh uses its odd polynomial (the exp form would cancel). */
    private static final float TANH_SMALL = 0.625f;

    private VectorMath() {
    }

    /** {@code e^x} lane by lane; NaN stays NaN, overflow gives infinity, underflow 0. */
    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(EXP_LO).min(EXP_HI);
        FloatVector n = c.mul(LOG2E).add(ROUND_MAGIC).sub(ROUND_MAGIC);
        FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HI), c);
        r = n.fma(FloatVector.broadcast(F, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(F, 1.9875691500e-4f);
        p = step(p, r, 1.3981999507e-3f);
        p = step(p, r, 8.3334519073e-3f);
        p = step(p, r, 4.1665795894e-2f);
        p = step(p, r, 1.6666665459e-1f);
        p = step(p, r, 5.0000001201e-1f);
        p = p.mul(r.mul(r)).add(r).add(1f);
        // 2^n as 2^(n/2) * 2^(n - n/2): both halves stay normal for every n in [-150, 128].
        IntVector ni = (IntVector) n.convert(VectorOperators.F2I, 0);
        IntVector half = ni.lanewise(VectorOperators.ASHR, 1);
        return p.mul(powerOfTwo(half)).mul(powerOfTwo(ni.sub(half)));
    }

    /** One Horner step, {@code acc * t + c}, fused. */
    private static FloatVector step(FloatVector acc, FloatVector t, float c) {
        return acc.fma(t, FloatVector.broadcast(F, c));
    }

    private static FloatVector powerOfTwo(IntVector n) {
        return (FloatVector) n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    /** {@code tanh(x)}: an odd polynomial near 0, {@code 1 - 2 / (e^(2|x|) + 1)} with the sign of x elsewhere. */
    static FloatVector tanh(FloatVector x) {
        FloatVector z = x.mul(x);
        FloatVector q = FloatVector.broadcast(F, -5.70498872745e-3f);
        q = step(q, z, 2.06390887954e-2f);
        q = step(q, z, -5.37397155531e-2f);
        q = step(q, z, 1.33314422036e-1f);
        q = step(q, z, -3.33332819422e-1f);
        FloatVector small = q.mul(z).fma(x, x);
        FloatVector a = x.abs();
        FloatVector large = FloatVector.broadcast(F, 1f).sub(FloatVector.broadcast(F, 2f).div(exp(a.add(a)).add(1f)));
        large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        // NaN fails the comparison and takes the "small" lane, whose polynomial keeps it NaN.
        return large.blend(small, a.compare(VectorOperators.LT, TANH_SMALL).or(x.test(VectorOperators.IS_NAN)));
    }

    /** {@code 1 / (1 + e^-x)} through {@code e = e^-|x|}, which never overflows. */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        FloatVector t = e.add(1f);
        FloatVector pos = FloatVector.broadcast(F, 1f).div(t);
        return pos.blend(e.div(t), x.compare(VectorOperators.LT, 0f));
    }
}
