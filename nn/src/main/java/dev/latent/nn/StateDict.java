package dev.latent.nn;

import dev.latent.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Named tensors in a fixed order, each with the {@link DType} it is stored as, plus string metadata: what
 * {@link Module#stateDict()} returns, what {@link dev.latent.nn.io.SafeTensors} writes and reads, and what
 * optimizers save. Names follow PyTorch's {@code state_dict} keys ({@code encoder.0.weight}).
 *
 * <p>A module's state dict holds its live tensors (no copy), like PyTorch's: saving it writes the current values.
 */
public final class StateDict {
    /** One tensor and the dtype it is stored as. */
    public record Entry(Tensor tensor, DType dtype) {
        /** Checks the arguments. */
        public Entry {
            if (tensor == null || dtype == null) {
                throw new IllegalArgumentException("a state dict entry needs a tensor and a dtype");
            }
        }
    }

    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private final LinkedHashMap<String, String> metadata = new LinkedHashMap<>();

    /** An empty state dict. */
    public StateDict() {
    }

    /** Adds (or replaces) a float32 tensor. Returns this. */
    public StateDict put(String name, Tensor tensor) {
        return put(name, tensor, DType.F32);
    }

    /** Adds (or replaces) a tensor stored as {@code dtype}. Returns this. */
    public StateDict put(String name, Tensor tensor, DType dtype) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("state dict names must be non-empty");
        }
        entries.put(name, new Entry(tensor, dtype));
        return this;
    }

    /** The tensor named {@code name}, or null. */
    public Tensor get(String name) {
        Entry e = entries.get(name);
        return e == null ? null : e.tensor();
    }

    /**
     * The tensor named {@code name}.
     *
     * @throws IllegalArgumentException if there is none, listing a few of the names there are
     */
    public Tensor tensor(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("state dict has no tensor named '" + name + "'; it has "
                    + preview());
        }
        return e.tensor();
    }

    /** The entry named {@code name}, or null. */
    public Entry entry(String name) {
        return entries.get(name);
    }

    /** The dtype of the tensor named {@code name}, or null. */
    public DType dtype(String name) {
        Entry e = entries.get(name);
        return e == null ? null : e.dtype();
    }

    /** Whether there is a tensor named {@code name}. */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** Removes a tensor; returns it, or null. */
    public Tensor remove(String name) {
        Entry e = entries.remove(name);
        return e == null ? null : e.tensor();
    }

    /** The names in order (a read-only view). */
    public Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** The entries in order (a read-only view). */
    public Map<String, Entry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** Number of tensors. */
    public int size() {
        return entries.size();
    }

    /** String metadata (safetensors' {@code __metadata__}); a live, modifiable map. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * The entries whose names start with {@code prefix}, with the prefix removed: {@code subDict("encoder.")} of a
     * whole model's state dict is the encoder's state dict. Metadata is not copied.
     */
    public StateDict subDict(String prefix) {
        StateDict out = new StateDict();
        for (var e : entries.entrySet()) {
            if (e.getKey().startsWith(prefix) && e.getKey().length() > prefix.length()) {
                out.entries.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        }
        return out;
    }

    /** A copy whose tensors are detached copies of these (a snapshot that later training does not change). */
    public StateDict copy() {
        StateDict out = new StateDict();
        for (var e : entries.entrySet()) {
            out.entries.put(e.getKey(), new Entry(e.getValue().tensor().detach().clone(), e.getValue().dtype()));
        }
        out.metadata.putAll(metadata);
        return out;
    }

    private String preview() {
        if (entries.isEmpty()) {
            return "no tensors";
        }
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (String n : entries.keySet()) {
            if (shown == 8) {
                sb.append(", ... (").append(entries.size()).append(" in all)");
                break;
            }
            sb.append(shown == 0 ? "" : ", ").append(n);
            shown++;
        }
        return sb.toString();
    }

    /** The names with their shapes and dtypes, one per line. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("StateDict(").append(entries.size()).append(" tensors)");
        for (var e : entries.entrySet()) {
            sb.append("\n  ").append(e.getKey()).append(' ').append(e.getValue().tensor().shape()).append(' ')
                    .append(e.getValue().dtype());
        }
        return sb.toString();
    }
}
