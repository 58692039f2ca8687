package dev.latent.nn.optim;

import dev.latent.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop, like PyTorch's {@code torch.optim.RMSprop}:
 *
 * <pre>
 * g = grad + weightDecay * p
 * s = alpha * s + (1 - alpha) * g^2
 * centered: a = alpha * a + (1 - alpha) * g;  avg = sqrt(s - a^2) + eps,   otherwise avg = sqrt(s) + eps
 * momentum: buf = momentum * buf + g / avg;  p = p - lr * buf,            otherwise p = p - lr * g / avg
 * </pre>
 */
public final class RMSprop extends Optimizer {
    private double alpha;
    private double eps;
    private double momentum;
    private boolean centered;

    private RMSprop(List<Tensor> params, Builder b) {
        super(params, b.lr, b.weightDecay);
        this.alpha = b.alpha;
        this.eps = b.eps;
        this.momentum = b.momentum;
        this.centered = b.centered;
    }

    /** RMSprop with learning rate {@code lr} and PyTorch's other defaults. */
    public RMSprop(List<Tensor> params, double lr) {
        this(params, builder().lr(lr).check());
    }

    /** A builder with PyTorch's defaults: lr 0.01, alpha 0.99, eps 1e-8, no weight decay, momentum 0, not centered. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "RMSprop";
    }

    @Override
    protected void update(ParamGroup group, ParamState state, float[] p, int po, float[] g, int go, int n) {
        float lr = (float) group.lr();
        float wd = (float) group.weightDecay();
        float a = (float) alpha;
        float oneMinusA = (float) (1 - alpha);
        float epsF = (float) eps;
        float mom = (float) momentum;
        float[] sq = state.buffer("square_avg", n);
        float[] buf = momentum > 0 ? state.buffer("momentum_buffer", n) : null;
        float[] ga = centered ? state.buffer("grad_avg", n) : null;
        forEachChunk(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = g[go + i];
                if (wd != 0) {
                    gi += wd * p[po + i];
                }
                float s = sq[i] * a + oneMinusA * gi * gi;
                sq[i] = s;
                float avg;
                if (ga != null) {
                    float ai = ga[i] * a + oneMinusA * gi;
                    ga[i] = ai;
                    avg = (float) Math.sqrt(s - ai * ai) + epsF;
                } else {
                    avg = (float) Math.sqrt(s) + epsF;
                }
                if (buf != null) {
                    float b = buf[i] * mom + gi / avg;
                    buf[i] = b;
                    p[po + i] -= lr * b;
                } else {
                    p[po + i] -= lr * (gi / avg);
                }
            }
        });
    }

    @Override
    protected Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alpha", alpha);
        m.put("eps", eps);
        m.put("momentum", momentum);
        m.put("centered", centered);
        return m;
    }

    @Override
    protected void setHyperparameters(Map<String, Object> values) {
        Builder b = builder().alpha(number(values, "alpha", alpha)).eps(number(values, "eps", eps))
                .momentum(number(values, "momentum", momentum)).centered(flag(values, "centered", centered)).check();
        alpha = b.alpha;
        eps = b.eps;
        momentum = b.momentum;
        centered = b.centered;
    }

    /** Settings for {@link RMSprop}. */
    public static final class Builder {
        private double lr = 0.01;
        private double alpha = 0.99;
        private double eps = 1e-8;
        private double weightDecay;
        private double momentum;
        private boolean centered;

        private Builder() {
        }

        /** Learning rate. */
        public Builder lr(double lr) {
            this.lr = lr;
            return this;
        }

        /** Smoothing constant of the squared-gradient average. */
        public Builder alpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /** Added to the denominator for stability. */
        public Builder eps(double eps) {
            this.eps = eps;
            return this;
        }

        /** L2 penalty added to the gradient. */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Momentum factor (0 disables momentum). */
        public Builder momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /** Normalize by the estimated variance of the gradient instead of its second moment. */
        public Builder centered(boolean centered) {
            this.centered = centered;
            return this;
        }

        private Builder check() {
            if (!(alpha >= 0) || !(eps >= 0) || !(momentum >= 0)) {
                throw new IllegalArgumentException("RMSprop: invalid alpha " + alpha + ", eps " + eps + " or momentum "
                        + momentum);
            }
            return this;
        }

        /** The optimizer over {@code params}. */
        public RMSprop build(List<Tensor> params) {
            check();
            return new RMSprop(params, this);
        }
    }
}
