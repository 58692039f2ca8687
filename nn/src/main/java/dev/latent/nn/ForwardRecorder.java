package dev.latent.nn;

import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;

import java.util.IdentityHashMap;
import java.util.Map;

/** Records each module's first output shape during a summary's forward pass (on the summarizing thread only). */
final class ForwardRecorder implements AutoCloseable {
    private static final ThreadLocal<ForwardRecorder> CURRENT = new ThreadLocal<>();

    private final Map<Module, Shape> shapes = new IdentityHashMap<>();
    private final ForwardRecorder previous;

    private ForwardRecorder() {
        previous = CURRENT.get();
        CURRENT.set(this);
    }

    static ForwardRecorder start() {
        return new ForwardRecorder();
    }

    static ForwardRecorder current() {
        return CURRENT.get();
    }

    void record(Module module, Tensor output) {
        shapes.putIfAbsent(module, output.shape());
    }

    Shape shapeOf(Module module) {
        return shapes.get(module);
    }

    @Override
    public void close() {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
