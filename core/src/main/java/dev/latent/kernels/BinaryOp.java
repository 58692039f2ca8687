package dev.latent.kernels;

/** Elementwise binary operations on floats. Comparisons yield 1 for true and 0 for false. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MINIMUM, MAXIMUM, GT, GE, LT, LE, EQ, NE;

    /** The operation on one pair of values. */
    public float apply(float a, float b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> (float) Math.pow(a, b);
            case MINIMUM -> Float.isNaN(a) || Float.isNaN(b) ? Float.NaN : Math.min(a, b);
            case MAXIMUM -> Float.isNaN(a) || Float.isNaN(b) ? Float.NaN : Math.max(a, b);
            case GT -> a > b ? 1f : 0f;
            case GE -> a >= b ? 1f : 0f;
            case LT -> a < b ? 1f : 0f;
            case LE -> a <= b ? 1f : 0f;
            case EQ -> a == b ? 1f : 0f;
            case NE -> a != b ? 1f : 0f;
        };
    }

    /** True for the comparisons, whose results are never differentiable. */
    public boolean isComparison() {
        return ordinal() >= GT.ordinal();
    }
}
