package dev.latent.nn.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes an optimizer's learning rates once per {@link #step()} (usually once per epoch), like PyTorch's
 * {@code torch.optim.lr_scheduler}. Schedules use PyTorch's recursive formulas (each step from the current rate),
 * so the sequence of rates equals PyTorch's in double precision. On creation each group's starting rate is
 * recorded as its {@link ParamGroup#initialLr() initial rate} (kept if a scheduler already recorded one).
 *
 * <pre>{@code
 * LRScheduler schedule = new StepLR(optimizer, 10, 0.5);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     trainOneEpoch();
 *     schedule.step();
 * }
 * }</pre>
 */
public abstract class LRScheduler {
    private final Optimizer optimizer;
    private final double[] baseLrs;
    private int lastEpoch;

    /**
     * Attaches to {@code optimizer}.
     *
     * @param optimizer the optimizer whose learning rates this schedules
     */
    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        baseLrs = new double[groups.size()];
        for (int i = 0; i < baseLrs.length; i++) {
            ParamGroup g = groups.get(i);
            if (Double.isNaN(g.initialLr())) {
                g.setInitialLr(g.lr());
            }
            baseLrs[i] = g.initialLr();
        }
    }

    /** The optimizer being scheduled. */
    public final Optimizer optimizer() {
        return optimizer;
    }

    /** Number of {@link #step()} calls so far (PyTorch's {@code last_epoch}). */
    public final int lastEpoch() {
        return lastEpoch;
    }

    /** Each group's initial learning rate. */
    public final double[] baseLrs() {
        return baseLrs.clone();
    }

    /** Each group's current learning rate. */
    public final double[] lastLr() {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] out = new double[groups.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = groups.get(i).lr();
        }
        return out;
    }

    /** Advances one epoch and sets every group's learning rate. */
    public final void step() {
        lastEpoch++;
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup g = groups.get(i);
            g.setLr(nextLr(lastEpoch, g.lr(), baseLrs[i]));
        }
    }

    /**
     * The learning rate for epoch {@code epoch} (at least 1).
     *
     * @param epoch   the epoch being entered
     * @param current the group's current rate
     * @param base    the group's initial rate
     * @return the new rate
     */
    protected abstract double nextLr(int epoch, double current, double base);

    /** The scheduler's position, as JSON-compatible values (save it with a checkpoint). */
    public Map<String, Object> stateDict() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("last_epoch", (long) lastEpoch);
        List<Object> base = new ArrayList<>();
        for (double b : baseLrs) {
            base.add(b);
        }
        m.put("base_lrs", base);
        return m;
    }

    /** Restores the position saved by {@link #stateDict()} (the optimizer's rates come from its own state). */
    public void loadStateDict(Map<String, Object> state) {
        if (!(state.get("last_epoch") instanceof Number n) || n.longValue() < 0 || n.longValue() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("scheduler state needs a non-negative last_epoch, got "
                    + state.get("last_epoch"));
        }
        if (!(state.get("base_lrs") instanceof List<?> l) || l.size() != baseLrs.length
                || !l.stream().allMatch(x -> x instanceof Number)) {
            throw new IllegalArgumentException("scheduler state needs " + baseLrs.length + " base_lrs, got "
                    + state.get("base_lrs"));
        }
        for (int i = 0; i < baseLrs.length; i++) {
            baseLrs[i] = ((Number) l.get(i)).doubleValue();
        }
        lastEpoch = (int) n.longValue();
    }
}
