package dev.latent.nn;

import dev.latent.tensor.Tensor;

/**
 * Modules applied one after another, like PyTorch's {@code nn.Sequential}: children are named {@code "0"},
 * {@code "1"}, ... so parameter names match PyTorch's ({@code 0.weight}, {@code 2.bias}).
 *
 * <pre>{@code
 * Sequential mlp = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
 * Tensor logits = mlp.forward(images.flatten(1, -1));
 * }</pre>
 */
public class Sequential extends Module {
    private int size;

    /** A sequence of the given modules, named by position. */
    public Sequential(Module... modules) {
        for (Module m : modules) {
            append(m);
        }
    }

    /** Adds a module at the end under the next position number. Returns this. */
    public final Sequential append(Module module) {
        return append(Integer.toString(size), module);
    }

    /** Adds a module at the end under an explicit name (like building from an {@code OrderedDict}). Returns this. */
    public final Sequential append(String name, Module module) {
        registerModule(name, module);
        size++;
        return this;
    }

    /** The module at {@code index} (0-based, in order). */
    public final Module get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("Sequential: index " + index + " out of range for " + size + " modules");
        }
        return children().get(index);
    }

    /** Number of modules. */
    public final int size() {
        return size;
    }

    @Override
    protected Tensor compute(Tensor input) {
        Tensor x = input;
        for (Module m : namedChildren().values()) {
            x = m.forward(x);
        }
        return x;
    }
}
