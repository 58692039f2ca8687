package dev.latent.tensor;

import dev.latent.kernels.BinaryOp;
import dev.latent.kernels.StridedIterator;
import dev.latent.kernels.UnaryOp;
import dev.latent.ops.Joining;
import dev.latent.ops.LinearAlgebra;
import dev.latent.ops.Pointwise;
import dev.latent.ops.Reductions;

import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional float32 array: a {@link Shape}, per-dimension strides and a storage offset over a shared
 * {@code float[]}. Views (reshape, permute, slice, expand, ...) share the storage without copying, so a write
 * through a view is visible in its base.
 *
 * <p>Tensors take part in reverse-mode autodiff: operations on tensors that {@link #requiresGrad() require grad}
 * record a graph (define-by-run, as in PyTorch), and {@link #backward()} fills {@link #grad()} of the leaves.
 *
 * <p>Operations return new tensors; methods named {@code ...InPlace} (and {@link #fill}, {@link #zero},
 * {@link #copyFrom}, {@link #set}) write into this tensor. In-place writes are not recorded by autodiff: they are
 * refused on a tensor that requires grad while grad mode is on (use {@link GradMode#noGrad()}, as optimizers do).
 *
 * <p>Errors name the operation and the shapes involved; a rejected call leaves every tensor unchanged.
 */
public final class Tensor {
    private final Storage storage;
    private final Shape shape;
    private final int[] strides;
    private final int offset;

    private boolean requiresGrad;
    private Function gradFn;
    private Tensor grad;
    private AccumulateGrad accumulator;

    Tensor(Storage storage, Shape shape, int[] strides, int offset) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    // ------------------------------------------------------------------ creation

    /** A contiguous tensor over {@code data} without copying it; {@code data.length} must equal the element count. */
    public static Tensor wrap(float[] data, Shape shape) {
        if (data.length != shape.numel()) {
            throw new IllegalArgumentException("wrap: array of " + data.length + " floats does not match shape " + shape
                    + " (" + shape.numel() + " elements)");
        }
        return new Tensor(new Storage(data), shape, shape.contiguousStrides(), 0);
    }

    /** A contiguous tensor over {@code data} without copying it. */
    public static Tensor wrap(float[] data, int... shape) {
        return wrap(data, Shape.of(shape));
    }

    /** A contiguous tensor holding a copy of {@code data}. */
    public static Tensor fromArray(float[] data, int... shape) {
        return wrap(data.clone(), Shape.of(shape));
    }

    /** A 1-D tensor of the given values. */
    public static Tensor of(float... values) {
        return wrap(values.clone(), Shape.of(values.length));
    }

    /** A 2-D tensor of the given rows, which must all have the same length. */
    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] data = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("of: row " + r + " has " + rows[r].length + " values, row 0 has "
                        + cols);
            }
            System.arraycopy(rows[r], 0, data, r * cols, cols);
        }
        return wrap(data, Shape.of(rows.length, cols));
    }

    /** A rank-0 tensor holding {@code value}. */
    public static Tensor scalar(float value) {
        return wrap(new float[] {value}, Shape.scalar());
    }

    /** A tensor of zeros. */
    public static Tensor zeros(Shape shape) {
        return wrap(new float[shape.numel()], shape);
    }

    /** A tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return zeros(Shape.of(shape));
    }

    /** A tensor of ones. */
    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    /** A tensor with every element {@code value}. */
    public static Tensor full(float value, Shape shape) {
        float[] data = new float[shape.numel()];
        Arrays.fill(data, value);
        return wrap(data, shape);
    }

    /** A tensor with every element {@code value}. */
    public static Tensor full(float value, int... shape) {
        return full(value, Shape.of(shape));
    }

    /** Zeros of the same shape as {@code t}. */
    public static Tensor zerosLike(Tensor t) {
        return zeros(t.shape);
    }

    /** Ones of the same shape as {@code t}. */
    public static Tensor onesLike(Tensor t) {
        return full(1f, t.shape);
    }

    /** {@code 0, 1, ..., end-1}. */
    public static Tensor arange(int end) {
        return arange(0, end, 1);
    }

    /** {@code start, start+step, ...} up to but excluding {@code end}. */
    public static Tensor arange(float start, float end, float step) {
        if (step == 0 || Float.isNaN(step) || (end - start) / step < 0) {
            throw new IllegalArgumentException("arange: step " + step + " does not go from " + start + " to " + end);
        }
        int n = (int) Math.ceil((end - start) / (double) step);
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = (float) (start + (double) i * step);
        }
        return wrap(data, Shape.of(n));
    }

    /** {@code steps} evenly spaced values from {@code start} to {@code end} inclusive. */
    public static Tensor linspace(float start, float end, int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("linspace: steps must be non-negative, got " + steps);
        }
        float[] data = new float[steps];
        double step = steps > 1 ? ((double) end - start) / (steps - 1) : 0;
        for (int i = 0; i < steps; i++) {
            data[i] = i == steps - 1 && steps > 1 ? end : (float) (start + i * step);
        }
        return wrap(data, Shape.of(steps));
    }

    /** Uniform samples in {@code [0, 1)} from {@code gen}. */
    public static Tensor rand(Generator gen, int... shape) {
        float[] data = new float[Shape.of(shape).numel()];
        for (int i = 0; i < data.length; i++) {
            data[i] = gen.nextFloat();
        }
        return wrap(data, shape);
    }

    /** Standard normal samples from {@code gen}. */
    public static Tensor randn(Generator gen, int... shape) {
        float[] data = new float[Shape.of(shape).numel()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) gen.nextGaussian();
        }
        return wrap(data, shape);
    }

    /** Samples that are 1 with probability {@code p} and 0 otherwise, from {@code gen}. */
    public static Tensor bernoulli(Generator gen, float p, int... shape) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("bernoulli: probability must be in [0, 1], got " + p);
        }
        float[] data = new float[Shape.of(shape).numel()];
        for (int i = 0; i < data.length; i++) {
            data[i] = gen.nextFloat() < p ? 1f : 0f;
        }
        return wrap(data, shape);
    }

    // ------------------------------------------------------------------ layout

    /** The shape. */
    public Shape shape() {
        return shape;
    }

    /** Number of dimensions. */
    public int dim() {
        return shape.rank();
    }

    /** Size of dimension {@code d} (negative counts from the end). */
    public int size(int d) {
        return shape.size(d);
    }

    /** Number of elements. */
    public int numel() {
        return shape.numel();
    }

    /** A copy of the strides, in elements. */
    public int[] strides() {
        return strides.clone();
    }

    /** The stride of dimension {@code d}, in elements. */
    public int stride(int d) {
        return strides[shape.normalizeDim(d)];
    }

    /** Offset of element {@code (0, ..., 0)} in {@link #data()}. */
    public int offset() {
        return offset;
    }

    /**
     * The storage array this tensor views (shared with every view of it), for kernels and zero-copy interop.
     * Element {@code (i0, i1, ...)} is at {@code offset() + i0 * stride(0) + i1 * stride(1) + ...}. Writing to it
     * bypasses version tracking; prefer the in-place methods.
     */
    public float[] data() {
        return storage.data;
    }

    /** Whether the elements are laid out densely in row-major order (views may still have an offset). */
    public boolean isContiguous() {
        int expected = 1;
        for (int d = shape.rank() - 1; d >= 0; d--) {
            int size = shape.size(d);
            if (size != 1 && strides[d] != expected) {
                return false;
            }
            expected *= size;
        }
        return true;
    }

    /** The number of in-place modifications of this tensor's storage so far (shared by all views). */
    public int version() {
        return storage.version();
    }

    /** Whether this tensor and {@code other} view the same storage array. */
    public boolean sharesStorageWith(Tensor other) {
        return storage == other.storage;
    }

    // ------------------------------------------------------------------ autodiff

    /** Whether gradients flow to this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks a leaf tensor as needing gradients (a parameter) or not (frozen). Returns this tensor.
     *
     * @throws IllegalStateException on a non-leaf tensor; use {@link #detach()} instead
     */
    public Tensor setRequiresGrad(boolean requiresGrad) {
        if (gradFn != null) {
            throw new IllegalStateException("setRequiresGrad: only leaf tensors can change requiresGrad; this one was"
                    + " produced by " + gradFn.name() + " (use detach())");
        }
        this.requiresGrad = requiresGrad;
        return this;
    }

    /** The accumulated gradient of a leaf, or null before any backward (or after {@link #clearGrad()}). */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (null clears it); it must have this tensor's shape. */
    public void setGrad(Tensor grad) {
        if (grad != null && !grad.shape.equals(shape)) {
            throw new IllegalArgumentException("setGrad: gradient shape " + grad.shape + " does not match tensor shape "
                    + shape);
        }
        this.grad = grad;
    }

    /** Drops the gradient (sets it to null). */
    public void clearGrad() {
        this.grad = null;
    }

    /** The operation that produced this tensor, or null for a leaf. */
    public Function gradFn() {
        return gradFn;
    }

    /** Whether this tensor was created by the user rather than by a recorded operation. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** A tensor sharing this one's storage that is cut out of the graph and does not require grad. */
    public Tensor detach() {
        return alias();
    }

    /** Backward from a scalar (one-element) tensor: fills {@code grad()} of every leaf it depends on. */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward: grad can be implicitly created only for scalar outputs; this"
                    + " tensor has shape " + shape + ", pass a gradient of that shape");
        }
        backward(full(1f, shape), false);
    }

    /** Backward with an explicit gradient of this tensor's shape. */
    public void backward(Tensor gradient) {
        backward(gradient, false);
    }

    /**
     * Backward with an explicit gradient; with {@code retainGraph} the saved tensors are kept so backward can run
     * through the same graph again.
     */
    public void backward(Tensor gradient, boolean retainGraph) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward: tensor of shape " + shape + " does not require grad and has no"
                    + " gradFn");
        }
        if (!gradient.shape.equals(shape)) {
            throw new IllegalArgumentException("backward: gradient shape " + gradient.shape
                    + " does not match tensor shape " + shape);
        }
        Engine.backward(this, gradient.detach(), retainGraph);
    }

    Function gradEdge() {
        if (gradFn != null) {
            return gradFn;
        }
        if (accumulator == null) {
            accumulator = new AccumulateGrad(this);
        }
        return accumulator;
    }

    boolean isLeafRequiringGrad() {
        return gradFn == null && requiresGrad;
    }

    void setGradFn(Function fn) {
        this.gradFn = fn;
        this.requiresGrad = true;
    }

    Tensor alias() {
        return new Tensor(storage, shape, strides, offset);
    }

    /**
     * Adds {@code g} into this leaf's gradient, allocating it on first use as a private copy in a new array: the
     * arrays of gradients made during backward are recycled once it ends.
     */
    void accumulateGrad(Tensor g) {
        if (grad == null) {
            float[] copy = new float[g.numel()];
            copyStrided(g, copy, 0, g.shape.contiguousStrides());
            grad = wrap(copy, g.shape);
        } else {
            grad.addInPlace(g);
        }
    }

    // ------------------------------------------------------------------ element access

    /** The value of a one-element tensor. */
    public float item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: tensor of shape " + shape + " has " + numel() + " elements, not 1");
        }
        return storage.data[offset];
    }

    /** The element at the given indices (one per dimension, negative counts from the end). */
    public float get(int... indices) {
        return storage.data[elementOffset("get", indices)];
    }

    /** Writes one element (in place). */
    public void set(float value, int... indices) {
        int at = elementOffset("set", indices);
        checkInPlace("set", null);
        storage.data[at] = value;
        storage.bumpVersion();
    }

    private int elementOffset(String op, int[] indices) {
        if (indices.length != dim()) {
            throw new IllegalArgumentException(op + ": " + indices.length + " indices for a tensor of shape " + shape);
        }
        int at = offset;
        for (int d = 0; d < indices.length; d++) {
            int size = shape.size(d);
            int i = indices[d] < 0 ? indices[d] + size : indices[d];
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException(op + ": index " + indices[d] + " out of range for dimension " + d
                        + " of size " + size + " (shape " + shape + ")");
            }
            at += i * strides[d];
        }
        return at;
    }

    /** The elements in row-major order, as a new array. */
    public float[] toArray() {
        if (isContiguous() && offset == 0 && storage.data.length == numel()) {
            return storage.data.clone();
        }
        float[] out = new float[numel()];
        copyStrided(this, out, 0, shape.contiguousStrides());
        return out;
    }

    // ------------------------------------------------------------------ views

    /** A view with a new shape (one size may be -1); the layout must allow it without copying. */
    public Tensor view(int... newShape) {
        return ViewOps.view(this, shape.resolveReshape(newShape), true);
    }

    /** Like {@link #view} but copies when the layout does not allow a view, like PyTorch's reshape. */
    public Tensor reshape(int... newShape) {
        return ViewOps.view(this, shape.resolveReshape(newShape), false);
    }

    /** Reorders the dimensions: dimension {@code i} of the result is dimension {@code dims[i]} of this. */
    public Tensor permute(int... dims) {
        return ViewOps.permute(this, dims);
    }

    /** Swaps two dimensions. */
    public Tensor transpose(int dim0, int dim1) {
        int[] order = new int[dim()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int a = shape.normalizeDim(dim0);
        int b = shape.normalizeDim(dim1);
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** Transpose of a matrix (rank at most 2). */
    public Tensor t() {
        if (dim() > 2) {
            throw new IllegalArgumentException("t: expects a tensor of rank <= 2, got shape " + shape);
        }
        return dim() < 2 ? this : transpose(0, 1);
    }

    /** The elements {@code start .. start+length-1} along {@code dim}. */
    public Tensor narrow(int dim, int start, int length) {
        return slice(dim, start, start + length, 1);
    }

    /**
     * Every {@code step}-th element from {@code start} to {@code end} (exclusive) along {@code dim}; negative
     * {@code start}/{@code end} count from the end and both are clamped to the dimension, as in Python slicing.
     */
    public Tensor slice(int dim, int start, int end, int step) {
        return ViewOps.slice(this, dim, start, end, step);
    }

    /** The sub-tensor at {@code index} along {@code dim}, with that dimension removed. */
    public Tensor select(int dim, int index) {
        return ViewOps.select(this, dim, index);
    }

    /** Broadcasts size-1 dimensions (and new leading ones) to the given sizes without copying; -1 keeps a size. */
    public Tensor expand(int... sizes) {
        return ViewOps.expand(this, sizes);
    }

    /** Broadcasts to {@code target}. */
    public Tensor broadcastTo(Shape target) {
        return ViewOps.expand(this, target.toArray());
    }

    /** Removes every size-1 dimension. */
    public Tensor squeeze() {
        int[] kept = Arrays.stream(shape.toArray()).filter(s -> s != 1).toArray();
        return kept.length == dim() ? this : ViewOps.view(this, Shape.of(kept), true);
    }

    /** Removes dimension {@code dim} if its size is 1. */
    public Tensor squeeze(int dim) {
        int d = shape.normalizeDim(dim);
        return shape.size(d) != 1 ? this : ViewOps.view(this, shape.remove(d), true);
    }

    /** Inserts a size-1 dimension at {@code dim} (in {@code [-rank-1, rank]}). */
    public Tensor unsqueeze(int dim) {
        return ViewOps.view(this, shape.insert(dim, 1), true);
    }

    /** All dimensions flattened into one. */
    public Tensor flatten() {
        return reshape(numel());
    }

    /** Dimensions {@code startDim .. endDim} (inclusive) flattened into one. */
    public Tensor flatten(int startDim, int endDim) {
        if (dim() == 0) {
            return reshape(1);
        }
        int s = shape.normalizeDim(startDim);
        int e = shape.normalizeDim(endDim);
        if (s > e) {
            throw new IllegalArgumentException("flatten: startDim " + startDim + " is after endDim " + endDim
                    + " for shape " + shape);
        }
        int[] dims = shape.toArray();
        int[] out = new int[dims.length - (e - s)];
        int merged = 1;
        for (int i = s; i <= e; i++) {
            merged *= dims[i];
        }
        System.arraycopy(dims, 0, out, 0, s);
        out[s] = merged;
        System.arraycopy(dims, e + 1, out, s + 1, dims.length - e - 1);
        return reshape(out);
    }

    /** Dimension {@code dim} split into {@code sizes} (one may be -1). */
    public Tensor unflatten(int dim, int... sizes) {
        int d = shape.normalizeDim(dim);
        Shape part = Shape.of(shape.size(d)).resolveReshape(sizes);
        int[] dims = shape.toArray();
        int[] out = new int[dims.length - 1 + part.rank()];
        System.arraycopy(dims, 0, out, 0, d);
        System.arraycopy(part.toArray(), 0, out, d, part.rank());
        System.arraycopy(dims, d + 1, out, d + part.rank(), dims.length - d - 1);
        return reshape(out);
    }

    /** This tensor if contiguous, otherwise a contiguous copy (differentiable). */
    public Tensor contiguous() {
        return isContiguous() ? this : ViewOps.copy(this);
    }

    /** A contiguous copy with its own storage (differentiable). */
    public Tensor clone() {
        return ViewOps.copy(this);
    }

    /** A view with explicit sizes, strides and storage offset, checked to stay inside the storage (differentiable). */
    public Tensor asStrided(Shape newShape, int[] newStrides, int newOffset) {
        return ViewOps.asStrided(this, newShape, newStrides, newOffset);
    }

    Tensor rawView(Shape newShape, int[] newStrides, int newOffset) {
        return new Tensor(storage, newShape, newStrides, newOffset);
    }

    // ------------------------------------------------------------------ elementwise

    /** {@code this + other}, broadcasting. */
    public Tensor add(Tensor other) {
        return Pointwise.binary(BinaryOp.ADD, this, other);
    }

    /** {@code this + value}. */
    public Tensor add(float value) {
        return Pointwise.unary(UnaryOp.ADD, this, value, 0);
    }

    /** {@code this - other}, broadcasting. */
    public Tensor sub(Tensor other) {
        return Pointwise.binary(BinaryOp.SUB, this, other);
    }

    /** {@code this - value}. */
    public Tensor sub(float value) {
        return Pointwise.unary(UnaryOp.ADD, this, -value, 0);
    }

    /** {@code value - this}. */
    public Tensor rsub(float value) {
        return Pointwise.unary(UnaryOp.RSUB, this, value, 0);
    }

    /** {@code this * other}, broadcasting. */
    public Tensor mul(Tensor other) {
        return Pointwise.binary(BinaryOp.MUL, this, other);
    }

    /** {@code this * value}. */
    public Tensor mul(float value) {
        return Pointwise.unary(UnaryOp.MUL, this, value, 0);
    }

    /** {@code this / other}, broadcasting. */
    public Tensor div(Tensor other) {
        return Pointwise.binary(BinaryOp.DIV, this, other);
    }

    /** {@code this / value}. */
    public Tensor div(float value) {
        return Pointwise.unary(UnaryOp.MUL, this, 1f / value, 0);
    }

    /** {@code value / this}. */
    public Tensor rdiv(float value) {
        return Pointwise.unary(UnaryOp.RDIV, this, value, 0);
    }

    /** {@code -this}. */
    public Tensor neg() {
        return Pointwise.unary(UnaryOp.NEG, this, 0, 0);
    }

    /** {@code this ^ exponent}. */
    public Tensor pow(float exponent) {
        return Pointwise.unary(UnaryOp.POW, this, exponent, 0);
    }

    /** {@code this ^ exponent}, elementwise with broadcasting. */
    public Tensor pow(Tensor exponent) {
        return Pointwise.binary(BinaryOp.POW, this, exponent);
    }

    /** {@code e ^ this}. */
    public Tensor exp() {
        return Pointwise.unary(UnaryOp.EXP, this, 0, 0);
    }

    /** Natural logarithm. */
    public Tensor log() {
        return Pointwise.unary(UnaryOp.LOG, this, 0, 0);
    }

    /** {@code log(1 + this)}, accurate for small values. */
    public Tensor log1p() {
        return Pointwise.unary(UnaryOp.LOG1P, this, 0, 0);
    }

    /** Square root. */
    public Tensor sqrt() {
        return Pointwise.unary(UnaryOp.SQRT, this, 0, 0);
    }

    /** Absolute value. */
    public Tensor abs() {
        return Pointwise.unary(UnaryOp.ABS, this, 0, 0);
    }

    /** Values limited to {@code [min, max]}; the gradient passes where {@code min <= x <= max}. */
    public Tensor clamp(float min, float max) {
        if (min > max) {
            throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        }
        return Pointwise.unary(UnaryOp.CLAMP, this, min, max);
    }

    /** Values limited below by {@code min}. */
    public Tensor clampMin(float min) {
        return Pointwise.unary(UnaryOp.CLAMP, this, min, Float.POSITIVE_INFINITY);
    }

    /** Values limited above by {@code max}. */
    public Tensor clampMax(float max) {
        return Pointwise.unary(UnaryOp.CLAMP, this, Float.NEGATIVE_INFINITY, max);
    }

    /** Elementwise minimum with broadcasting (NaN propagates; ties split the gradient). */
    public Tensor minimum(Tensor other) {
        return Pointwise.binary(BinaryOp.MINIMUM, this, other);
    }

    /** Elementwise maximum with broadcasting (NaN propagates; ties split the gradient). */
    public Tensor maximum(Tensor other) {
        return Pointwise.binary(BinaryOp.MAXIMUM, this, other);
    }

    /** {@code max(this, 0)}. */
    public Tensor relu() {
        return Pointwise.unary(UnaryOp.RELU, this, 0, 0);
    }

    /** {@code this > 0 ? this : slope * this}. */
    public Tensor leakyRelu(float slope) {
        return Pointwise.unary(UnaryOp.LEAKY_RELU, this, slope, 0);
    }

    /** The logistic sigmoid {@code 1 / (1 + e^-x)}. */
    public Tensor sigmoid() {
        return Pointwise.unary(UnaryOp.SIGMOID, this, 0, 0);
    }

    /** Hyperbolic tangent. */
    public Tensor tanh() {
        return Pointwise.unary(UnaryOp.TANH, this, 0, 0);
    }

    /** {@code log(1 + e^x)} (beta 1, linear above 20, as PyTorch). */
    public Tensor softplus() {
        return softplus(1f, 20f);
    }

    /** {@code log(1 + e^(beta x)) / beta}, linear where {@code beta x > threshold}, as PyTorch. */
    public Tensor softplus(float beta, float threshold) {
        return Pointwise.unary(UnaryOp.SOFTPLUS, this, beta, threshold);
    }

    /** 1 where {@code this > other}, else 0 (broadcasting; not differentiable). */
    public Tensor gt(Tensor other) {
        return Pointwise.binary(BinaryOp.GT, this, other);
    }

    /** 1 where {@code this >= other}, else 0. */
    public Tensor ge(Tensor other) {
        return Pointwise.binary(BinaryOp.GE, this, other);
    }

    /** 1 where {@code this < other}, else 0. */
    public Tensor lt(Tensor other) {
        return Pointwise.binary(BinaryOp.LT, this, other);
    }

    /** 1 where {@code this <= other}, else 0. */
    public Tensor le(Tensor other) {
        return Pointwise.binary(BinaryOp.LE, this, other);
    }

    /** 1 where {@code this == other}, else 0. */
    public Tensor eq(Tensor other) {
        return Pointwise.binary(BinaryOp.EQ, this, other);
    }

    /** 1 where {@code this != other}, else 0. */
    public Tensor ne(Tensor other) {
        return Pointwise.binary(BinaryOp.NE, this, other);
    }

    /** 1 where {@code this > value}, else 0. */
    public Tensor gt(float value) {
        return gt(scalar(value));
    }

    /** 1 where {@code this >= value}, else 0. */
    public Tensor ge(float value) {
        return ge(scalar(value));
    }

    /** 1 where {@code this < value}, else 0. */
    public Tensor lt(float value) {
        return lt(scalar(value));
    }

    /** 1 where {@code this <= value}, else 0. */
    public Tensor le(float value) {
        return le(scalar(value));
    }

    /** 1 where {@code this == value}, else 0. */
    public Tensor eq(float value) {
        return eq(scalar(value));
    }

    /** 1 where {@code this != value}, else 0. */
    public Tensor ne(float value) {
        return ne(scalar(value));
    }

    /**
     * {@code condition != 0 ? a : b} elementwise with broadcasting of all three; differentiable in {@code a} and
     * {@code b}.
     */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return Pointwise.where(condition, a, b);
    }

    // ------------------------------------------------------------------ in place

    /** {@code this += other} (broadcasting {@code other} to this shape). */
    public Tensor addInPlace(Tensor other) {
        return inPlaceBinary("addInPlace", BinaryOp.ADD, other);
    }

    /** {@code this += alpha * other}. */
    public Tensor addInPlace(Tensor other, float alpha) {
        return alpha == 1f ? addInPlace(other) : inPlaceBinary("addInPlace", BinaryOp.ADD, scaled(other, alpha));
    }

    /** {@code this += value}. */
    public Tensor addInPlace(float value) {
        return inPlaceUnary("addInPlace", UnaryOp.ADD, value, 0);
    }

    /** {@code this -= other}. */
    public Tensor subInPlace(Tensor other) {
        return inPlaceBinary("subInPlace", BinaryOp.SUB, other);
    }

    /** {@code this *= other}. */
    public Tensor mulInPlace(Tensor other) {
        return inPlaceBinary("mulInPlace", BinaryOp.MUL, other);
    }

    /** {@code this *= value}. */
    public Tensor mulInPlace(float value) {
        return inPlaceUnary("mulInPlace", UnaryOp.MUL, value, 0);
    }

    /** {@code this /= other}. */
    public Tensor divInPlace(Tensor other) {
        return inPlaceBinary("divInPlace", BinaryOp.DIV, other);
    }

    /** {@code this /= value}. */
    public Tensor divInPlace(float value) {
        return inPlaceUnary("divInPlace", UnaryOp.MUL, 1f / value, 0);
    }

    /** {@code this += value * t1 * t2}. */
    public Tensor addcmulInPlace(Tensor t1, Tensor t2, float value) {
        return inPlaceBinary("addcmulInPlace", BinaryOp.ADD, scaled(detached(t1).mul(detached(t2)), value));
    }

    /** {@code this += value * t1 / t2}. */
    public Tensor addcdivInPlace(Tensor t1, Tensor t2, float value) {
        return inPlaceBinary("addcdivInPlace", BinaryOp.ADD, scaled(detached(t1).div(detached(t2)), value));
    }

    /** Square root in place. */
    public Tensor sqrtInPlace() {
        return inPlaceUnary("sqrtInPlace", UnaryOp.SQRT, 0, 0);
    }

    /** Clamps in place to {@code [min, max]}. */
    public Tensor clampInPlace(float min, float max) {
        if (min > max) {
            throw new IllegalArgumentException("clampInPlace: min " + min + " is greater than max " + max);
        }
        return inPlaceUnary("clampInPlace", UnaryOp.CLAMP, min, max);
    }

    /** Sets every element to {@code value}. */
    public Tensor fill(float value) {
        checkInPlace("fill", null);
        if (isContiguous()) {
            Arrays.fill(storage.data, offset, offset + numel(), value);
        } else {
            StridedIterator it = new StridedIterator(shape.toArray(), new int[][] {strides}, new int[] {offset});
            while (it.next()) {
                int o = it.offset(0);
                int s = it.innerStride(0);
                for (int i = 0; i < it.innerSize(); i++) {
                    storage.data[o + i * s] = value;
                }
            }
        }
        storage.bumpVersion();
        return this;
    }

    /** Sets every element to zero. */
    public Tensor zero() {
        return fill(0f);
    }

    /** Copies {@code source} (broadcast to this shape) into this tensor. */
    public Tensor copyFrom(Tensor source) {
        checkInPlace("copyFrom", source);
        Tensor src = ViewOps.expandRaw(source, shape, "copyFrom");
        if (src.sharesStorageWith(this)) {
            src = src.detach().clone();
        }
        copyStrided(src, storage.data, offset, strides);
        storage.bumpVersion();
        return this;
    }

    /** Fills with uniform samples in {@code [low, high)} (used by weight initialisers). */
    public Tensor uniformInPlace(Generator gen, float low, float high) {
        checkInPlace("uniformInPlace", null);
        float[] values = new float[numel()];
        for (int i = 0; i < values.length; i++) {
            values[i] = low + (high - low) * gen.nextFloat();
        }
        copyStrided(wrap(values, shape), storage.data, offset, strides);
        storage.bumpVersion();
        return this;
    }

    /** Fills with normal samples of the given mean and standard deviation. */
    public Tensor normalInPlace(Generator gen, float mean, float std) {
        checkInPlace("normalInPlace", null);
        float[] values = new float[numel()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (mean + std * gen.nextGaussian());
        }
        copyStrided(wrap(values, shape), storage.data, offset, strides);
        storage.bumpVersion();
        return this;
    }

    private static Tensor detached(Tensor t) {
        return t.requiresGrad() ? t.detach() : t;
    }

    private static Tensor scaled(Tensor t, float alpha) {
        try (var scope = GradMode.noGrad()) {
            return t.mul(alpha);
        }
    }

    private Tensor inPlaceBinary(String op, BinaryOp fn, Tensor other) {
        checkInPlace(op, other);
        Tensor b = ViewOps.expandRaw(other, shape, op);
        if (b.sharesStorageWith(this)) {
            b = b.detach().clone(); // the operand may overlap the destination
        }
        StridedIterator it = new StridedIterator(shape.toArray(), new int[][] {strides, b.strides, strides},
                new int[] {offset, b.offset, offset});
        float[] d = storage.data;
        while (it.next()) {
            dev.latent.kernels.BinaryKernels.run(fn, d, it.offset(0), it.innerStride(0), b.storage.data, it.offset(1),
                    it.innerStride(1), d, it.offset(2), it.innerStride(2), it.innerSize());
        }
        storage.bumpVersion();
        return this;
    }

    private Tensor inPlaceUnary(String op, UnaryOp fn, float p, float q) {
        checkInPlace(op, null);
        float[] d = storage.data;
        if (isContiguous()) {
            dev.latent.kernels.UnaryKernels.forward(fn, p, q, d, offset, d, offset, numel());
        } else {
            StridedIterator it = new StridedIterator(shape.toArray(), new int[][] {strides}, new int[] {offset});
            while (it.next()) {
                int o = it.offset(0);
                int s = it.innerStride(0);
                for (int i = 0; i < it.innerSize(); i++) {
                    d[o + i * s] = fn.apply(d[o + i * s], p, q);
                }
            }
        }
        storage.bumpVersion();
        return this;
    }

    private void checkInPlace(String op, Tensor other) {
        if (GradMode.isEnabled() && (requiresGrad || (other != null && other.requiresGrad))) {
            throw new IllegalStateException(op + ": in-place operations are not recorded by autodiff, and "
                    + (requiresGrad ? "this tensor (shape " + shape + ")" : "the operand (shape " + other.shape + ")")
                    + " requires grad. Run it inside GradMode.noGrad() (as optimizer updates do) or use the"
                    + " out-of-place operation.");
        }
    }

    /** Copies {@code src} in row-major order into {@code dst} laid out with {@code dstStrides} at {@code dstOff}. */
    static void copyStrided(Tensor src, float[] dst, int dstOff, int[] dstStrides) {
        StridedIterator it = new StridedIterator(src.shape.toArray(), new int[][] {src.strides, dstStrides},
                new int[] {src.offset, dstOff});
        float[] s = src.storage.data;
        while (it.next()) {
            int so = it.offset(0);
            int ss = it.innerStride(0);
            int o = it.offset(1);
            int os = it.innerStride(1);
            int n = it.innerSize();
            if (ss == 1 && os == 1) {
                System.arraycopy(s, so, dst, o, n);
            } else {
                for (int i = 0; i < n; i++) {
                    dst[o + i * os] = s[so + i * ss];
                }
            }
        }
    }

    // ------------------------------------------------------------------ reductions

    /** Sum of all elements (a scalar). */
    public Tensor sum() {
        return Reductions.sum(this, null, false);
    }

    /** Sum over {@code dim}, removing it. */
    public Tensor sum(int dim) {
        return Reductions.sum(this, new int[] {dim}, false);
    }

    /** Sum over the given dimensions (null or empty: all); {@code keepdim} keeps them with size 1. */
    public Tensor sum(int[] dims, boolean keepdim) {
        return Reductions.sum(this, dims, keepdim);
    }

    /** Mean of all elements. */
    public Tensor mean() {
        return Reductions.mean(this, null, false);
    }

    /** Mean over {@code dim}, removing it. */
    public Tensor mean(int dim) {
        return Reductions.mean(this, new int[] {dim}, false);
    }

    /** Mean over the given dimensions. */
    public Tensor mean(int[] dims, boolean keepdim) {
        return Reductions.mean(this, dims, keepdim);
    }

    /** Unbiased variance of all elements (divides by n - 1, as PyTorch's default). */
    public Tensor var() {
        return Reductions.var(this, null, 1, false);
    }

    /** Variance over the given dimensions, dividing by {@code n - correction}. */
    public Tensor var(int[] dims, int correction, boolean keepdim) {
        return Reductions.var(this, dims, correction, keepdim);
    }

    /** Largest element (a scalar); the gradient is shared evenly among ties. */
    public Tensor max() {
        return Reductions.amax(this, null, false, false);
    }

    /** Smallest element (a scalar). */
    public Tensor min() {
        return Reductions.amax(this, null, false, true);
    }

    /** Max over the given dimensions (gradient shared among ties), like {@code torch.amax}. */
    public Tensor amax(int[] dims, boolean keepdim) {
        return Reductions.amax(this, dims, keepdim, false);
    }

    /** Min over the given dimensions, like {@code torch.amin}. */
    public Tensor amin(int[] dims, boolean keepdim) {
        return Reductions.amax(this, dims, keepdim, true);
    }

    /** Max along {@code dim}: values (differentiable, gradient to the first max) and their indices. */
    public Reductions.ValuesIndices max(int dim, boolean keepdim) {
        return Reductions.extreme(this, dim, keepdim, false);
    }

    /** Min along {@code dim}: values and their indices. */
    public Reductions.ValuesIndices min(int dim, boolean keepdim) {
        return Reductions.extreme(this, dim, keepdim, true);
    }

    /** Index of the largest element of the flattened tensor (a scalar holding the index as a float). */
    public Tensor argmax() {
        return Reductions.extreme(reshape(-1), 0, false, false).indices();
    }

    /** Indices of the largest elements along {@code dim}, as floats. */
    public Tensor argmax(int dim, boolean keepdim) {
        return Reductions.extreme(this, dim, keepdim, false).indices();
    }

    /** Indices of the smallest elements along {@code dim}, as floats. */
    public Tensor argmin(int dim, boolean keepdim) {
        return Reductions.extreme(this, dim, keepdim, true).indices();
    }

    /** {@code log(sum(exp(x)))} over the given dimensions, computed stably. */
    public Tensor logsumexp(int[] dims, boolean keepdim) {
        return Reductions.logsumexp(this, dims, keepdim);
    }

    /** Softmax along {@code dim}, computed stably. */
    public Tensor softmax(int dim) {
        return Reductions.softmax(this, dim, false);
    }

    /** Log of the softmax along {@code dim}, computed stably. */
    public Tensor logSoftmax(int dim) {
        return Reductions.softmax(this, dim, true);
    }

    // ------------------------------------------------------------------ linear algebra and joining

    /**
     * Matrix product with {@code torch.matmul} semantics: dot product for two vectors, matrix-vector,
     * matrix-matrix, and batched with broadcasting of the leading dimensions.
     */
    public Tensor matmul(Tensor other) {
        return LinearAlgebra.matmul(this, other);
    }

    /** Concatenation along {@code dim}; all other sizes must agree. */
    public static Tensor cat(int dim, Tensor... tensors) {
        return Joining.cat(dim, tensors);
    }

    /** Concatenation along {@code dim}. */
    public static Tensor cat(int dim, List<Tensor> tensors) {
        return Joining.cat(dim, tensors.toArray(new Tensor[0]));
    }

    /** Stacks same-shape tensors along a new dimension {@code dim}. */
    public static Tensor stack(int dim, Tensor... tensors) {
        return Joining.stack(dim, tensors);
    }

    /** Views of consecutive pieces of {@code splitSize} along {@code dim} (the last may be smaller). */
    public List<Tensor> split(int splitSize, int dim) {
        return Joining.split(this, splitSize, dim);
    }

    /** {@code chunks} views of nearly equal size along {@code dim}, as {@code torch.chunk}. */
    public List<Tensor> chunk(int chunks, int dim) {
        return Joining.chunk(this, chunks, dim);
    }

    // ------------------------------------------------------------------ comparison and printing

    /**
     * Whether the shapes are equal and every pair satisfies {@code |a - b| <= atol + rtol * |b|} (NaNs never
     * match).
     */
    public boolean allClose(Tensor other, float rtol, float atol) {
        return TensorFormat.firstMismatch(this, other, rtol, atol) == null;
    }

    /** {@link #allClose(Tensor, float, float)} with {@code rtol = 1e-5, atol = 1e-8}, as PyTorch. */
    public boolean allClose(Tensor other) {
        return allClose(other, 1e-5f, 1e-8f);
    }

    /**
     * Null when {@link #allClose} holds, otherwise a description of the first mismatch (index and both values, or
     * both shapes), for test failure messages.
     */
    public String mismatch(Tensor other, float rtol, float atol) {
        return TensorFormat.firstMismatch(this, other, rtol, atol);
    }

    /** Shape and a truncated preview of the values, as {@code tensor([[1, 2], [3, 4]], shape=[2, 2])}. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
