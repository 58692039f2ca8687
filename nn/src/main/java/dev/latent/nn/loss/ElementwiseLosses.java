package dev.latent.nn.loss;

import dev.latent.kernels.Parallel;
import dev.latent.kernels.Workspace;
import dev.latent.tensor.Function;
import dev.latent.tensor.GradMode;
import dev.latent.tensor.Tensor;

/**
 * Fused elementwise losses whose forward and backward follow PyTorch's CPU kernels exactly (clamps and epsilons
 * included), so values and gradients match at the edges (probabilities of 0 or 1, large logits).
 */
final class ElementwiseLosses {
    /** PyTorch's lower bound for the logarithms in binary cross-entropy. */
    static final float LOG_CLAMP = -100f;
    /** PyTorch's floor for {@code x (1 - x)} in the binary cross-entropy gradient. */
    static final double BCE_GRAD_EPSILON = 1e-12;
    /**
     * Elements per parallel task. The losses take a double {@code log} or {@code exp} per element: on one thread,
     * the VAE's binary cross-entropy over 256 images was 1.9% of a 2-thread step's samples.
     */
    private static final int CHUNK = 1 << 13;

    private ElementwiseLosses() {
    }

    /**
     * A loss of same-shape input and target computed element by element: subclasses give the value and the two
     * partial derivatives of one element.
     */
    private abstract static class Elementwise extends Function {
        /** Checks one input element (throwing on values the loss does not accept). */
        void check(float x, float t, int index) {
        }

        abstract float value(float x, float t);

        abstract float gradInput(float x, float t);

        abstract float gradTarget(float x, float t);

        @Override
        protected final Tensor forward(Tensor... in) {
            // read in place when contiguous: copies of the VAE's 200,000 pixels were most of its allocation per step
            Tensor input = in[0].contiguous();
            Tensor target = in[1].contiguous();
            float[] x = input.data();
            float[] t = target.data();
            int xo = input.offset();
            int to = target.offset();
            int n = input.numel();
            // checked first and in order, so that an error names the first bad element whatever the thread count
            for (int i = 0; i < n; i++) {
                check(x[xo + i], t[to + i], i);
            }
            float[] out = Workspace.resultToOverwrite(n);
            Parallel.forChunks(n, CHUNK, (from, end) -> {
                for (int i = from; i < end; i++) {
                    out[i] = value(x[xo + i], t[to + i]);
                }
            });
            saveForBackward(in[0], in[1]);
            return Tensor.wrap(out, in[0].shape());
        }

        @Override
        protected final Tensor[] backward(Tensor grad) {
            Tensor[] s = savedTensors();
            Tensor input = s[0].contiguous();
            Tensor target = s[1].contiguous();
            Tensor g = grad.contiguous();
            float[] x = input.data();
            float[] t = target.data();
            float[] gs = g.data();
            int xo = input.offset();
            int to = target.offset();
            int go = g.offset();
            int n = input.numel();
            float[] dx = needsInputGrad(0) ? Workspace.resultToOverwrite(n) : null;
            float[] dt = needsInputGrad(1) ? Workspace.resultToOverwrite(n) : null;
            Parallel.forChunks(n, CHUNK, (from, end) -> {
                for (int i = from; i < end; i++) {
                    float xi = x[xo + i];
                    float ti = t[to + i];
                    if (dx != null) {
                        dx[i] = gs[go + i] * gradInput(xi, ti);
                    }
                    if (dt != null) {
                        dt[i] = gs[go + i] * gradTarget(xi, ti);
                    }
                }
            });
            return new Tensor[] {
                    dx == null ? null : Tensor.wrap(dx, s[0].shape()),
                    dt == null ? null : Tensor.wrap(dt, s[1].shape())};
        }
    }

    /** {@code -(t log x + (1 - t) log(1 - x))} with both logs clamped to at least -100. */
    static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
        return new Elementwise() {
            @Override
            void check(float x, float t, int i) {
                if (!(x >= 0 && x <= 1)) {
                    throw new IllegalArgumentException("binaryCrossEntropy: all elements of input should be between 0"
                            + " and 1, got " + x + " at element " + i);
                }
                if (!(t >= 0 && t <= 1)) {
                    throw new IllegalArgumentException("binaryCrossEntropy: all elements of target should be between"
                            + " 0 and 1, got " + t + " at element " + i);
                }
            }

            @Override
            float value(float x, float t) {
                return (t - 1) * logOneMinus(x) - t * log(x);
            }

            @Override
            float gradInput(float x, float t) {
                return (float) ((x - t) / Math.max((1.0f - x) * x, BCE_GRAD_EPSILON));
            }

            @Override
            float gradTarget(float x, float t) {
                return logOneMinus(x) - log(x);
            }

            @Override
            public String name() {
                return "BinaryCrossEntropyBackward";
            }
        }.apply(input, target);
    }

    private static float log(float x) {
        return Math.max((float) Math.log(x), LOG_CLAMP);
    }

    private static float logOneMinus(float x) {
        return Math.max((float) Math.log1p(-x), LOG_CLAMP);
    }

    /** {@code (1 - t) x + log(1 + e^-x)}, computed without overflow for any logit. */
    static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
        return new Elementwise() {
            @Override
            float value(float x, float t) {
                // PyTorch: (1 - t) * x + m + log(e^-m + e^(-x - m)) with m = max(-x, 0)
                float m = Math.max(-x, 0f);
                return (1 - t) * x + m + (float) Math.log(Math.exp(-m) + Math.exp(-x - m));
            }

            @Override
            float gradInput(float x, float t) {
                return sigmoid(x) - t;
            }

            @Override
            float gradTarget(float x, float t) {
                return -x;
            }

            @Override
            public String name() {
                return "BinaryCrossEntropyWithLogitsBackward";
            }
        }.apply(logits, target);
    }

    private static float sigmoid(float x) {
        return x >= 0 ? (float) (1 / (1 + Math.exp(-x))) : (float) (Math.exp(x) / (1 + Math.exp(x)));
    }

    /** {@code max(x, min)} in the forward pass, the identity in the backward pass (PyTorch clamps var under no_grad). */
    static Tensor clampMinStraightThrough(Tensor x, float min) {
        return new Function() {
            @Override
            protected Tensor forward(Tensor... in) {
                try (var scope = GradMode.noGrad()) {
                    return in[0].clampMin(min);
                }
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {g};
            }

            @Override
            public String name() {
                return "ClampStraightThroughBackward";
            }
        }.apply(x);
    }
}
