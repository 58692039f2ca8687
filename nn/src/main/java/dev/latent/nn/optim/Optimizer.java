package dev.latent.nn.optim;

import dev.latent.kernels.Parallel;
import dev.latent.nn.StateDict;
import dev.latent.nn.io.Json;
import dev.latent.tensor.GradMode;
import dev.latent.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Updates parameters from their gradients, like PyTorch's {@code torch.optim.Optimizer}:
 *
 * <pre>{@code
 * Optimizer opt = Adam.builder().lr(1e-3).build(model.parameters());
 * for (Batch b : loader) {
 *     opt.zeroGrad();
 *     Tensor loss = Losses.mse(model.forward(b.x()), b.x());
 *     loss.backward();
 *     opt.step();
 * }
 * }</pre>
 *
 * <p>Updates follow PyTorch 1.13's single-tensor formulas term by term (same results within float rounding). They
 * run as tight loops over each parameter's contiguous storage, split into fixed-size chunks that run in parallel
 * (the split depends only on the parameter size, so results do not depend on the thread count). Parameters without
 * a gradient, or that do not require grad (frozen), are skipped. The update writes the parameter's storage
 * directly, so it does not count as an in-place modification for autodiff's version check: do not step between a
 * forward pass and its backward.
 *
 * <p>{@link #stateDict()} and {@link #loadStateDict(StateDict)} save and restore the per-parameter state (moments,
 * step counts) and hyperparameters, e.g. through {@link dev.latent.nn.io.SafeTensors}, so training resumes exactly.
 */
public abstract class Optimizer {
    private static final int CHUNK = 1 << 15;

    private final List<ParamGroup> groups = new ArrayList<>();
    private final Map<Tensor, ParamState> states = new IdentityHashMap<>();

    /**
     * Creates an optimizer with one parameter group.
     *
     * @param params      the parameters to update
     * @param lr          learning rate
     * @param weightDecay weight decay
     */
    protected Optimizer(List<Tensor> params, double lr, double weightDecay) {
        addParamGroup(params, lr, weightDecay);
    }

    /** The optimizer's name in its state dict ({@code "Adam"}, {@code "SGD"}, ...). */
    public abstract String name();

