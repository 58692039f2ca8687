package dev.latent.ops;

import dev.latent.kernels.ReduceKernels;
import dev.latent.kernels.Workspace;
import dev.latent.tensor.Function;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;

import java.util.Arrays;

/**
 * Reductions over any set of dimensions (sum, mean, var, max/min, logsumexp) and softmax. Each one moves the
 * reduced dimensions innermost (a view, copied only when needed) and runs a row kernel.
 */
public final class Reductions {
    private Reductions() {
    }

    /** Values of a max/min along a dimension together with the indices (as floats) where they occur. */
    public record ValuesIndices(Tensor values, Tensor indices) {
    }

    /** The reduced dimensions of a tensor and the shapes around them. */
    private record Plan(int[] dims, boolean[] reduced, Shape keptShape, Shape keepdimShape, int rows, int len) {
        Shape outShape(boolean keepdim) {
            return keepdim ? keepdimShape : keptShape;
        }

        /** The input as {@code [rows, len]} contiguous rows: kept dimensions first, reduced ones last. */
        Tensor rowsOf(Tensor t) {
            int rank = t.dim();
            int[] order = new int[rank];
            int k = 0;
            for (int d = 0; d < rank; d++) {
                if (!reduced[d]) {
                    order[k++] = d;
                }
            }
            for (int d = 0; d < rank; d++) {
                if (reduced[d]) {
                    order[k++] = d;
                }
            }
            return t.permute(order).contiguous();
        }
    }

    private static Plan plan(String op, Tensor t, int[] dims) {
        int rank = t.dim();
        boolean[] reduced = new boolean[rank];
        if (dims == null || dims.length == 0) {
            Arrays.fill(reduced, true);
        } else {
            for (int dim : dims) {
                int d;
                try {
                    d = t.shape().normalizeDim(dim);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(op + ": dimension " + dim + " out of range for shape "
                            + t.shape(), e);
                }
                if (reduced[d]) {
                    throw new IllegalArgumentException(op + ": dimension " + dim + " appears twice in "
                            + Arrays.toString(dims));
                }
                reduced[d] = true;
            }
        }
        int[] kept = new int[rank];
        int[] keepdim = new int[rank];
        int nk = 0;
        int rows = 1;
        int len = 1;
        int nd = 0;
        int[] rdims = new int[rank];
        for (int d = 0; d < rank; d++) {
            int size = t.size(d);
            if (reduced[d]) {
                keepdim[d] = 1;
                len *= size;
                rdims[nd++] = d;
            } else {
                keepdim[d] = size;
                kept[nk++] = size;
                rows *= size;
            }
        }
        return new Plan(Arrays.copyOf(rdims, nd), reduced, Shape.of(Arrays.copyOf(kept, nk)), Shape.of(keepdim),
                rows, len);
    }

    /** Sum over {@code dims} (null or empty: all). */
    public static Tensor sum(Tensor t, int[] dims, boolean keepdim) {
        Plan plan = plan("sum", t, dims);
        Shape in = t.shape();
        return new Function() {
            @Override
            protected Tensor forward(Tensor... x) {
                Tensor rows = plan.rowsOf(x[0]);
                float[] out = Workspace.result(plan.rows());
                ReduceKernels.sumRows(rows.data(), rows.offset(), plan.rows(), plan.len(), out, 0);
                return Tensor.wrap(out, plan.outShape(keepdim));
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {g.reshape(plan.keepdimShape().toArray()).expand(in.toArray())};
            }

            @Override
            public String name() {
                return "SumBackward";
            }
        }.apply(t);
    }

    /** Mean over {@code dims} (null or empty: all). */
    public static Tensor mean(Tensor t, int[] dims, boolean keepdim) {
        Plan plan = plan("mean", t, dims);
        return sum(t, dims, keepdim).div(plan.len());
    }

    /** Variance over {@code dims}, dividing by {@code n - correction}. */
    public static Tensor var(Tensor t, int[] dims, int correction, boolean keepdim) {
        Plan plan = plan("var", t, dims);
        int n = plan.len() - correction;
        Tensor centered = t.sub(mean(t, dims, true));
        Tensor ss = sum(centered.mul(centered), dims, keepdim);
        return n <= 0 ? ss.mul(Float.NaN) : ss.div(n);
    }

    /** Max (or min) over {@code dims}, sharing the gradient evenly among tied maxima. */
    public static Tensor amax(Tensor t, int[] dims, boolean keepdim, boolean min) {
        Plan plan = plan(min ? "amin" : "amax", t, dims);
        if (t.numel() == 0 || (plan.len() == 0)) {
            throw new IllegalArgumentException((min ? "amin" : "amax") + ": cannot reduce an empty dimension of shape "
                    + t.shape());
        }
        Shape in = t.shape();
        return new Function() {
            @Override
            protected Tensor forward(Tensor... x) {
                Tensor rows = plan.rowsOf(x[0]);
                float[] out = Workspace.result(plan.rows());
                ReduceKernels.extremeRows(rows.data(), rows.offset(), plan.rows(), plan.len(), min, out, 0, null, 0);
                Tensor result = Tensor.wrap(out, plan.outShape(keepdim));
                saveForBackward(x[0], result);
                return result;
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                Tensor[] s = savedTensors();
                Tensor best = s[1].reshape(plan.keepdimShape().toArray());
                Tensor mask = s[0].eq(best);
                Tensor count = mask.sum(plan.dims(), true);
                Tensor gk = g.reshape(plan.keepdimShape().toArray());
                return new Tensor[] {mask.mul(gk.div(count)).broadcastTo(in)};
            }

            @Override
            public String name() {
                return min ? "AminBackward" : "AmaxBackward";
            }
        }.apply(t);
    }

