package dev.latent.tensor;

import java.util.Arrays;

/**
 * The immutable size of each dimension of a tensor. A rank-0 shape (no dimensions) is a scalar with one element.
 *
 * <p>Shapes are value objects: two shapes with the same sizes are {@link #equals equal}. Negative dimension
 * arguments to methods such as {@link #size(int)} count from the end, as in PyTorch.
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final int numel;

    private Shape(int[] dims) {
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension size in shape " + Arrays.toString(dims));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has more than 2^31-1 elements");
            }
        }
        this.dims = dims;
        this.numel = (int) n;
    }

    /** A shape with the given sizes (copied). */
    public static Shape of(int... dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    /** The rank-0 shape of a scalar. */
    public static Shape scalar() {
        return SCALAR;
    }

    /** Number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Total number of elements (1 for a scalar). */
    public int numel() {
        return numel;
    }

    /** Size of dimension {@code dim}; negative values count from the end. */
    public int size(int dim) {
        return dims[normalizeDim(dim)];
    }

    /** A copy of the sizes. */
    public int[] toArray() {
        return dims.clone();
    }

    /**
     * Maps a possibly negative dimension index to {@code [0, rank)}.
     *
     * @throws IllegalArgumentException if the index is out of range
     */
    public int normalizeDim(int dim) {
        return normalizeDim(dim, dims.length);
    }

    /** Maps {@code dim} in {@code [-rank, rank)} to {@code [0, rank)}, or throws naming the shape. */
    static int normalizeDim(int dim, int rank) {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) {
            throw new IllegalArgumentException("dimension " + dim + " out of range for a tensor of rank " + rank);
        }
        return d;
    }

    /** The row-major (C order) strides of a contiguous tensor of this shape. */
    public int[] contiguousStrides() {
        int[] strides = new int[dims.length];
        int s = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(dims[i], 1);
        }
        return strides;
    }

    /**
     * The shape two operands broadcast to under NumPy rules: dimensions are aligned from the right and each pair
     * must be equal or contain a 1.
     *
     * @throws IllegalArgumentException naming both shapes when they do not broadcast
     */
    public static Shape broadcast(Shape a, Shape b) {
        if (a.equals(b)) {
            return a;
        }
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
            int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + a + " and " + b + " cannot be broadcast together"
                        + " (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    /** This shape with dimension {@code dim} removed. */
    public Shape remove(int dim) {
        int d = normalizeDim(dim);
        int[] out = new int[dims.length - 1];
        System.arraycopy(dims, 0, out, 0, d);
        System.arraycopy(dims, d + 1, out, d, dims.length - d - 1);
        return new Shape(out);
    }

    /** This shape with a dimension of the given size inserted at {@code dim} (in {@code [0, rank]}). */
    public Shape insert(int dim, int size) {
        int d = dim < 0 ? dim + dims.length + 1 : dim;
        if (d < 0 || d > dims.length) {
            throw new IllegalArgumentException("insert position " + dim + " out of range for shape " + this);
        }
        int[] out = new int[dims.length + 1];
        System.arraycopy(dims, 0, out, 0, d);
        out[d] = size;
        System.arraycopy(dims, d, out, d + 1, dims.length - d);
        return new Shape(out);
    }

    /** This shape with dimension {@code dim} set to {@code size}. */
    public Shape with(int dim, int size) {
        int[] out = dims.clone();
        out[normalizeDim(dim)] = size;
        return new Shape(out);
    }

    /**
     * Resolves a requested shape that may contain one {@code -1} against this shape's element count.
     *
     * @throws IllegalArgumentException if the element counts differ or more than one size is -1
     */
    public Shape resolveReshape(int... requested) {
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < requested.length; i++) {
            if (requested[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("reshape " + Arrays.toString(requested)
                            + ": only one dimension can be -1");
                }
                inferred = i;
            } else if (requested[i] < 0) {
                throw new IllegalArgumentException("reshape " + Arrays.toString(requested) + ": invalid size "
                        + requested[i]);
            } else {
                known *= requested[i];
            }
        }
        int[] out = requested.clone();
        if (inferred >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException("cannot reshape " + this + " (" + numel + " elements) to "
                        + Arrays.toString(requested));
            }
            out[inferred] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException("cannot reshape " + this + " (" + numel + " elements) to "
                    + Arrays.toString(requested) + " (" + known + " elements)");
        }
        return new Shape(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Formats as {@code [2, 3, 4]}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
