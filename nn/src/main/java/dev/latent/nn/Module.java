package dev.latent.nn;

import dev.latent.tensor.GradMode;
import dev.latent.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The base of every layer and model, like PyTorch's {@code torch.nn.Module}: it owns parameters (tensors that
 * require grad and that optimizers update), buffers (state that is saved but not trained, such as BatchNorm's
 * running statistics) and child modules, each under a name. Names compose with dots into exactly PyTorch's
 * {@code state_dict} keys: a {@link Sequential} whose first child is a Linear layer, registered as {@code encoder},
 * gives {@code encoder.0.weight}.
 *
 * <p>Subclasses register their state in the constructor and implement {@link #compute}:
 *
 * <pre>{@code
 * final class Mlp extends Module {
 *     private final Linear hidden = registerModule("hidden", new Linear(784, 128));
 *     private final Linear out = registerModule("out", new Linear(128, 10));
 *     protected Tensor compute(Tensor x) {
 *         return out.forward(hidden.forward(x).relu());
 *     }
 * }
 * }</pre>
 *
 * Callers use {@link #forward}, which runs {@code compute} (and records output shapes while a
 * {@linkplain #summary(int...) summary} is being made).
 *
 * <p>Gradients: {@link #zeroGrad()} keeps each parameter's gradient tensor and fills it with zeros (PyTorch 1.13's
 * default, {@code set_to_none=False}), so the next backward accumulates into the same buffer and steady-state
 * training allocates no new gradient tensors. Freeze parameters for fine-tuning with {@link #requiresGrad(boolean)}
 * (or {@code setRequiresGrad(false)} on single tensors); optimizers skip parameters that do not require grad.
 */
public abstract class Module {
    private final LinkedHashMap<String, Tensor> parameters = new LinkedHashMap<>();
    private final LinkedHashMap<String, StateDict.Entry> buffers = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** For subclasses. */
    protected Module() {
    }

    // ------------------------------------------------------------------ forward

    /** Runs the module on {@code input}. */
    public final Tensor forward(Tensor input) {
        ForwardRecorder recorder = ForwardRecorder.current();
        if (recorder == null) {
            return compute(input);
        }
        Tensor out = compute(input);
        recorder.record(this, out);
        return out;
    }

    /**
     * The module's computation, called by {@link #forward}. Modules whose natural inputs or outputs are not a single
     * tensor offer their own methods and may throw {@link UnsupportedOperationException} here.
     *
     * @param input the input tensor
     * @return the output tensor
     */
    protected abstract Tensor compute(Tensor input);

    // ------------------------------------------------------------------ registration

    /**
     * Registers {@code value} as a parameter named {@code name} and marks it as requiring grad. Returns it.
     *
     * @throws IllegalArgumentException if the name is empty, contains a dot or is already used in this module
     */
    protected final Tensor registerParameter(String name, Tensor value) {
        checkNewName(name);
        if (value == null) {
            throw new IllegalArgumentException(typeName() + ": parameter '" + name + "' is null");
        }
        value.setRequiresGrad(true);
        parameters.put(name, value);
        return value;
    }

    /** Registers a float32 buffer (saved in the state dict, not trained). Returns it. */
    protected final Tensor registerBuffer(String name, Tensor value) {
        return registerBuffer(name, value, DType.F32);
    }

    /**
     * Registers a buffer that the state dict stores as {@code dtype} (PyTorch keeps counters such as BatchNorm's
     * {@code num_batches_tracked} as int64). Returns it.
     */
    protected final Tensor registerBuffer(String name, Tensor value, DType dtype) {
        checkNewName(name);
        if (value == null) {
            throw new IllegalArgumentException(typeName() + ": buffer '" + name + "' is null");
        }
        buffers.put(name, new StateDict.Entry(value, dtype));
        return value;
    }

    /** Registers a child module. Returns it. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkNewName(name);
        if (module == null) {
            throw new IllegalArgumentException(typeName() + ": module '" + name + "' is null");
        }
        if (module == this) {
            throw new IllegalArgumentException(typeName() + ": a module cannot be its own child");
        }
        children.put(name, module);
        return module;
    }

    private void checkNewName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(typeName() + ": names must be non-empty and contain no '.', got '"
                    + name + "'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(typeName() + ": the name '" + name + "' is already used");
        }
    }

    // ------------------------------------------------------------------ traversal

    /**
     * Every parameter of this module and its descendants under its full name, in PyTorch's order (a module's own
     * parameters, then its children's, depth first). A tensor shared by several modules appears once.
     */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (var m : namedModules().entrySet()) {
            for (var p : m.getValue().parameters.entrySet()) {
                if (seen.add(p.getValue())) {
                    out.put(join(m.getKey(), p.getKey()), p.getValue());
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** The parameters of {@link #namedParameters()}, in order. */
    public final List<Tensor> parameters() {
        return List.copyOf(namedParameters().values());
    }

    /** Every buffer of this module and its descendants under its full name. */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var m : namedModules().entrySet()) {
            for (var b : m.getValue().buffers.entrySet()) {
                out.put(join(m.getKey(), b.getKey()), b.getValue().tensor());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** The direct children under their names, in registration order. */
    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /** The direct children in registration order. */
    public final List<Module> children() {
        return List.copyOf(children.values());
    }

    /**
     * This module (under the name {@code ""}) and all its descendants under their dotted names, depth first in
     * registration order. A module reachable by two paths appears once, under the first.
     */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collectModules("", this, out, seen);
        return Collections.unmodifiableMap(out);
    }

    private static void collectModules(String prefix, Module m, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(m)) {
            return;
        }
        out.put(prefix, m);
        for (var c : m.children.entrySet()) {
            collectModules(join(prefix, c.getKey()), c.getValue(), out, seen);
        }
    }

    /**
     * The descendant at a dotted path ({@code "encoder.0"}), like PyTorch's {@code get_submodule}; {@code ""} is
     * this module.
     *
     * @throws IllegalArgumentException naming the first path element that does not exist
     */
    public final Module submodule(String path) {
        Module m = this;
        if (path.isEmpty()) {
            return m;
        }
        for (String part : path.split("\\.", -1)) {
            Module next = m.children.get(part);
            if (next == null) {
                throw new IllegalArgumentException(m.typeName() + " has no child '" + part + "' (path '" + path
                        + "'); its children are " + m.children.keySet());
            }
            m = next;
        }
        return m;
    }

    /** Calls {@code fn} on every descendant, children first, then on this module, like PyTorch. Returns this. */
    public final Module apply(Consumer<Module> fn) {
        for (Module c : children.values()) {
            c.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    // ------------------------------------------------------------------ modes and gradients

    /** Puts this module and its descendants in training mode. Returns this. */
    public final Module train() {
        return train(true);
    }

    /** Sets training ({@code true}) or evaluation mode on this module and its descendants. Returns this. */
    public final Module train(boolean mode) {
        for (Module m : namedModules().values()) {
            m.training = mode;
        }
        return this;
    }

    /** Puts this module and its descendants in evaluation mode (BatchNorm uses running stats, dropout is off). */
    public final Module eval() {
        return train(false);
    }

    /** Sets this module's own mode flag only (used to restore modes after a summary). */
    final void setTrainingFlag(boolean mode) {
        training = mode;
    }

    /** Whether this module is in training mode. */
    public final boolean isTraining() {
        return training;
    }

    /**
     * Sets {@code requiresGrad} on every parameter: {@code false} freezes them (backward computes no gradient for
     * them and optimizers leave them alone), {@code true} unfreezes. Returns this.
     */
    public final Module requiresGrad(boolean requiresGrad) {
        for (Tensor p : parameters()) {
            p.setRequiresGrad(requiresGrad);
        }
        return this;
    }

    /**
     * Zeros the gradient of every parameter in place, keeping the gradient tensors so the next backward reuses them.
     */
    public final void zeroGrad() {
        try (var scope = GradMode.noGrad()) {
            for (Tensor p : parameters()) {
                if (p.grad() != null) {
                    p.grad().zero();
                }
            }
        }
    }

    /** Number of parameter elements (shared tensors counted once). */
    public final long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    /** Number of parameter elements that require grad. */
    public final long trainableParameterCount() {
        long n = 0;
        for (Tensor p : parameters()) {
            if (p.requiresGrad()) {
                n += p.numel();
            }
        }
        return n;
    }

    /** Number of elements of this module's own parameters (not its children's). */
    final long ownParameterCount() {
        long n = 0;
        for (Tensor p : parameters.values()) {
            n += p.numel();
        }
        return n;
    }

    // ------------------------------------------------------------------ state dict

    /**
     * The parameters and buffers under PyTorch's {@code state_dict} names (a module's parameters, then its buffers,
     * then each child's, depth first). The tensors are this module's own (not copies), detached from autodiff.
     */
    public final StateDict stateDict() {
        StateDict out = new StateDict();
        addState("", this, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void addState(String prefix, Module m, StateDict out, Set<Module> seen) {
        if (!seen.add(m)) {
            return;
        }
        for (var p : m.parameters.entrySet()) {
            out.put(join(prefix, p.getKey()), p.getValue().detach(), DType.F32);
        }
        for (var b : m.buffers.entrySet()) {
            out.put(join(prefix, b.getKey()), b.getValue().tensor().detach(), b.getValue().dtype());
        }
        for (var c : m.children.entrySet()) {
            addState(join(prefix, c.getKey()), c.getValue(), out, seen);
        }
    }

    /** {@link #loadStateDict(StateDict, boolean)} in strict mode. */
    public final LoadResult loadStateDict(StateDict source) {
        return loadStateDict(source, true);
    }

    /**
     * Copies values from {@code source} into this module's parameters and buffers, matched by name.
     *
     * <p>Every problem is found before anything is copied: shapes and dtypes must match for every shared name, and in
     * strict mode every name must be present on both sides. If anything is wrong, a {@link StateDictException}
     * lists every problem by name and the module is left unchanged. In non-strict mode, missing and unexpected names
     * are allowed and returned in the result (PyTorch's {@code strict=False}).
     */
    public final LoadResult loadStateDict(StateDict source, boolean strict) {
        StateDict target = stateDict();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (var e : target.entries().entrySet()) {
            String name = e.getKey();
            StateDict.Entry src = source.entry(name);
            if (src == null) {
                missing.add(name);
                continue;
            }
            Tensor dst = e.getValue().tensor();
            if (!src.tensor().shape().equals(dst.shape())) {
                problems.add("size mismatch for " + name + ": copying a tensor of shape " + src.tensor().shape()
                        + ", the shape in the current model is " + dst.shape());
            }
            if (src.dtype() != e.getValue().dtype()) {
                problems.add("dtype mismatch for " + name + ": the source stores " + src.dtype()
                        + ", the current model stores " + e.getValue().dtype());
            }
        }
        for (String name : source.names()) {
            if (!target.contains(name)) {
                unexpected.add(name);
            }
        }
        if (strict) {
            for (String name : missing) {
                problems.add("missing key: " + name);
            }
            for (String name : unexpected) {
                problems.add("unexpected key: " + name);
            }
        }
        if (!problems.isEmpty()) {
            throw new StateDictException("Error(s) in loading state dict for " + typeName(), problems);
        }
        try (var scope = GradMode.noGrad()) {
            for (var e : target.entries().entrySet()) {
                Tensor src = source.get(e.getKey());
                if (src != null) {
                    e.getValue().tensor().copyFrom(src);
                }
            }
        }
        return new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
    }

    // ------------------------------------------------------------------ description

    /**
     * A table of every module with its output shape for an input of {@code inputShape} (filled with zeros) and its
     * parameter count, like {@code torchinfo.summary}. The forward pass runs in evaluation mode without grad, and
     * every module's mode is restored afterwards, so running statistics are not changed.
     */
    public final ModuleSummary summary(int... inputShape) {
        return summary(Tensor.zeros(inputShape));
    }

    /** {@link #summary(int...)} with an explicit input (for modules that need particular values, e.g. indices). */
    public final ModuleSummary summary(Tensor input) {
        return ModuleSummary.of(this, input);
    }

    /** The parameter table without output shapes (no forward pass). */
    public final ModuleSummary summary() {
        return ModuleSummary.of(this, null);
    }

    /** The module's type name in summaries and {@link #toString()}; the simple class name by default. */
    public String typeName() {
        String n = getClass().getSimpleName();
        return n.isEmpty() ? getClass().getName() : n;
    }

    /**
     * The configuration shown between the parentheses of {@link #toString()}, like PyTorch's {@code extra_repr}
     * (for example {@code in_features=784, out_features=128, bias=true}); empty by default.
     */
    protected String extraRepr() {
        return "";
    }

    /** PyTorch-style description: the type, its configuration and the children, indented. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(typeName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            for (var c : children.entrySet()) {
                String child = c.getValue().toString().replace("\n", "\n  ");
                sb.append("\n  (").append(c.getKey()).append("): ").append(child);
            }
            sb.append('\n');
        }
        return sb.append(')').toString();
    }
}
