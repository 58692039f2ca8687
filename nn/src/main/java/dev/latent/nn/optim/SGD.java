package dev.latent.nn.optim;

import dev.latent.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and weight decay, like PyTorch's
 * {@code torch.optim.SGD}:
 *
 * <pre>
 * g = grad + weightDecay * p
 * buf = g on the first step, then momentum * buf + (1 - dampening) * g
 * g = nesterov ? g + momentum * buf : buf          (when momentum != 0)
 * p = p - lr * g
 * </pre>
 */
public final class SGD extends Optimizer {
    private double momentum;
    private double dampening;
    private boolean nesterov;

    private SGD(List<Tensor> params, Builder b) {
        super(params, b.lr, b.weightDecay);
        this.momentum = b.momentum;
        this.dampening = b.dampening;
        this.nesterov = b.nesterov;
    }

    /** Plain SGD with learning rate {@code lr}. */
    public SGD(List<Tensor> params, double lr) {
        this(params, builder().lr(lr));
    }

    /** A builder with PyTorch's defaults (momentum 0, dampening 0, no Nesterov, no weight decay). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "SGD";
    }

    @Override
    protected void update(ParamGroup group, ParamState state, float[] p, int po, float[] g, int go, int n) {
        float lr = (float) group.lr();
        float wd = (float) group.weightDecay();
        float mom = (float) momentum;
        float keep = (float) (1 - dampening);
        float[] existing = state.buffer("momentum_buffer");
        boolean first = existing == null;
        float[] buf = momentum == 0 ? null : first ? state.buffer("momentum_buffer", n) : existing;
        boolean nest = nesterov;
        forEachChunk(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                float d = g[go + i];
                if (wd != 0) {
                    d += wd * p[po + i];
                }
                if (buf != null) {
                    float b = first ? d : buf[i] * mom + keep * d;
                    buf[i] = b;
                    d = nest ? d + mom * b : b;
                }
                p[po + i] -= lr * d;
            }
        });
    }

    @Override
    protected Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("momentum", momentum);
        m.put("dampening", dampening);
        m.put("nesterov", nesterov);
        return m;
    }

    @Override
    protected void setHyperparameters(Map<String, Object> values) {
        Builder b = builder().momentum(number(values, "momentum", momentum))
                .dampening(number(values, "dampening", dampening)).nesterov(flag(values, "nesterov", nesterov));
        b.check();
        momentum = b.momentum;
        dampening = b.dampening;
        nesterov = b.nesterov;
    }

    /** Settings for {@link SGD}. */
    public static final class Builder {
        private double lr = 1e-3;
        private double momentum;
        private double dampening;
        private boolean nesterov;
        private double weightDecay;

        private Builder() {
        }

        /** Learning rate. */
        public Builder lr(double lr) {
            this.lr = lr;
            return this;
        }

        /** Momentum factor (0 disables momentum). */
        public Builder momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /** Dampening of the gradient's contribution to the momentum buffer. */
        public Builder dampening(double dampening) {
            this.dampening = dampening;
            return this;
        }

        /** Nesterov momentum (needs momentum and zero dampening). */
        public Builder nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        /** L2 penalty added to the gradient. */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        private void check() {
            if (!(momentum >= 0)) {
                throw new IllegalArgumentException("SGD: invalid momentum " + momentum);
            }
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("SGD: Nesterov momentum requires a momentum and zero dampening");
            }
        }

        /** The optimizer over {@code params}. */
        public SGD build(List<Tensor> params) {
            check();
            return new SGD(params, this);
        }
    }
}
