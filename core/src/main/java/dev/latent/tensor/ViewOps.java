package dev.latent.tensor;

import dev.latent.kernels.StridedIterator;
import dev.latent.kernels.Workspace;

import java.util.Arrays;

/** The view operations (no data copied) and the copy op, each a {@link Function} with its backward. */
final class ViewOps {
    private ViewOps() {
    }

    // ---- reshape / view

    static Tensor view(Tensor t, Shape target, boolean strict) {
        if (target.equals(t.shape())) {
            return t;
        }
        int[] viewStrides = viewStrides(t, target);
        if (viewStrides == null) {
            if (strict) {
                throw new IllegalArgumentException("view: shape " + target + " is not compatible with the layout of a"
                        + " tensor of shape " + t.shape() + " and strides " + Arrays.toString(t.strides())
                        + " (at least one dimension spans two contiguous subspaces); use reshape(...) instead");
            }
            return view(copy(t), target, true);
        }
        Shape source = t.shape();
        return new Function() {
            @Override
            protected Tensor forward(Tensor... in) {
                return in[0].rawView(target, viewStrides, in[0].offset());
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {g.reshape(source.toArray())};
            }

            @Override
            public String name() {
                return "ViewBackward";
            }
        }.apply(t);
    }

    /** Strides that view {@code t}'s elements with shape {@code target}, or null when a copy is needed. */
    private static int[] viewStrides(Tensor t, Shape target) {
        if (t.isContiguous() || t.numel() <= 1) {
            return target.contiguousStrides();
        }
        int[] oldShape = t.shape().toArray();
        int[] oldStrides = t.strides();
        int[] newShape = target.toArray();
        int[] newStrides = new int[newShape.length];
        int viewD = newShape.length - 1;
        long chunkBaseStride = oldStrides[oldStrides.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int tensorD = oldShape.length - 1; tensorD >= 0; tensorD--) {
            tensorNumel *= oldShape[tensorD];
            if (tensorD == 0 || (oldShape[tensorD - 1] != 1
                    && oldStrides[tensorD - 1] != tensorNumel * chunkBaseStride)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStrides[viewD] = (int) (viewNumel * chunkBaseStride);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (tensorD > 0) {
                    chunkBaseStride = oldStrides[tensorD - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? newStrides : null;
    }

    // ---- permute

    static Tensor permute(Tensor t, int[] dims) {
        int rank = t.dim();
        if (dims.length != rank) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(dims) + " has " + dims.length
                    + " dimensions but the tensor of shape " + t.shape() + " has " + rank);
        }
        int[] order = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            order[i] = Shape.normalizeDim(dims[i], rank);
            if (seen[order[i]]) {
                throw new IllegalArgumentException("permute: dimension " + dims[i] + " repeats in "
                        + Arrays.toString(dims));
            }
            seen[order[i]] = true;
        }
        int[] inverse = new int[rank];
        int[] sizes = new int[rank];
        int[] strides = new int[rank];
        int[] old = t.strides();
        for (int i = 0; i < rank; i++) {
            inverse[order[i]] = i;
            sizes[i] = t.size(order[i]);
            strides[i] = old[order[i]];
        }
        Shape shape = Shape.of(sizes);
        return new Function() {
            @Override
            protected Tensor forward(Tensor... in) {
                return in[0].rawView(shape, strides, in[0].offset());
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {g.permute(inverse)};
            }

            @Override
            public String name() {
                return "PermuteBackward";
            }
        }.apply(t);
    }

    // ---- slice / select

    static Tensor slice(Tensor t, int dim, int start, int end, int step) {
        int d = t.shape().normalizeDim(dim);
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step);
        }
        int size = t.size(d);
        int s = clampIndex(start, size);
        int e = Math.max(clampIndex(end, size), s);
        int length = (e - s + step - 1) / step;
        int[] strides = t.strides();
        int newOffset = t.offset() + (length == 0 ? 0 : s * strides[d]);
        strides[d] *= step;
        Shape shape = t.shape().with(d, length);
        Shape source = t.shape();
        int from = s;
        return new Function() {
            @Override
            protected Tensor forward(Tensor... in) {
                return in[0].rawView(shape, strides, newOffset);
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                Tensor gin = Tensor.zeros(source);
                gin.slice(d, from, from + length * step, step).copyFrom(g);
                return new Tensor[] {gin};
            }

            @Override
            public String name() {
                return "SliceBackward";
            }
        }.apply(t);
    }

    private static int clampIndex(int i, int size) {
        int v = i < 0 ? i + size : i;
        return Math.max(0, Math.min(v, size));
    }

    static Tensor select(Tensor t, int dim, int index) {
        int d = t.shape().normalizeDim(dim);
        int size = t.size(d);
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("select: index " + index + " out of range for dimension " + dim
                    + " of size " + size + " (shape " + t.shape() + ")");
        }
        int[] old = t.strides();
        int[] strides = new int[old.length - 1];
        System.arraycopy(old, 0, strides, 0, d);
        System.arraycopy(old, d + 1, strides, d, old.length - d - 1);
        Shape shape = t.shape().remove(d);
        Shape source = t.shape();
        int newOffset = t.offset() + i * old[d];
        return new Function() {
            @Override
            protected Tensor forward(Tensor... in) {
                return in[0].rawView(shape, strides, newOffset);
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                Tensor gin = Tensor.zeros(source);
                gin.select(d, i).copyFrom(g);
                return new Tensor[] {gin};
            }

            @Override
            public String name() {
                return "SelectBackward";
            }
        }.apply(t);
    }

    // ---- expand

    static Tensor expand(Tensor t, int[] sizes) {
        Shape target = expandedShape(t, sizes, "expand");
        if (target.equals(t.shape())) {
            return t;
        }
        int[] strides = expandedStrides(t, target);
        Shape source = t.shape();
        return new Function() {
            @Override
            protected Tensor forward(Tensor... in) {
                return in[0].rawView(target, strides, in[0].offset());
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {sumToShape(g, source)};
            }

            @Override
            public String name() {
                return "ExpandBackward";
            }
        }.apply(t);
    }

    /** A non-recording broadcast view of {@code t} to exactly {@code target}, for in-place operands. */
    static Tensor expandRaw(Tensor t, Shape target, String op) {
        if (t.dim() > target.rank()) {
            throw new IllegalArgumentException(op + ": operand of shape " + t.shape()
                    + " cannot be broadcast to the destination shape " + target);
        }
        try {
            Shape s = expandedShape(t, target.toArray(), op);
            return t.rawView(s, expandedStrides(t, s), t.offset());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": operand of shape " + t.shape()
                    + " cannot be broadcast to the destination shape " + target, e);
        }
    }

    private static Shape expandedShape(Tensor t, int[] sizes, String op) {
        int rank = t.dim();
        if (sizes.length < rank) {
            throw new IllegalArgumentException(op + ": target sizes " + Arrays.toString(sizes) + " have fewer"
                    + " dimensions than the tensor of shape " + t.shape());
        }
        int lead = sizes.length - rank;
        int[] out = new int[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            int want = sizes[i];
            if (i < lead) {
                if (want < 0) {
                    throw new IllegalArgumentException(op + ": size -1 is not allowed for a new leading dimension ("
                            + Arrays.toString(sizes) + ")");
                }
                out[i] = want;
            } else {
                int have = t.size(i - lead);
                if (want == -1 || want == have) {
                    out[i] = have;
                } else if (have == 1 && want >= 0) {
                    out[i] = want;
                } else {
                    throw new IllegalArgumentException(op + ": cannot expand shape " + t.shape() + " to "
                            + Arrays.toString(sizes) + " (dimension " + i + " has size " + have + ", not 1)");
                }
            }
        }
        return Shape.of(out);
    }

    private static int[] expandedStrides(Tensor t, Shape target) {
        int lead = target.rank() - t.dim();
        int[] old = t.strides();
        int[] strides = new int[target.rank()];
        for (int i = lead; i < target.rank(); i++) {
            strides[i] = t.size(i - lead) == target.size(i) ? old[i - lead] : 0;
        }
        return strides;
    }

    /**
     * Sums {@code g} over the dimensions that broadcasting expanded, so the result has shape {@code target}: the
     * gradient rule for every broadcasting op.
     */
    static Tensor sumToShape(Tensor g, Shape target) {
        if (g.shape().equals(target)) {
            return g;
        }
        int lead = g.dim() - target.rank();
        int count = 0;
        int[] dims = new int[g.dim()];
        for (int i = 0; i < g.dim(); i++) {
            if (i < lead || (target.size(i - lead) == 1 && g.size(i) != 1)) {
                dims[count++] = i;
            }
        }
        Tensor summed = count == 0 ? g : g.sum(Arrays.copyOf(dims, count), true);
        return summed.reshape(target.toArray());
    }

    // ---- copies

    static Tensor copy(Tensor t) {
        return new Function() {
            @Override
            protected Tensor forward(Tensor... in) {
                Tensor src = in[0];
                float[] out = Workspace.result(src.numel());
                Tensor.copyStrided(src, out, 0, src.shape().contiguousStrides());
                return Tensor.wrap(out, src.shape());
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {g};
            }

            @Override
            public String name() {
                return "CopyBackward";
            }
        }.apply(t);
    }

    static Tensor asStrided(Tensor t, Shape shape, int[] strides, int offset) {
        if (strides.length != shape.rank()) {
            throw new IllegalArgumentException("asStrided: " + strides.length + " strides for shape " + shape);
        }
        long min = offset;
        long max = offset;
        for (int i = 0; i < strides.length; i++) {
            if (strides[i] < 0) {
                throw new IllegalArgumentException("asStrided: negative stride " + strides[i]);
            }
            if (shape.size(i) > 0) {
                max += (long) strides[i] * (shape.size(i) - 1);
            }
        }
        if (shape.numel() > 0 && (min < 0 || max >= t.data().length)) {
            throw new IllegalArgumentException("asStrided: shape " + shape + " with strides "
                    + Arrays.toString(strides) + " at offset " + offset + " reaches outside a storage of "
                    + t.data().length + " floats");
        }
        if (t.requiresGrad() && !t.isContiguous() && GradMode.isEnabled()) {
            throw new IllegalArgumentException("asStrided: differentiating through asStrided needs a contiguous"
                    + " input; call contiguous() first (shape " + t.shape() + ")");
        }
        int[] stridesCopy = strides.clone();
        Shape source = t.shape();
        int base = t.offset();
        return new Function() {
            @Override
            protected Tensor forward(Tensor... in) {
                return in[0].rawView(shape, stridesCopy, offset);
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                // Scatter-add each output gradient to the input element it aliases (views may overlap).
                float[] gin = Workspace.result(source.numel());
                Tensor gc = g.contiguous();
                StridedIterator it = new StridedIterator(shape.toArray(), new int[][] {stridesCopy},
                        new int[] {offset - base});
                float[] gd = gc.data();
                int k = gc.offset();
                while (it.next()) {
                    int o = it.offset(0);
                    int s = it.innerStride(0);
                    for (int i = 0; i < it.innerSize(); i++) {
                        int at = o + i * s;
                        if (at >= 0 && at < gin.length) {
                            gin[at] += gd[k];
                        }
                        k++;
                    }
                }
                return new Tensor[] {Tensor.wrap(gin, source)};
            }

            @Override
            public String name() {
                return "AsStridedBackward";
            }
        }.apply(t);
    }
}
