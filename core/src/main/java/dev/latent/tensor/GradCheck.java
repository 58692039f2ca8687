package dev.latent.tensor;

/**
 * Checks an operation's analytic gradients (its backward) against central finite differences, like PyTorch's
 * {@code gradcheck}. Because Latent computes in float32, the check contracts the output with a fixed random
 * vector {@code r} and compares {@code d(sum(f(x) * r))/dx}; use smooth inputs away from kinks (e.g. relu at 0).
 *
 * <pre>{@code
 * GradCheck.assertGradients(in -> in[0].mul(in[1]).sum(), a, b);
 * }</pre>
 */
public final class GradCheck {
    /** Default finite-difference step. */
    public static final float DEFAULT_EPS = 1e-2f;
    /** Default relative tolerance. */
    public static final float DEFAULT_RTOL = 2e-2f;
    /** Default absolute tolerance. */
    public static final float DEFAULT_ATOL = 2e-3f;

    private GradCheck() {
    }

    /** The function under test: tensors in, one tensor out. */
    @FunctionalInterface
    public interface Op {
        /** Computes the output from the inputs. */
        Tensor apply(Tensor... inputs);
    }

    /**
     * The outcome: whether every gradient element agreed, the largest absolute difference seen, and a
     * description of the first disagreement (null if none).
     */
    public record Result(boolean passed, double maxAbsError, String firstFailure) {
    }

    /** Checks with the default step and tolerances; see {@link #check(Op, float, float, float, Tensor...)}. */
    public static Result check(Op op, Tensor... inputs) {
        return check(op, DEFAULT_EPS, DEFAULT_RTOL, DEFAULT_ATOL, inputs);
    }

    /**
     * Compares the analytic and numeric gradient of {@code sum(op(inputs) * r)} for every input element. Inputs
     * are copied (they are not modified); inputs with {@code requiresGrad() == false} are held constant.
     */
    public static Result check(Op op, float eps, float rtol, float atol, Tensor... inputs) {
        Tensor[] xs = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            try (var scope = GradMode.noGrad()) {
                xs[i] = inputs[i].contiguous().clone();
            }
            xs[i].setRequiresGrad(inputs[i].requiresGrad());
        }
        Tensor out = op.apply(xs);
        if (!out.requiresGrad()) {
            return new Result(false, Double.NaN, "the output does not require grad: no input that requires grad"
                    + " reaches it");
        }
        Tensor r = Tensor.randn(new Generator(20260101L), out.shape().toArray());
        out.mul(r).sum().backward();

        double maxErr = 0;
        String failure = null;
        for (int i = 0; i < xs.length; i++) {
            if (!inputs[i].requiresGrad()) {
                continue;
            }
            Tensor grad = xs[i].grad();
            float[] analytic = grad == null ? new float[xs[i].numel()] : grad.toArray();
            float[] data = xs[i].data();
            int off = xs[i].offset();
            for (int j = 0; j < xs[i].numel(); j++) {
                float saved = data[off + j];
                data[off + j] = saved + eps;
                double plus = contract(op, xs, r);
                data[off + j] = saved - eps;
                double minus = contract(op, xs, r);
                data[off + j] = saved;
                double numeric = (plus - minus) / (2.0 * eps);
                double err = Math.abs(numeric - analytic[j]);
                maxErr = Math.max(maxErr, err);
                if (!(err <= atol + rtol * Math.abs(numeric)) && failure == null) {
                    failure = "input " + i + " (shape " + xs[i].shape() + "), element " + j + ": analytic "
                            + analytic[j] + ", numeric " + numeric;
                }
            }
        }
        return new Result(failure == null, maxErr, failure);
    }

    /**
     * Like {@link #check(Op, Tensor...)} but throws {@link AssertionError} naming the first mismatching element.
     */
    public static void assertGradients(Op op, Tensor... inputs) {
        assertGradients(op, DEFAULT_EPS, DEFAULT_RTOL, DEFAULT_ATOL, inputs);
    }

    /** {@link #check(Op, float, float, float, Tensor...)} that throws {@link AssertionError} on failure. */
    public static void assertGradients(Op op, float eps, float rtol, float atol, Tensor... inputs) {
        Result result = check(op, eps, rtol, atol, inputs);
        if (!result.passed()) {
            throw new AssertionError("gradcheck failed: " + result.firstFailure() + " (max abs error "
                    + result.maxAbsError() + ")");
        }
    }

    private static double contract(Op op, Tensor[] xs, Tensor r) {
        try (var scope = GradMode.noGrad()) {
            float[] y = op.apply(xs).toArray();
            float[] rv = r.toArray();
            double s = 0;
            for (int k = 0; k < y.length; k++) {
                s += (double) y[k] * rv[k];
            }
            return s;
        }
    }
}
