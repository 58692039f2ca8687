package dev.latent.nn.optim;

import dev.latent.kernels.VectorSupport;
import dev.latent.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam, with optional AMSGrad, L2 weight decay ({@code torch.optim.Adam}) or decoupled weight decay
 * ({@code torch.optim.AdamW}, see {@link AdamW}):
 *
 * <pre>
 * p = p * (1 - lr * weightDecay)                   (AdamW only)
 * g = grad + weightDecay * p                       (Adam only)
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g^2                (vMax = max(vMax, v) with AMSGrad, used below instead of v)
 * p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 */
public class Adam extends Optimizer {
    private final boolean decoupled;
    private double beta1;
    private double beta2;
    private double eps;
    private boolean amsgrad;

    Adam(List<Tensor> params, Builder b) {
        super(params, b.lr, b.weightDecay);
        this.decoupled = b.decoupled;
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.eps = b.eps;
        this.amsgrad = b.amsgrad;
    }

    /** Adam with learning rate {@code lr} and PyTorch's other defaults. */
    public Adam(List<Tensor> params, double lr) {
        this(params, builder().lr(lr).check());
    }

    /** A builder with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay, no AMSGrad. */
    public static Builder builder() {
        return new Builder(false, 0);
    }

    @Override
    public String name() {
        return decoupled ? "AdamW" : "Adam";
    }

    @Override
    protected void update(ParamGroup group, ParamState state, float[] p, int po, float[] g, int go, int n) {
        double lrD = group.lr();
        float wd = (float) group.weightDecay();
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float oneMinusB1 = (float) (1 - beta1);
        float oneMinusB2 = (float) (1 - beta2);
        long t = state.step();
        double bias1 = 1 - Math.pow(beta1, t);
        double bias2 = 1 - Math.pow(beta2, t);
        float stepSize = (float) (lrD / bias1);
        float bias2Sqrt = (float) Math.sqrt(bias2);
        float epsF = (float) eps;
        float decay = (float) (1 - lrD * group.weightDecay());
        boolean dec = decoupled;
        float[] m = state.buffer("exp_avg", n);
        float[] v = state.buffer("exp_avg_sq", n);
        float[] vMax = amsgrad ? state.buffer("max_exp_avg_sq", n) : null;
        forEachChunk(n, (from, to) -> {
            // whole vectors in the SIMD kernel (the same bits), the rest and AMSGrad here
            int start = vMax == null && VectorSupport.enabled()
                    ? VectorSupport.kernels().adam(p, po, g, go, m, v, from, to, b1, oneMinusB1, b2, oneMinusB2,
                    stepSize, bias2Sqrt, epsF, dec, decay, wd) : from;
            for (int i = start; i < to; i++) {
                float gi = g[go + i];
                if (dec) {
                    p[po + i] *= decay;
                } else if (wd != 0) {
                    gi += wd * p[po + i];
                }
                float mi = m[i] * b1 + oneMinusB1 * gi;
                float vi = v[i] * b2 + oneMinusB2 * gi * gi;
                m[i] = mi;
                v[i] = vi;
                if (vMax != null) {
                    vi = Math.max(vMax[i], vi);
                    vMax[i] = vi;
                }
                float denom = (float) Math.sqrt(vi) / bias2Sqrt + epsF;
                p[po + i] -= stepSize * (mi / denom);
            }
        });
    }

    @Override
    protected Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("betas", List.of(beta1, beta2));
        m.put("eps", eps);
        m.put("amsgrad", amsgrad);
        return m;
    }

    @Override
    protected void setHyperparameters(Map<String, Object> values) {
        Builder b = new Builder(decoupled, 0).eps(number(values, "eps", eps)).amsgrad(flag(values, "amsgrad", amsgrad));
        b.betas(beta1, beta2);
        if (values.get("betas") instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number x
                && l.get(1) instanceof Number y) {
            b.betas(x.doubleValue(), y.doubleValue());
        }
        b.check();
        beta1 = b.beta1;
        beta2 = b.beta2;
        eps = b.eps;
        amsgrad = b.amsgrad;
    }

    /** Settings for {@link Adam} and {@link AdamW}. */
    public static final class Builder {
        private final boolean decoupled;
        private double lr = 1e-3;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private double weightDecay;
        private boolean amsgrad;

        Builder(boolean decoupled, double weightDecay) {
            this.decoupled = decoupled;
            this.weightDecay = weightDecay;
        }

        /** Learning rate. */
        public Builder lr(double lr) {
            this.lr = lr;
            return this;
        }

        /** Decay rates of the first and second moment averages. */
        public Builder betas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /** Added to the denominator for stability. */
        public Builder eps(double eps) {
            this.eps = eps;
            return this;
        }

        /** Weight decay: an L2 penalty for Adam, decoupled decay for AdamW. */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Use the maximum of past second moments (AMSGrad). */
        public Builder amsgrad(boolean amsgrad) {
            this.amsgrad = amsgrad;
            return this;
        }

        Builder check() {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam: betas must be in [0, 1), got (" + beta1 + ", " + beta2 + ")");
            }
            if (!(eps >= 0)) {
                throw new IllegalArgumentException("Adam: invalid eps " + eps);
            }
            return this;
        }

        /** The optimizer over {@code params}. */
        public Adam build(List<Tensor> params) {
            check();
            return decoupled ? new AdamW(params, this) : new Adam(params, this);
        }
    }
}
