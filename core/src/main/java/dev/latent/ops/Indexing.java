package dev.latent.ops;

import dev.latent.kernels.Workspace;
import dev.latent.tensor.Function;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;

/**
 * Picking elements by integer index: {@link #indexSelect} (embedding lookups) and {@link #gather} (the target
 * class's log-probability in NLL). Indices are tensors of integer-valued floats (as {@code argmax} returns them) or
 * {@code int[]}; every index is checked before anything is computed. Both ops differentiate with respect to the
 * source; their backward scatters (adds) the gradient back to the picked positions.
 */
public final class Indexing {
    private Indexing() {
    }

    /**
     * The slices of {@code src} along {@code dim} at the given positions, in order (repeats allowed), like
     * {@code torch.index_select}. The result has {@code src}'s shape with dimension {@code dim} replaced by
     * {@code indices.length}.
     */
    public static Tensor indexSelect(Tensor src, int dim, int[] indices) {
        if (src.dim() == 0) {
            throw new IllegalArgumentException("indexSelect: source must have at least one dimension, got shape "
                    + src.shape());
        }
        int d = normalizeDim("indexSelect", src.shape(), dim);
        int size = src.size(d);
        int[] idx = indices.clone();
        checkIndices("indexSelect", idx, src.shape(), d);
        Shape srcShape = src.shape();
        int outer = prefix(srcShape, d);
        int inner = suffix(srcShape, d);
        return new Function() {
            @Override
            protected Tensor forward(Tensor... in) {
                Tensor x = in[0].contiguous();
                float[] xs = x.data();
                int xo = x.offset();
                float[] out = Workspace.result(outer * idx.length * inner);
                for (int o = 0; o < outer; o++) {
                    for (int j = 0; j < idx.length; j++) {
                        System.arraycopy(xs, xo + (o * size + idx[j]) * inner, out, (o * idx.length + j) * inner,
                                inner);
                    }
                }
                return Tensor.wrap(out, srcShape.with(d, idx.length));
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                Tensor gc = g.contiguous();
                float[] gs = gc.data();
                int go = gc.offset();
                float[] dx = Workspace.result(srcShape.numel());
                for (int o = 0; o < outer; o++) {
                    for (int j = 0; j < idx.length; j++) {
                        int from = go + (o * idx.length + j) * inner;
                        int to = (o * size + idx[j]) * inner;
                        for (int k = 0; k < inner; k++) {
                            dx[to + k] += gs[from + k];
                        }
                    }
                }
                return new Tensor[] {Tensor.wrap(dx, srcShape)};
            }

            @Override
            public String name() {
                return "IndexSelectBackward";
            }
        }.apply(src);
    }

    /** {@link #indexSelect(Tensor, int, int[])} with the positions given as a 1-D tensor of integer values. */
    public static Tensor indexSelect(Tensor src, int dim, Tensor indices) {
        if (indices.dim() != 1) {
            throw new IllegalArgumentException("indexSelect: indices must be 1-D, got shape " + indices.shape());
        }
        return indexSelect(src, dim, toInts("indexSelect", indices));
    }

    /**
     * {@code out[i][j][k] = src[i][index[i][j][k]][k]} for {@code dim = 1} (and likewise for other dims), like
     * {@code torch.gather}: {@code index} has {@code src}'s rank, its sizes may not exceed {@code src}'s outside
     * {@code dim}, and the result has {@code index}'s shape.
     */
    public static Tensor gather(Tensor src, int dim, Tensor index) {
        if (index.dim() != src.dim()) {
            throw new IllegalArgumentException("gather: index of shape " + index.shape() + " must have the rank of"
                    + " the source, shape " + src.shape());
        }
        if (src.dim() == 0) {
            throw new IllegalArgumentException("gather: source must have at least one dimension");
        }
        int d = normalizeDim("gather", src.shape(), dim);
        for (int i = 0; i < src.dim(); i++) {
            if (i != d && index.size(i) > src.size(i)) {
                throw new IllegalArgumentException("gather: index of shape " + index.shape() + " is larger than the"
                        + " source of shape " + src.shape() + " in dimension " + i);
            }
        }
        int[] idx = toInts("gather", index);
        checkIndices("gather", idx, src.shape(), d);
        Shape srcShape = src.shape();
        int[] offsets = sourceOffsets(srcShape, index.shape(), d, idx);
        return new Function() {
            @Override
            protected Tensor forward(Tensor... in) {
                Tensor x = in[0].contiguous();
                float[] xs = x.data();
                int xo = x.offset();
                float[] out = Workspace.result(offsets.length);
                for (int i = 0; i < out.length; i++) {
                    out[i] = xs[xo + offsets[i]];
                }
                return Tensor.wrap(out, index.shape());
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                Tensor gc = g.contiguous();
                float[] gs = gc.data();
                int go = gc.offset();
                float[] dx = Workspace.result(srcShape.numel());
                for (int i = 0; i < offsets.length; i++) {
                    dx[offsets[i]] += gs[go + i];
                }
                return new Tensor[] {Tensor.wrap(dx, srcShape)};
            }

            @Override
            public String name() {
                return "GatherBackward";
            }
        }.apply(src);
    }

    /**
     * The values of an index tensor as ints, in row-major order.
     *
     * @throws IllegalArgumentException naming the first value that is not an integer (NaN, infinite, fractional or
     *                                  beyond the int range)
     */
    public static int[] toInts(String op, Tensor indices) {
        float[] values = indices.toArray();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (!(v == Math.rint(v)) || Math.abs(v) > (1 << 30)) {
                throw new IllegalArgumentException(op + ": index " + v + " at position " + i + " of an index tensor of"
                        + " shape " + indices.shape() + " is not an integer");
            }
            out[i] = (int) v;
        }
        return out;
    }

    /** Offsets into the contiguous source for every element of the (row-major) index. */
    private static int[] sourceOffsets(Shape srcShape, Shape indexShape, int dim, int[] idx) {
        int rank = srcShape.rank();
        int[] srcStrides = srcShape.contiguousStrides();
        int[] dims = indexShape.toArray();
        int[] coord = new int[rank];
        int[] offsets = new int[idx.length];
        int base = 0; // offset of the current coordinate without the dim component
        for (int i = 0; i < idx.length; i++) {
            offsets[i] = base + idx[i] * srcStrides[dim];
            for (int k = rank - 1; k >= 0; k--) { // odometer step
                coord[k]++;
                if (k != dim) {
                    base += srcStrides[k];
                }
                if (coord[k] < dims[k]) {
                    break;
                }
                if (k != dim) {
                    base -= coord[k] * srcStrides[k];
                }
                coord[k] = 0;
            }
        }
        return offsets;
    }

    private static void checkIndices(String op, int[] indices, Shape shape, int dim) {
        int size = shape.size(dim);
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= size) {
                throw new IndexOutOfBoundsException(op + ": index " + indices[i] + " (at position " + i + ") is out"
                        + " of range for dimension " + dim + " of size " + size + " (source shape " + shape + ")");
            }
        }
    }

    private static int normalizeDim(String op, Shape shape, int dim) {
        try {
            return shape.normalizeDim(dim);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": dimension " + dim + " out of range for shape " + shape, e);
        }
    }

    private static int prefix(Shape s, int d) {
        int p = 1;
        for (int i = 0; i < d; i++) {
            p *= s.size(i);
        }
        return p;
    }

    private static int suffix(Shape s, int d) {
        int p = 1;
        for (int i = d + 1; i < s.rank(); i++) {
            p *= s.size(i);
        }
        return p;
    }
}