    /**
     * Adds parameters with their own learning rate and weight decay. Returns the new group.
     *
     * @throws IllegalArgumentException if the list is empty or a parameter is already in a group
     */
    public final ParamGroup addParamGroup(List<Tensor> params, double lr, double weightDecay) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": got an empty parameter list");
        }
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ParamGroup g : groups) {
            seen.addAll(g.params());
        }
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p == null) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter " + i + " is null");
            }
            if (!seen.add(p)) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter " + i + " (shape " + p.shape()
                        + ") appears in more than one place; a parameter may be in one group only, once");
            }
        }
        ParamGroup group = new ParamGroup(params, lr, weightDecay);
        groups.add(group);
        return group;
    }

    /** The parameter groups. */
    public final List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(groups);
    }

    /** Sets the learning rate of every group. */
    public final void setLr(double lr) {
        for (ParamGroup g : groups) {
            g.setLr(lr);
        }
    }

    /** Zeros every parameter's gradient in place (keeping the gradient tensors for reuse), like {@code Module.zeroGrad}. */
    public final void zeroGrad() {
        try (var scope = GradMode.noGrad()) {
            for (ParamGroup g : groups) {
                for (Tensor p : g.params()) {
                    if (p.grad() != null) {
                        p.grad().zero();
                    }
                }
            }
        }
    }

    /** Applies one update to every parameter that requires grad and has a gradient. */
    public final void step() {
        try (var scope = GradMode.noGrad()) {
            for (ParamGroup g : groups) {
                for (Tensor p : g.params()) {
                    Tensor grad = p.grad();
                    if (grad == null || !p.requiresGrad()) {
                        continue;
                    }
                    if (!p.isContiguous()) {
                        throw new IllegalStateException(name() + ": parameter of shape " + p.shape()
                                + " is not contiguous; optimizers update contiguous storage");
                    }
                    Tensor gc = grad.contiguous();
                    ParamState state = states.computeIfAbsent(p, k -> new ParamState());
                    state.step++;
                    update(g, state, p.data(), p.offset(), gc.data(), gc.offset(), p.numel());
                }
            }
        }
    }

    /**
     * Updates one parameter in place: elements {@code p[po .. po + n)} from gradient {@code g[go .. go + n)}.
     *
     * @param group its group (learning rate, weight decay)
     * @param state its state, with {@link ParamState#step()} already counting this step
     * @param p     the parameter's storage
     * @param po    offset of its first element
     * @param g     the gradient's storage
     * @param go    offset of the gradient's first element
     * @param n     number of elements
     */
    protected abstract void update(ParamGroup group, ParamState state, float[] p, int po, float[] g, int go, int n);

    /** Runs {@code body} over {@code [0, n)} in fixed-size chunks, in parallel. */
    protected static void forEachChunk(int n, Range body) {
        Parallel.forChunks(n, CHUNK, body::run);
    }

    /** A loop body over element indices {@code [from, to)}. */
    @FunctionalInterface
    protected interface Range {
        /** Processes elements {@code from} (inclusive) to {@code to} (exclusive). */
        void run(int from, int to);
    }

    /** The state of one parameter: its step count and named buffers (moments), created on its first update. */
    protected static final class ParamState {
        private long step;
        private final Map<String, float[]> buffers = new LinkedHashMap<>();

        ParamState() {
        }

        /** Number of updates so far, including the current one during {@link #update}. */
        public long step() {
            return step;
        }

        /** The buffer named {@code name}, or null if it was never created. */
        public float[] buffer(String name) {
            return buffers.get(name);
        }

        /** The buffer named {@code name}, created as zeros of size {@code n} on first use. */
        public float[] buffer(String name, int n) {
            return buffers.computeIfAbsent(name, k -> new float[n]);
        }

        /** Stores a buffer (for example a first momentum buffer initialised from the gradient). */
        public void putBuffer(String name, float[] values) {
            buffers.put(name, values);
        }
    }

    // ------------------------------------------------------------------ state

    /** Optimizer-wide hyperparameters for the state dict (besides each group's lr and weight decay). */
    protected abstract Map<String, Object> hyperparameters();

    /** Restores hyperparameters saved by {@link #hyperparameters()}. */
    protected abstract void setHyperparameters(Map<String, Object> values);

    /**
     * A snapshot of the optimizer: tensors {@code state.<i>.step} and {@code state.<i>.<buffer>} for the i-th
     * parameter (numbered across groups in order, as PyTorch), and metadata {@code optimizer} (the name) and
     * {@code param_groups} (JSON: each group's lr, initial lr, weight decay, parameter indices, and the
     * optimizer's hyperparameters). The tensors are copies.
     */
    public final StateDict stateDict() {
        StateDict out = new StateDict();
        List<Object> groupList = new ArrayList<>();
        int index = 0;
        for (ParamGroup g : groups) {
            List<Object> ids = new ArrayList<>();
            for (Tensor p : g.params()) {
                ParamState s = states.get(p);
                if (s != null) {
                    out.put("state." + index + ".step", Tensor.scalar(s.step));
                    for (var b : s.buffers.entrySet()) {
                        out.put("state." + index + "." + b.getKey(), Tensor.wrap(b.getValue().clone(), p.shape()));
                    }
                }
                ids.add((long) index++);
            }
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("lr", g.lr());
            gm.put("weight_decay", g.weightDecay());
            if (!Double.isNaN(g.initialLr())) {
                gm.put("initial_lr", g.initialLr());
            }
            gm.putAll(hyperparameters());
            gm.put("params", ids);
            groupList.add(gm);
        }
        out.metadata().put("optimizer", name());
        out.metadata().put("param_groups", Json.write(groupList));
        return out;
    }

    /**
     * Restores a snapshot from {@link #stateDict()}. The optimizer must have the same kind, the same number of
     * groups and parameters, and state tensors of the parameters' shapes; every problem is reported at once and
     * nothing changes unless all checks pass.
     *
     * @throws IllegalArgumentException listing every mismatch
     */
    public final void loadStateDict(StateDict source) {
        List<String> problems = new ArrayList<>();
        String kind = source.metadata().get("optimizer");
        if (!name().equals(kind)) {
            problems.add("optimizer kind: the state is for " + kind + ", this optimizer is " + name());
        }
        List<?> groupList = List.of();
        try {
            Object parsed = Json.parse(source.metadata().getOrDefault("param_groups", "null"));
            if (parsed instanceof List<?> l) {
                groupList = l;
            } else {
                problems.add("param_groups metadata is missing or not a JSON array");
            }
        } catch (IllegalArgumentException e) {
            problems.add("param_groups metadata is not valid JSON: " + e.getMessage());
        }
        List<Tensor> params = new ArrayList<>();
        for (ParamGroup g : groups) {
            params.addAll(g.params());
        }
        if (problems.isEmpty() && groupList.size() != groups.size()) {
            problems.add("the state has " + groupList.size() + " parameter groups, this optimizer has " + groups.size());
        }
        if (problems.isEmpty()) {
            for (int i = 0; i < groups.size(); i++) {
                if (!(groupList.get(i) instanceof Map<?, ?> gm)) {
                    problems.add("parameter group " + i + " is not a JSON object");
                    continue;
                }
                Object ids = gm.get("params");
                if (!(ids instanceof List<?> l) || l.size() != groups.get(i).params().size()) {
                    problems.add("parameter group " + i + " has " + (ids instanceof List<?> l2 ? l2.size() : "no")
                            + " parameters in the state, " + groups.get(i).params().size() + " here");
                }
                for (String key : List.of("lr", "weight_decay")) {
                    if (!(gm.get(key) instanceof Number n) || !(n.doubleValue() >= 0)) {
                        problems.add("parameter group " + i + " has no valid " + key);
                    }
                }
            }
        }
        Map<Integer, ParamState> restored = new LinkedHashMap<>();
        for (String key : source.names()) {
            String[] parts = key.split("\\.", 3);
            int idx = -1;
            if (parts.length == 3 && parts[0].equals("state")) {
                try {
                    idx = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    idx = -1;
                }
            }
            if (idx < 0 || idx >= params.size()) {
                problems.add("unexpected key: " + key);
                continue;
            }
            Tensor value = source.get(key);
            ParamState s = restored.computeIfAbsent(idx, k -> new ParamState());
            if (parts[2].equals("step")) {
                if (value.numel() != 1) {
                    problems.add("state " + key + " must be a scalar, got shape " + value.shape());
                } else {
                    s.step = (long) value.toArray()[0];
                }
            } else if (!value.shape().equals(params.get(idx).shape())) {
                problems.add("size mismatch for " + key + ": the state has shape " + value.shape()
                        + ", the parameter has " + params.get(idx).shape());
            } else {
                s.buffers.put(parts[2], value.toArray());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Error(s) in loading optimizer state for " + name() + ":\n\t"
                    + String.join("\n\t", problems));
        }
        Map<?, ?> first = (Map<?, ?>) groupList.get(0);
        Map<String, Object> hyper = new LinkedHashMap<>();
        for (String k : hyperparameters().keySet()) {
            if (first.containsKey(k)) {
                hyper.put(k, first.get(k));
            }
        }
        setHyperparameters(hyper);
        for (int i = 0; i < groups.size(); i++) {
            Map<?, ?> gm = (Map<?, ?>) groupList.get(i);
            ParamGroup g = groups.get(i);
            g.setLr(((Number) gm.get("lr")).doubleValue());
            g.setWeightDecay(((Number) gm.get("weight_decay")).doubleValue());
            g.setInitialLr(gm.get("initial_lr") instanceof Number n ? n.doubleValue() : Double.NaN);
        }
        states.clear();
        for (var e : restored.entrySet()) {
            states.put(params.get(e.getKey()), e.getValue());
        }
    }

    /** A JSON number as a double, or {@code fallback} when absent. */
    protected static double number(Map<String, Object> values, String key, double fallback) {
        return values.get(key) instanceof Number n ? n.doubleValue() : fallback;
    }

    /** A JSON boolean, or {@code fallback} when absent. */
    protected static boolean flag(Map<String, Object> values, String key, boolean fallback) {
        return values.get(key) instanceof Boolean b ? b : fallback;
    }
}
