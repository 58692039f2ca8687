package dev.latent.tensor;

/**
 * A differentiable operation: a forward computation paired with its backward, like PyTorch's
 * {@code torch.autograd.Function}. Every built-in op is one, and users subclass it to add their own:
 *
 * <pre>{@code
 * final class Square extends Function {
 *     protected Tensor forward(Tensor... in) {
 *         saveForBackward(in[0]);
 *         return in[0].mul(in[0]);
 *     }
 *     protected Tensor[] backward(Tensor grad) {
 *         Tensor x = savedTensors()[0];
 *         return new Tensor[] {grad.mul(x).mul(2f)};
 *     }
 * }
 * Tensor y = new Square().apply(x);
 * }</pre>
 *
 * <p>An instance is used for exactly one {@link #apply} call and becomes the output's {@link Tensor#gradFn()}.
 * {@code forward} and {@code backward} run with grad recording off, so they may use any tensor operation. Check the
 * pair with {@link GradCheck}.
 */
public abstract class Function {
    private Function[] next;
    private Shape[] inputShapes;
    private boolean[] needsInputGrad;
    private Tensor[] saved;
    private int[] savedVersions;
    private boolean applied;
    private boolean released;

    /** For subclasses. */
    protected Function() {
    }

    /**
     * Computes the output from the inputs. Runs with grad recording off.
     *
     * @param inputs the tensors passed to {@link #apply}
     * @return a new tensor, or a view of an input
     */
    protected abstract Tensor forward(Tensor... inputs);

    /**
     * Computes the gradient of the loss with respect to each input from the gradient with respect to the output.
     * Runs with grad recording off. The gradients of a backward pass (this method's argument and results included)
     * live only until the pass ends: their arrays are then reused by the next pass (see
     * {@link dev.latent.kernels.Workspace#recycleResults()}), so do not keep them; copy what must outlive it into a
     * new array.
     *
     * @param gradOutput same shape as the output
     * @return one entry per input, of that input's shape, or {@code null} where the input needs no gradient
     */
    protected abstract Tensor[] backward(Tensor gradOutput);

    /** The op's name in error messages; the class name by default. */
    public String name() {
        String n = getClass().getSimpleName();
        return n.isEmpty() ? getClass().getName() : n;
    }

    /**
     * Runs {@link #forward} and, when grad mode is on and some input requires grad, records this op as the
     * output's {@code gradFn}.
     */
    public final Tensor apply(Tensor... inputs) {
        if (applied) {
            throw new IllegalStateException(name() + ": a Function instance can be applied only once; create a new one");
        }
        applied = true;
        boolean record = false;
        if (GradMode.isEnabled()) {
            needsInputGrad = new boolean[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                needsInputGrad[i] = inputs[i] != null && inputs[i].requiresGrad();
                record |= needsInputGrad[i];
            }
        }
        Tensor out;
        if (record) {
            try (var scope = GradMode.noGrad()) {
                out = forward(inputs);
            }
        } else {
            needsInputGrad = new boolean[inputs.length];
            out = forward(inputs);
        }
        if (out == null) {
            throw new IllegalStateException(name() + ".forward returned null");
        }
        if (!record) {
            saved = null;
            return out;
        }
        next = new Function[inputs.length];
        inputShapes = new Shape[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (needsInputGrad[i]) {
                next[i] = inputs[i].gradEdge();
                inputShapes[i] = inputs[i].shape();
            }
        }
        if (out.gradFn() != null || out.isLeafRequiringGrad()) {
            // forward returned an input (or a tensor from another graph) unchanged: record on a fresh alias.
            out = out.alias();
        }
        out.setGradFn(this);
        return out;
    }

    /**
     * Whether input {@code i} needs a gradient; valid in {@code forward} and {@code backward}. Skip work for inputs
     * that do not.
     */
    protected final boolean needsInputGrad(int i) {
        return needsInputGrad != null && i < needsInputGrad.length && needsInputGrad[i];
    }

    /**
     * Keeps tensors for {@code backward}. Their versions are recorded: modifying one in place before backward makes
     * backward fail with a clear error instead of a wrong gradient.
     */
    protected final void saveForBackward(Tensor... tensors) {
        saved = tensors.clone();
        savedVersions = new int[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            savedVersions[i] = tensors[i] == null ? 0 : tensors[i].version();
        }
    }

    /**
     * The tensors passed to {@link #saveForBackward}, after checking none was modified in place since.
     *
     * @throws IllegalStateException if the graph was already released by a previous backward, or a saved tensor
     *                               was modified in place
     */
    protected final Tensor[] savedTensors() {
        if (released) {
            throw new IllegalStateException(name() + ": trying to backward through the graph a second time (or"
                    + " directly access saved tensors after they have already been freed). Pass retainGraph=true to"
                    + " the first backward if you need to backward twice.");
        }
        if (saved == null) {
            return new Tensor[0];
        }
        for (int i = 0; i < saved.length; i++) {
            if (saved[i] != null && saved[i].version() != savedVersions[i]) {
                throw new IllegalStateException(name() + ": a tensor saved for backward (#" + i + ", shape "
                        + saved[i].shape() + ") was modified by an in-place operation: it is at version "
                        + saved[i].version() + ", expected version " + savedVersions[i]
                        + ". Use an out-of-place operation or clone() it before modifying.");
            }
        }
        return saved.clone();
    }

    // ---- engine access ----

    Function[] next() {
        return next;
    }

    boolean isReleased() {
        return released;
    }

    void release() {
        released = true;
        saved = null;
    }

    /** Runs backward and checks that it returned a gradient of the right shape for each input that needs one. */
    Tensor[] runBackward(Tensor gradOutput) {
        if (released) {
            throw new IllegalStateException(name() + ": trying to backward through the graph a second time (or"
                    + " directly access saved tensors after they have already been freed). Pass retainGraph=true to"
                    + " the first backward if you need to backward twice.");
        }
        Tensor[] grads = backward(gradOutput);
        if (grads == null || grads.length != next.length) {
            throw new IllegalStateException(name() + ".backward returned " + (grads == null ? "null" : grads.length
                    + " gradients") + " for " + next.length + " inputs");
        }
        for (int i = 0; i < grads.length; i++) {
            if (next[i] == null) {
                grads[i] = null;
            } else if (grads[i] != null && !grads[i].shape().equals(inputShapes[i])) {
                throw new IllegalStateException(name() + ".backward returned a gradient of shape " + grads[i].shape()
                        + " for input " + i + " of shape " + inputShapes[i]);
            }
        }
        return grads;
    }
}
