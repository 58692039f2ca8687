package dev.latent.kernels.simd;

import dev.latent.kernels.BinaryOp;
import dev.latent.kernels.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops for the elementwise operations: binary ops (both operands contiguous, or one a scalar), unary
 * forward ops and their backward loops. Each loop covers whole vectors and leaves the tail to the op's scalar
 * definition, so results equal the scalar loops exactly for the IEEE operations (add, mul, div, sqrt, min, max,
 * comparisons, relu and the activation backward formulas) and within an ulp or two for exp, tanh and sigmoid, which
 * use {@link VectorMath} so that their bits do not depend on whether the JIT has compiled the loop yet.
 */
final class VectorPointwise {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private VectorPointwise() {
    }

    /** {@code o = op(a, b)}, or false when {@code op} has no vector form. */
    static boolean binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        if (op == BinaryOp.POW) {
            return false;
        }
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            apply(op, FloatVector.fromArray(F, a, ao + i), FloatVector.fromArray(F, b, bo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = op.apply(a[ao + i], b[bo + i]);
        }
        return true;
    }

    /** {@code o = op(x, s)}, or {@code op(s, x)} when {@code scalarLeft}; false when {@code op} has no vector form. */
    static boolean binaryScalar(BinaryOp op, float s, boolean scalarLeft, float[] x, int xo, float[] o, int oo,
                                int n) {
        if (op == BinaryOp.POW) {
            return false;
        }
        FloatVector sv = FloatVector.broadcast(F, s);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            (scalarLeft ? apply(op, sv, v) : apply(op, v, sv)).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = scalarLeft ? op.apply(s, x[xo + i]) : op.apply(x[xo + i], s);
        }
        return true;
    }

    private static FloatVector apply(BinaryOp op, FloatVector a, FloatVector b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            // Vector MIN/MAX follow Math.min/max: NaN wins, -0 < +0, as BinaryOp does.
            case MINIMUM -> a.min(b);
            case MAXIMUM -> a.max(b);
            case GT -> indicator(a.compare(VectorOperators.GT, b));
            case GE -> indicator(a.compare(VectorOperators.GE, b));
            case LT -> indicator(a.compare(VectorOperators.LT, b));
            case LE -> indicator(a.compare(VectorOperators.LE, b));
            case EQ -> indicator(a.compare(VectorOperators.EQ, b));
            case NE -> indicator(a.compare(VectorOperators.NE, b));
            case POW -> throw new IllegalStateException("pow has no vector form");
        };
    }

    private static FloatVector indicator(VectorMask<Float> m) {
        return FloatVector.zero(F).blend(1f, m);
    }

    /** {@code y = op(x)}, or false when {@code op} has no vector form. */
    static boolean unary(UnaryOp op, float p, float q, float[] x, int xo, float[] y, int yo, int n) {
        switch (op) {
            // log and log1p run their scalar loops: no arithmetic-only vector form here that keeps full accuracy.
            case POW, SOFTPLUS, LOG, LOG1P -> {
                return false;
            }
            default -> {
                int i = 0;
                for (int bound = F.loopBound(n); i < bound; i += L) {
                    forward(op, p, q, FloatVector.fromArray(F, x, xo + i)).intoArray(y, yo + i);
                }
                for (; i < n; i++) {
                    y[yo + i] = op.apply(x[xo + i], p, q);
                }
                return true;
            }
        }
    }

    private static FloatVector forward(UnaryOp op, float p, float q, FloatVector v) {
        return switch (op) {
            case NEG -> v.neg();
            case ABS -> v.abs();
            case SQRT -> v.sqrt();
            case EXP -> VectorMath.exp(v);
            case TANH -> VectorMath.tanh(v);
            case RELU -> v.max(0f);
            case LEAKY_RELU -> v.mul(p).blend(v, v.compare(VectorOperators.GT, 0f));
            case SIGMOID -> VectorMath.sigmoid(v);
            case ADD -> v.add(p);
            case MUL -> v.mul(p);
            case RSUB -> FloatVector.broadcast(F, p).sub(v);
            case RDIV -> FloatVector.broadcast(F, p).div(v);
            case CLAMP -> v.max(p).min(q);
            case POW, SOFTPLUS, LOG, LOG1P -> throw new IllegalStateException(op + " has no vector form");
        };
    }

    /** {@code dx = g * op'(x)} for the activations, or false for the other ops (their scalar loops run). */
    static boolean unaryBackward(UnaryOp op, float p, float[] x, int xo, float[] y, int yo, float[] g, int go,
                                 float[] dx, int dxo, int n) {
        switch (op) {
            case RELU, LEAKY_RELU, SIGMOID, TANH, EXP, NEG, MUL -> {
                int i = 0;
                for (int bound = F.loopBound(n); i < bound; i += L) {
                    FloatVector gv = FloatVector.fromArray(F, g, go + i);
                    backward(op, p, x, xo + i, y, yo + i, gv).intoArray(dx, dxo + i);
                }
                for (; i < n; i++) {
                    float xi = x == null ? 0f : x[xo + i];
                    float yi = y == null ? 0f : y[yo + i];
                    dx[dxo + i] = op.derivative(xi, yi, g[go + i], p, 0f);
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** The same formulas, in the same order, as {@link UnaryOp#derivative}. */
    private static FloatVector backward(UnaryOp op, float p, float[] x, int xi, float[] y, int yi, FloatVector g) {
        return switch (op) {
            case RELU -> FloatVector.zero(F).blend(g, FloatVector.fromArray(F, x, xi).compare(VectorOperators.GT, 0f));
            case LEAKY_RELU -> g.mul(p).blend(g, FloatVector.fromArray(F, x, xi).compare(VectorOperators.GT, 0f));
            case SIGMOID -> {
                FloatVector yv = FloatVector.fromArray(F, y, yi);
                yield g.mul(yv).mul(FloatVector.broadcast(F, 1f).sub(yv));
            }
            case TANH -> {
                FloatVector yv = FloatVector.fromArray(F, y, yi);
                yield g.mul(FloatVector.broadcast(F, 1f).sub(yv.mul(yv)));
            }
            case EXP -> g.mul(FloatVector.fromArray(F, y, yi));
            case NEG -> g.neg();
            case MUL -> g.mul(p);
            default -> throw new IllegalStateException(op + " has no vector backward");
        };
    }
}