    /** Max (or min) along one dimension with the index of the first occurrence. */
    public static ValuesIndices extreme(Tensor t, int dim, boolean keepdim, boolean min) {
        Plan plan = plan(min ? "min" : "max", t, new int[] {dim});
        if (plan.len() == 0) {
            throw new IllegalArgumentException((min ? "min" : "max") + ": cannot reduce dimension " + dim
                    + " of size 0 (shape " + t.shape() + ")");
        }
        float[] indices = new float[plan.rows()];
        Shape in = t.shape();
        int d = t.shape().normalizeDim(dim);
        Tensor values = new Function() {
            @Override
            protected Tensor forward(Tensor... x) {
                Tensor rows = plan.rowsOf(x[0]);
                float[] out = Workspace.result(plan.rows());
                ReduceKernels.extremeRows(rows.data(), rows.offset(), plan.rows(), plan.len(), min, out, 0, indices, 0);
                return Tensor.wrap(out, plan.outShape(keepdim));
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                // Scatter each row's gradient to its arg-extreme, in the [kept..., dim] layout, then move dim back.
                Tensor gc = g.contiguous();
                float[] gd = gc.data();
                float[] gin = Workspace.result(in.numel());
                for (int r = 0; r < plan.rows(); r++) {
                    gin[r * plan.len() + (int) indices[r]] = gd[gc.offset() + r];
                }
                int rank = in.rank();
                int[] permuted = new int[rank];
                int[] back = new int[rank];
                for (int i = 0, k = 0; i < rank; i++) {
                    if (i != d) {
                        permuted[k++] = in.size(i);
                    }
                }
                permuted[rank - 1] = in.size(d);
                for (int i = 0; i < rank; i++) {
                    back[i] = i < d ? i : i == d ? rank - 1 : i - 1;
                }
                return new Tensor[] {Tensor.wrap(gin, Shape.of(permuted)).permute(back)};
            }

            @Override
            public String name() {
                return min ? "MinBackward" : "MaxBackward";
            }
        }.apply(t);
        return new ValuesIndices(values, Tensor.wrap(indices, plan.outShape(keepdim)));
    }

    /** {@code log(sum(exp(t)))} over {@code dims}. */
    public static Tensor logsumexp(Tensor t, int[] dims, boolean keepdim) {
        Plan plan = plan("logsumexp", t, dims);
        return new Function() {
            @Override
            protected Tensor forward(Tensor... x) {
                Tensor rows = plan.rowsOf(x[0]);
                float[] out = Workspace.result(plan.rows());
                ReduceKernels.logSumExpRows(rows.data(), rows.offset(), plan.rows(), plan.len(), out, 0);
                Tensor result = Tensor.wrap(out, plan.outShape(keepdim));
                saveForBackward(x[0], result);
                return result;
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                Tensor[] s = savedTensors();
                Tensor lse = s[1].reshape(plan.keepdimShape().toArray());
                Tensor gk = g.reshape(plan.keepdimShape().toArray());
                return new Tensor[] {s[0].sub(lse).exp().mul(gk)};
            }

            @Override
            public String name() {
                return "LogsumexpBackward";
            }
        }.apply(t);
    }

    /** Softmax (or log-softmax) along {@code dim}. */
    public static Tensor softmax(Tensor t, int dim, boolean log) {
        int d = t.dim() == 0 ? 0 : t.shape().normalizeDim(dim);
        int rank = t.dim();
        // Move dim last, run row kernels, move it back.
        int[] toLast = new int[rank];
        int[] fromLast = new int[rank];
        for (int i = 0, k = 0; i < rank; i++) {
            if (i != d) {
                toLast[k++] = i;
            }
        }
        if (rank > 0) {
            toLast[rank - 1] = d;
        }
        for (int i = 0; i < rank; i++) {
            fromLast[toLast[i]] = i;
        }
        int len = rank == 0 ? 1 : t.size(d);
        int rows = len == 0 ? 0 : t.numel() / len;
        return new Function() {
            @Override
            protected Tensor forward(Tensor... x) {
                Tensor moved = x[0].permute(toLast).contiguous();
                float[] y = Workspace.result(moved.numel());
                ReduceKernels.softmaxRows(moved.data(), moved.offset(), rows, len, log, y, 0);
                Tensor out = Tensor.wrap(y, moved.shape()).permute(fromLast);
                saveForBackward(out);
                return out;
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                Tensor y = savedTensors()[0].permute(toLast).contiguous();
                Tensor gm = g.permute(toLast).contiguous();
                float[] dx = Workspace.result(gm.numel());
                ReduceKernels.softmaxBackwardRows(y.data(), y.offset(), gm.data(), gm.offset(), rows, len, log, dx, 0);
                return new Tensor[] {Tensor.wrap(dx, gm.shape()).permute(fromLast)};
            }

            @Override
            public String name() {
                return log ? "LogSoftmaxBackward" : "SoftmaxBackward";
            }
        }.apply(t);
    }
}
