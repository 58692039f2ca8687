package dev.latent.nn.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts the learning rate by {@code factor} when a metric (such as the validation loss) has not improved for more
 * than {@code patience} epochs, like PyTorch's {@code ReduceLROnPlateau}; call {@link #step(double)} with the
 * metric once per epoch.
 */
public final class ReduceLROnPlateau {
    /** Whether smaller or larger metric values are better. */
    public enum Mode {
        /** Lower is better (losses). */
        MIN,
        /** Higher is better (accuracies). */
        MAX
    }

    /** Whether {@code threshold} is relative to the best value or absolute. */
    public enum ThresholdMode {
        /** Improvement means beating {@code best * (1 -/+ threshold)}. */
        REL,
        /** Improvement means beating {@code best -/+ threshold}. */
        ABS
    }

    private final Optimizer optimizer;
    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final ThresholdMode thresholdMode;
    private final int cooldown;
    private final double minLr;
    private final double eps;
    private double best;
    private int badEpochs;
    private int cooldownCounter;
    private int lastEpoch;

    private ReduceLROnPlateau(Optimizer optimizer, Builder b) {
        this.optimizer = optimizer;
        this.mode = b.mode;
        this.factor = b.factor;
        this.patience = b.patience;
        this.threshold = b.threshold;
        this.thresholdMode = b.thresholdMode;
        this.cooldown = b.cooldown;
        this.minLr = b.minLr;
        this.eps = b.eps;
        this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** A builder with PyTorch's defaults: min mode, factor 0.1, patience 10, threshold 1e-4 relative, no cooldown. */
    public static Builder builder() {
        return new Builder();
    }

    /** Records this epoch's metric and reduces the learning rates if it has stalled. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric)) {
            best = metric;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            badEpochs = 0; // bad epochs during cooldown do not count
        }
        if (badEpochs > patience) {
            for (ParamGroup g : optimizer.paramGroups()) {
                double old = g.lr();
                double next = Math.max(old * factor, minLr);
                if (old - next > eps) {
                    g.setLr(next);
                }
            }
            cooldownCounter = cooldown;
            badEpochs = 0;
        }
    }

    private boolean isBetter(double a) {
        if (mode == Mode.MIN) {
            return thresholdMode == ThresholdMode.REL ? a < best * (1 - threshold) : a < best - threshold;
        }
        return thresholdMode == ThresholdMode.REL ? a > best * (threshold + 1) : a > best + threshold;
    }

    /** The best metric so far. */
    public double best() {
        return best;
    }

    /** Epochs without improvement since the last improvement or reduction. */
    public int badEpochs() {
        return badEpochs;
    }

    /** Each group's current learning rate. */
    public double[] lastLr() {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] out = new double[groups.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = groups.get(i).lr();
        }
        return out;
    }

    /** The scheduler's position, as JSON-compatible values. */
    public Map<String, Object> stateDict() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("best", Double.isInfinite(best) ? null : best);
        m.put("num_bad_epochs", (long) badEpochs);
        m.put("cooldown_counter", (long) cooldownCounter);
        m.put("last_epoch", (long) lastEpoch);
        return m;
    }

    /** Restores the position saved by {@link #stateDict()}. */
    public void loadStateDict(Map<String, Object> state) {
        Object b = state.get("best");
        if ((b != null && !(b instanceof Number)) || !(state.get("num_bad_epochs") instanceof Number bad)
                || !(state.get("cooldown_counter") instanceof Number cool)
                || !(state.get("last_epoch") instanceof Number last)) {
            throw new IllegalArgumentException("invalid ReduceLROnPlateau state: " + state);
        }
        best = b == null ? (mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY)
                : ((Number) b).doubleValue();
        badEpochs = bad.intValue();
        cooldownCounter = cool.intValue();
        lastEpoch = last.intValue();
    }

    /** Settings for {@link ReduceLROnPlateau}. */
    public static final class Builder {
        private Mode mode = Mode.MIN;
        private double factor = 0.1;
        private int patience = 10;
        private double threshold = 1e-4;
        private ThresholdMode thresholdMode = ThresholdMode.REL;
        private int cooldown;
        private double minLr;
        private double eps = 1e-8;

        private Builder() {
        }

        /** Whether lower or higher metrics are better. */
        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** Multiplier applied to the rate on a plateau (below 1). */
        public Builder factor(double factor) {
            this.factor = factor;
            return this;
        }

        /** Epochs without improvement tolerated before reducing. */
        public Builder patience(int patience) {
            this.patience = patience;
            return this;
        }

        /** Minimum change that counts as an improvement. */
        public Builder threshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /** Whether the threshold is relative or absolute. */
        public Builder thresholdMode(ThresholdMode thresholdMode) {
            this.thresholdMode = thresholdMode;
            return this;
        }

        /** Epochs to wait after a reduction before counting bad epochs again. */
        public Builder cooldown(int cooldown) {
            this.cooldown = cooldown;
            return this;
        }

        /** The rate never goes below this. */
        public Builder minLr(double minLr) {
            this.minLr = minLr;
            return this;
        }

        /** Reductions smaller than this are skipped. */
        public Builder eps(double eps) {
            this.eps = eps;
            return this;
        }

        /** The scheduler for {@code optimizer}. */
        public ReduceLROnPlateau build(Optimizer optimizer) {
            if (!(factor < 1 && factor >= 0)) {
                throw new IllegalArgumentException("ReduceLROnPlateau: factor should be < 1.0, got " + factor);
            }
            if (patience < 0 || cooldown < 0 || !(minLr >= 0) || !(threshold >= 0)) {
                throw new IllegalArgumentException("ReduceLROnPlateau: patience, cooldown, minLr and threshold must"
                        + " be non-negative");
            }
            return new ReduceLROnPlateau(optimizer, this);
        }
    }
}
