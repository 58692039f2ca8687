package dev.latent.nn.optim;

import dev.latent.tensor.Tensor;

import java.util.List;

/**
 * Parameters that share a learning rate and weight decay, like an entry of PyTorch's {@code param_groups}. Give a
 * pretrained encoder a smaller learning rate than a new head by putting them in two groups. Schedulers change
 * {@link #lr()} in place.
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private double lr;
    private double weightDecay;
    private double initialLr = Double.NaN;

    ParamGroup(List<Tensor> params, double lr, double weightDecay) {
        this.params = List.copyOf(params);
        setLr(lr);
        setWeightDecay(weightDecay);
    }

    /** The parameters, in order. */
    public List<Tensor> params() {
        return params;
    }

    /** The current learning rate. */
    public double lr() {
        return lr;
    }

    /** Sets the learning rate (schedulers call this). */
    public void setLr(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("invalid learning rate: " + lr);
        }
        this.lr = lr;
    }

    /** The weight decay (L2 penalty, or decoupled decay for AdamW). */
    public double weightDecay() {
        return weightDecay;
    }

    /** Sets the weight decay. */
    public void setWeightDecay(double weightDecay) {
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("invalid weight decay: " + weightDecay);
        }
        this.weightDecay = weightDecay;
    }

    /** The learning rate a scheduler started from (PyTorch's {@code initial_lr}), or NaN before any scheduler. */
    public double initialLr() {
        return initialLr;
    }

    /** Records the learning rate a scheduler starts from. */
    public void setInitialLr(double initialLr) {
        this.initialLr = initialLr;
    }
}
