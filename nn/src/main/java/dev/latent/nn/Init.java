package dev.latent.nn;

import dev.latent.tensor.Generator;
import dev.latent.tensor.GradMode;
import dev.latent.tensor.Tensor;

/**
 * Weight initialisers with PyTorch's formulas ({@code torch.nn.init}), drawing from an explicit seedable
 * {@link Generator}. Each fills the tensor in place (without recording autodiff) and returns it.
 *
 * <pre>{@code
 * Generator gen = new Generator(42);
 * model.apply(m -> {
 *     if (m instanceof Conv2d c) Init.normal(c.weight(), gen, 0, 0.02);   // DCGAN's N(0, 0.02)
 * });
 * }</pre>
 */
public final class Init {
    private Init() {
    }

    /** Which fan the Kaiming initialisers scale by. */
    public enum FanMode {
        /** Preserves the variance of activations in the forward pass. */
        FAN_IN,
        /** Preserves the variance of gradients in the backward pass. */
        FAN_OUT
    }

    /** Nonlinearities with their recommended gains ({@code torch.nn.init.calculate_gain}). */
    public enum Nonlinearity {
        /** Gain 1. */
        LINEAR,
        /** Gain 1 (convolutions are linear). */
        CONV,
        /** Gain 1. */
        SIGMOID,
        /** Gain 5/3. */
        TANH,
        /** Gain sqrt(2). */
        RELU,
        /** Gain sqrt(2 / (1 + slope^2)). */
        LEAKY_RELU,
        /** Gain 3/4. */
        SELU
    }

    /** The recommended gain for {@code nonlinearity}; {@code param} is the leaky ReLU's negative slope. */
    public static double calculateGain(Nonlinearity nonlinearity, double param) {
        return switch (nonlinearity) {
            case LINEAR, CONV, SIGMOID -> 1.0;
            case TANH -> 5.0 / 3;
            case RELU -> Math.sqrt(2.0);
            case LEAKY_RELU -> Math.sqrt(2.0 / (1 + param * param));
            case SELU -> 3.0 / 4;
        };
    }

    /**
     * Fan-in: {@code size(1)} times the receptive field (the product of the sizes after the first two), as PyTorch
     * computes it for Linear and Conv weights.
     */
    public static int fanIn(Tensor t) {
        checkFans("fanIn", t);
        return t.size(1) * receptiveField(t);
    }

    /** Fan-out: {@code size(0)} times the receptive field. */
    public static int fanOut(Tensor t) {
        checkFans("fanOut", t);
        return t.size(0) * receptiveField(t);
    }

    private static void checkFans(String op, Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException(op + ": fan in and fan out cannot be computed for a tensor with fewer"
                    + " than 2 dimensions, got shape " + t.shape());
        }
    }

    private static int receptiveField(Tensor t) {
        int r = 1;
        for (int d = 2; d < t.dim(); d++) {
            r *= t.size(d);
        }
        return r;
    }

    /** Fills with samples from U(low, high). */
    public static Tensor uniform(Tensor t, Generator gen, double low, double high) {
        if (!(low <= high)) {
            throw new IllegalArgumentException("uniform: low " + low + " must not exceed high " + high);
        }
        try (var scope = GradMode.noGrad()) {
            return t.uniformInPlace(gen, (float) low, (float) high);
        }
    }

    /** Fills with samples from N(mean, std^2). */
    public static Tensor normal(Tensor t, Generator gen, double mean, double std) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("normal: std must be non-negative, got " + std);
        }
        try (var scope = GradMode.noGrad()) {
            return t.normalInPlace(gen, (float) mean, (float) std);
        }
    }

    /** Fills with {@code value}. */
    public static Tensor constant(Tensor t, double value) {
        try (var scope = GradMode.noGrad()) {
            return t.fill((float) value);
        }
    }

    /** Fills with zeros. */
    public static Tensor zeros(Tensor t) {
        return constant(t, 0);
    }

    /** Fills with ones. */
    public static Tensor ones(Tensor t) {
        return constant(t, 1);
    }

    /** Glorot uniform: U(-a, a) with {@code a = gain * sqrt(6 / (fanIn + fanOut))}. */
    public static Tensor xavierUniform(Tensor t, Generator gen, double gain) {
        double a = Math.sqrt(3.0) * xavierStd(t, gain);
        return uniform(t, gen, -a, a);
    }

    /** Glorot normal: N(0, std^2) with {@code std = gain * sqrt(2 / (fanIn + fanOut))}. */
    public static Tensor xavierNormal(Tensor t, Generator gen, double gain) {
        return normal(t, gen, 0, xavierStd(t, gain));
    }

    private static double xavierStd(Tensor t, double gain) {
        return gain * Math.sqrt(2.0 / (fanIn(t) + fanOut(t)));
    }

    /**
     * He uniform: U(-b, b) with {@code b = gain * sqrt(3 / fan)}, the gain from {@code nonlinearity} and
     * {@code a} (the leaky ReLU's slope). PyTorch's default for Linear and Conv weights is
     * {@code kaimingUniform(w, gen, Math.sqrt(5), FAN_IN, LEAKY_RELU)}, which gives {@code b = 1 / sqrt(fanIn)}.
     */
    public static Tensor kaimingUniform(Tensor t, Generator gen, double a, FanMode mode, Nonlinearity nonlinearity) {
        double bound = Math.sqrt(3.0) * kaimingStd(t, a, mode, nonlinearity);
        return uniform(t, gen, -bound, bound);
    }

    /** He normal: N(0, std^2) with {@code std = gain / sqrt(fan)}. */
    public static Tensor kaimingNormal(Tensor t, Generator gen, double a, FanMode mode, Nonlinearity nonlinearity) {
        return normal(t, gen, 0, kaimingStd(t, a, mode, nonlinearity));
    }

    private static double kaimingStd(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        int fan = mode == FanMode.FAN_IN ? fanIn(t) : fanOut(t);
        if (fan == 0) {
            return 0; // PyTorch warns and leaves an empty tensor alone; a zero bound does the same here
        }
        return calculateGain(nonlinearity, a) / Math.sqrt(fan);
    }

    /**
     * PyTorch's default initialisation of a Linear or Conv layer ({@code reset_parameters}): the weight from
     * Kaiming-uniform with {@code a = sqrt(5)} and the bias (if any) from U(-1/sqrt(fanIn), 1/sqrt(fanIn)), where
     * fanIn is computed from the weight as PyTorch does (for transposed convolutions that is
     * {@code outChannels / groups * kH * kW}).
     */
    public static void pytorchDefault(Tensor weight, Tensor bias, Generator gen) {
        kaimingUniform(weight, gen, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU);
        if (bias != null) {
            int fanIn = fanIn(weight);
            double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
            uniform(bias, gen, -bound, bound);
        }
    }
}
