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
    private static final FloatVector ONE = FloatVector.broadcast(F, 1f);

    private VectorPointwise() {
    }

    /** {@code o = op(a, b)}, or false when {@code op} has no vector form. */
    static boolean binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        // The arithmetic ops get a loop each (see unary for why); the comparisons share one.
        int i = switch (op) {
            case ADD -> add(a, ao, b, bo, o, oo, n);
            case SUB -> sub(a, ao, b, bo, o, oo, n);
            case MUL -> mul(a, ao, b, bo, o, oo, n);
            case DIV -> div(a, ao, b, bo, o, oo, n);
            case MINIMUM -> minimum(a, ao, b, bo, o, oo, n);
            case MAXIMUM -> maximum(a, ao, b, bo, o, oo, n);
            case GT, GE, LT, LE, EQ, NE -> anyBinary(op, a, ao, b, bo, o, oo, n);
            case POW -> -1;
        };
        if (i < 0) {
            return false;
        }
        for (; i < n; i++) {
            o[oo + i] = op.apply(a[ao + i], b[bo + i]);
        }
        return true;
    }

    private static int anyBinary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            apply(op, FloatVector.fromArray(F, a, ao + i), FloatVector.fromArray(F, b, bo + i)).intoArray(o, oo + i);
        }
        return i;
    }

    private static int add(float[] as, int ao, float[] bs, int bo, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector a = FloatVector.fromArray(F, as, ao + i);
            FloatVector b = FloatVector.fromArray(F, bs, bo + i);
            a.add(b).intoArray(o, oo + i);
        }
        return i;
    }

    private static int sub(float[] as, int ao, float[] bs, int bo, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector a = FloatVector.fromArray(F, as, ao + i);
            FloatVector b = FloatVector.fromArray(F, bs, bo + i);
            a.sub(b).intoArray(o, oo + i);
        }
        return i;
    }

    private static int mul(float[] as, int ao, float[] bs, int bo, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector a = FloatVector.fromArray(F, as, ao + i);
            FloatVector b = FloatVector.fromArray(F, bs, bo + i);
            a.mul(b).intoArray(o, oo + i);
        }
        return i;
    }

    private static int div(float[] as, int ao, float[] bs, int bo, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector a = FloatVector.fromArray(F, as, ao + i);
            FloatVector b = FloatVector.fromArray(F, bs, bo + i);
            a.div(b).intoArray(o, oo + i);
        }
        return i;
    }

    private static int minimum(float[] as, int ao, float[] bs, int bo, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector a = FloatVector.fromArray(F, as, ao + i);
            FloatVector b = FloatVector.fromArray(F, bs, bo + i);
            a.min(b).intoArray(o, oo + i);
        }
        return i;
    }

    private static int maximum(float[] as, int ao, float[] bs, int bo, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector a = FloatVector.fromArray(F, as, ao + i);
            FloatVector b = FloatVector.fromArray(F, bs, bo + i);
            a.max(b).intoArray(o, oo + i);
        }
        return i;
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
        // One loop per op: a switch inside the loop grows past C2's inlining budget, and a vector returned from a
        // call that is not inlined gets boxed (an allocation per vector).
        int i = switch (op) {
            case NEG -> neg(p, q, x, xo, y, yo, n);
            case ABS -> abs(p, q, x, xo, y, yo, n);
            case SQRT -> sqrt(p, q, x, xo, y, yo, n);
            case EXP -> exp(p, q, x, xo, y, yo, n);
            case TANH -> tanh(p, q, x, xo, y, yo, n);
            case SIGMOID -> sigmoid(p, q, x, xo, y, yo, n);
            case RELU -> relu(p, q, x, xo, y, yo, n);
            case LEAKY_RELU -> leakyRelu(p, q, x, xo, y, yo, n);
            case ADD -> addScalar(p, q, x, xo, y, yo, n);
            case MUL -> mulScalar(p, q, x, xo, y, yo, n);
            case RSUB -> rsub(p, q, x, xo, y, yo, n);
            case RDIV -> rdiv(p, q, x, xo, y, yo, n);
            case CLAMP -> clamp(p, q, x, xo, y, yo, n);
            // log and log1p run their scalar loops: no arithmetic-only vector form here that keeps full accuracy.
            case POW, SOFTPLUS, LOG, LOG1P -> -1;
        };
        if (i < 0) {
            return false;
        }
        for (; i < n; i++) {
            y[yo + i] = op.apply(x[xo + i], p, q);
        }
        return true;
    }

    private static int neg(float p, float q, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.neg().intoArray(y, yo + i);
        }
        return i;
    }

    private static int abs(float p, float q, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.abs().intoArray(y, yo + i);
        }
        return i;
    }

    private static int sqrt(float p, float q, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.sqrt().intoArray(y, yo + i);
        }
        return i;
    }

    private static int exp(float p, float q, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            VectorMath.exp(v).intoArray(y, yo + i);
        }
        return i;
    }

    private static int tanh(float p, float q, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            VectorMath.tanh(v).intoArray(y, yo + i);
        }
        return i;
    }

    private static int sigmoid(float p, float q, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            VectorMath.sigmoid(v).intoArray(y, yo + i);
        }
        return i;
    }

    private static int relu(float p, float q, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.max(0f).intoArray(y, yo + i);
        }
        return i;
    }

    private static int leakyRelu(float p, float q, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.mul(p).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yo + i);
        }
        return i;
    }

    private static int addScalar(float p, float q, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.add(p).intoArray(y, yo + i);
        }
        return i;
    }

    private static int mulScalar(float p, float q, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.mul(p).intoArray(y, yo + i);
        }
        return i;
    }

    private static int rsub(float p, float q, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            FloatVector.broadcast(F, p).sub(v).intoArray(y, yo + i);
        }
        return i;
    }

    private static int rdiv(float p, float q, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            FloatVector.broadcast(F, p).div(v).intoArray(y, yo + i);
        }
        return i;
    }

    private static int clamp(float p, float q, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.max(p).min(q).intoArray(y, yo + i);
        }
        return i;
    }

    /**
     * {@code dx = g * op'(x)} for the activations, or false for the other ops (their scalar loops run). The formulas
     * and their order of operations are those of {@link UnaryOp#derivative}, so both paths give the same bits.
     */
    static boolean unaryBackward(UnaryOp op, float p, float[] x, int xo, float[] y, int yo, float[] g, int go,
                                 float[] dx, int dxo, int n) {
        int i = switch (op) {
            case RELU -> reluBackward(p, x, xo, y, yo, g, go, dx, dxo, n);
            case LEAKY_RELU -> leakyReluBackward(p, x, xo, y, yo, g, go, dx, dxo, n);
            case SIGMOID -> sigmoidBackward(p, x, xo, y, yo, g, go, dx, dxo, n);
            case TANH -> tanhBackward(p, x, xo, y, yo, g, go, dx, dxo, n);
            case EXP -> expBackward(p, x, xo, y, yo, g, go, dx, dxo, n);
            case NEG -> negBackward(p, x, xo, y, yo, g, go, dx, dxo, n);
            case MUL -> mulBackward(p, x, xo, y, yo, g, go, dx, dxo, n);
            default -> -1;
        };
        if (i < 0) {
            return false;
        }
        for (; i < n; i++) {
            float xi = x == null ? 0f : x[xo + i];
            float yi = y == null ? 0f : y[yo + i];
            dx[dxo + i] = op.derivative(xi, yi, g[go + i], p, 0f);
        }
        return true;
    }

    private static int reluBackward(float p, float[] x, int xo, float[] y, int yo, float[] gs, int go, float[] dx,
                                int dxo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector g = FloatVector.fromArray(F, gs, go + i);
            FloatVector.zero(F).blend(g, FloatVector.fromArray(F, x, xo + i).compare(VectorOperators.GT, 0f)).intoArray(dx, dxo + i);
        }
        return i;
    }

    private static int leakyReluBackward(float p, float[] x, int xo, float[] y, int yo, float[] gs, int go, float[] dx,
                                int dxo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector g = FloatVector.fromArray(F, gs, go + i);
            g.mul(p).blend(g, FloatVector.fromArray(F, x, xo + i).compare(VectorOperators.GT, 0f)).intoArray(dx, dxo + i);
        }
        return i;
    }

    private static int sigmoidBackward(float p, float[] x, int xo, float[] y, int yo, float[] gs, int go, float[] dx,
                                int dxo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector g = FloatVector.fromArray(F, gs, go + i);
            g.mul(FloatVector.fromArray(F, y, yo + i)).mul(ONE.sub(FloatVector.fromArray(F, y, yo + i))).intoArray(dx, dxo + i);
        }
        return i;
    }

    private static int tanhBackward(float p, float[] x, int xo, float[] y, int yo, float[] gs, int go, float[] dx,
                                int dxo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector g = FloatVector.fromArray(F, gs, go + i);
            g.mul(ONE.sub(FloatVector.fromArray(F, y, yo + i).mul(FloatVector.fromArray(F, y, yo + i)))).intoArray(dx, dxo + i);
        }
        return i;
    }

    private static int expBackward(float p, float[] x, int xo, float[] y, int yo, float[] gs, int go, float[] dx,
                                int dxo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector g = FloatVector.fromArray(F, gs, go + i);
            g.mul(FloatVector.fromArray(F, y, yo + i)).intoArray(dx, dxo + i);
        }
        return i;
    }

    private static int negBackward(float p, float[] x, int xo, float[] y, int yo, float[] gs, int go, float[] dx,
                                int dxo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector g = FloatVector.fromArray(F, gs, go + i);
            g.neg().intoArray(dx, dxo + i);
        }
        return i;
    }

    private static int mulBackward(float p, float[] x, int xo, float[] y, int yo, float[] gs, int go, float[] dx,
                                int dxo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector g = FloatVector.fromArray(F, gs, go + i);
            g.mul(p).intoArray(dx, dxo + i);
        }
        return i;
    }
}
