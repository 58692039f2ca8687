package dev.latent.kernels.simd;

import dev.latent.kernels.BinaryOp;
import dev.latent.kernels.BlockedGemm;
import dev.latent.kernels.UnaryOp;
import dev.latent.kernels.VectorKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API implementation of {@link VectorKernels}. Loaded reflectively by
 * {@link dev.latent.kernels.VectorSupport} only when {@code jdk.incubator.vector} is present.
 */
public final class PanamaVectorKernels implements VectorKernels {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Created by {@link dev.latent.kernels.VectorSupport}. */
    public PanamaVectorKernels() {
    }

    @Override
    public int floatLanes() {
        return F.length();
    }

    @Override
    public BlockedGemm<?> gemm() {
        return PanamaGemm.INSTANCE;
    }

    @Override
    public boolean binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        VectorOperators.Binary vop = switch (op) {
            case ADD -> VectorOperators.ADD;
            case SUB -> VectorOperators.SUB;
            case MUL -> VectorOperators.MUL;
            case DIV -> VectorOperators.DIV;
            default -> null;
        };
        if (vop == null) {
            return false;
        }
        int i = 0;
        int bound = F.loopBound(n);
        for (; i < bound; i += F.length()) {
            FloatVector.fromArray(F, a, ao + i).lanewise(vop, FloatVector.fromArray(F, b, bo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = op.apply(a[ao + i], b[bo + i]);
        }
        return true;
    }

    @Override
    public boolean unary(UnaryOp op, float p, float q, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        int bound = F.loopBound(n);
        switch (op) {
            case RELU -> {
                for (; i < bound; i += F.length()) {
                    FloatVector v = FloatVector.fromArray(F, x, xo + i);
                    v.blend(0f, v.compare(VectorOperators.LT, 0f)).intoArray(y, yo + i);
                }
            }
            case MUL -> {
                for (; i < bound; i += F.length()) {
                    FloatVector.fromArray(F, x, xo + i).mul(p).intoArray(y, yo + i);
                }
            }
            case ADD -> {
                for (; i < bound; i += F.length()) {
                    FloatVector.fromArray(F, x, xo + i).add(p).intoArray(y, yo + i);
                }
            }
            default -> {
                return false;
            }
        }
        for (; i < n; i++) {
            y[yo + i] = op.apply(x[xo + i], p, q);
        }
        return true;
    }
}
