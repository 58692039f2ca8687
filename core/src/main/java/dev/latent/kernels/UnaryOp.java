package dev.latent.kernels;

/**
 * Elementwise unary operations with up to two float parameters ({@code p}, {@code q}), their forward loops and
 * their backward loops ({@code dx = g * dy/dx}, computed from the input {@code x} and/or the output {@code y}).
 * All loops are over contiguous runs.
 */
public enum UnaryOp {
    NEG, EXP, LOG, LOG1P, SQRT, ABS, RELU, SIGMOID, TANH,
    /** {@code x > 0 ? x : p * x}. */
    LEAKY_RELU,
    /** {@code log(1 + exp(p * x)) / p}, linear above {@code p * x > q}, as PyTorch's softplus(beta=p, threshold=q). */
    SOFTPLUS,
    /** {@code x ^ p}. */
    POW,
    /** {@code x + p}. */
    ADD,
    /** {@code x * p}. */
    MUL,
    /** {@code p - x}. */
    RSUB,
    /** {@code p / x}. */
    RDIV,
    /** {@code min(max(x, p), q)}. */
    CLAMP;

    /** The forward value for one element. */
    public float apply(float x, float p, float q) {
        return switch (this) {
            case NEG -> -x;
            case EXP -> (float) Math.exp(x);
            case LOG -> (float) Math.log(x);
            case LOG1P -> (float) Math.log1p(x);
            case SQRT -> (float) Math.sqrt(x);
            case ABS -> Math.abs(x);
            case RELU -> Float.isNaN(x) ? x : Math.max(x, 0f);
            case SIGMOID -> sigmoid(x);
            case TANH -> (float) Math.tanh(x);
            case LEAKY_RELU -> x > 0 ? x : p * x;
            case SOFTPLUS -> p * x > q ? x : (float) (Math.log1p(Math.exp((double) p * x)) / p);
            case POW -> p == 2f ? x * x : (float) Math.pow(x, p);
            case ADD -> x + p;
            case MUL -> x * p;
            case RSUB -> p - x;
            case RDIV -> p / x;
            case CLAMP -> Float.isNaN(x) ? x : Math.min(Math.max(x, p), q);
        };
    }

    /** The input gradient for one element from the input {@code x}, output {@code y} and output gradient {@code g}. */
    public float derivative(float x, float y, float g, float p, float q) {
        return switch (this) {
            case NEG -> -g;
            case EXP -> g * y;
            case LOG -> g / x;
            case LOG1P -> g / (1 + x);
            case SQRT -> g / (2 * y);
            case ABS -> x > 0 ? g : x < 0 ? -g : 0f;
            case RELU -> x > 0 ? g : 0f;
            case SIGMOID -> g * y * (1 - y);
            case TANH -> g * (1 - y * y);
            case LEAKY_RELU -> x > 0 ? g : g * p;
            case SOFTPLUS -> {
                if (p * x > q) {
                    yield g;
                }
                double z = Math.exp((double) p * x);
                yield (float) (g * z / (z + 1));
            }
            case POW -> p == 0f ? 0f : p == 2f ? 2 * x * g : (float) (g * p * Math.pow(x, p - 1));
            case ADD -> g;
            case MUL -> g * p;
            case RSUB -> -g;
            case RDIV -> -g * y / x;
            case CLAMP -> x >= p && x <= q ? g : 0f;
        };
    }

    /** Whether the backward loop reads the forward output {@code y} (so the op must keep it). */
    public boolean backwardNeedsOutput() {
        return switch (this) {
            case EXP, SQRT, SIGMOID, TANH, RDIV -> true;
            default -> false;
        };
    }

    /** Whether the backward loop reads the forward input {@code x}. */
    public boolean backwardNeedsInput() {
        return switch (this) {
            case LOG, LOG1P, ABS, RELU, LEAKY_RELU, SOFTPLUS, POW, RDIV, CLAMP -> true;
            default -> false;
        };
    }

    static float sigmoid(float x) {
        if (x >= 0) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }
}
