package dev.latent.ops;

import dev.latent.kernels.BinaryKernels;
import dev.latent.kernels.BinaryOp;
import dev.latent.kernels.StridedIterator;
import dev.latent.kernels.UnaryKernels;
import dev.latent.kernels.UnaryOp;
import dev.latent.kernels.Workspace;
import dev.latent.tensor.Function;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;

/** Elementwise operations with NumPy broadcasting, each a forward kernel call paired with its gradient rule. */
public final class Pointwise {
    private Pointwise() {
    }

    /** {@code op(a, b)} elementwise, broadcasting both operands to a common shape. */
    public static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        Shape out = broadcastShape(op.name().toLowerCase(java.util.Locale.ROOT), a.shape(), b.shape());
        if (op.isComparison()) {
            return compute(op, a, b, out); // not differentiable: never recorded
        }
        return new Binary(op, out).apply(a, b);
    }

    /** {@code op(x; p, q)} elementwise. */
    public static Tensor unary(UnaryOp op, Tensor x, float p, float q) {
        return new Unary(op, p, q).apply(x);
    }

    /** {@code condition != 0 ? a : b}, broadcasting all three. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        Shape out = broadcastShape("where", broadcastShape("where", condition.shape(), a.shape()), b.shape());
        return new Where(out).apply(condition, a, b);
    }

    static Shape broadcastShape(String op, Shape a, Shape b) {
        try {
            return Shape.broadcast(a, b);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
        }
    }

    /** Strides of {@code t} broadcast to {@code out} (0 along broadcast dimensions). */
    static int[] broadcastStrides(Tensor t, Shape out) {
        int lead = out.rank() - t.dim();
        int[] strides = new int[out.rank()];
        for (int i = lead; i < out.rank(); i++) {
            strides[i] = t.size(i - lead) == 1 ? 0 : t.stride(i - lead);
        }
        return strides;
    }

    static Tensor compute(BinaryOp op, Tensor a, Tensor b, Shape outShape) {
        float[] out = Workspace.resultToOverwrite(outShape.numel());
        if (a.isContiguous() && b.isContiguous() && a.shape().equals(outShape) && b.shape().equals(outShape)) {
            BinaryKernels.contiguous(op, a.data(), a.offset(), b.data(), b.offset(), out, 0, out.length);
        } else {
            StridedIterator it = new StridedIterator(outShape.toArray(), new int[][] {broadcastStrides(a, outShape),
                    broadcastStrides(b, outShape), outShape.contiguousStrides()}, new int[] {a.offset(), b.offset(), 0});
            while (it.next()) {
                BinaryKernels.run(op, a.data(), it.offset(0), it.innerStride(0), b.data(), it.offset(1),
                        it.innerStride(1), out, it.offset(2), it.innerStride(2), it.innerSize());
            }
        }
        return Tensor.wrap(out, outShape);
    }

    /** Sums a broadcast gradient back to {@code shape}; see {@link #reduceTo}. */
    static Tensor reduceTo(Tensor g, Shape shape) {
        if (g.shape().equals(shape)) {
            return g;
        }
        int lead = g.dim() - shape.rank();
        int[] dims = new int[g.dim()];
        int count = 0;
        for (int i = 0; i < g.dim(); i++) {
            if (i < lead || (shape.size(i - lead) == 1 && g.size(i) != 1)) {
                dims[count++] = i;
            }
        }
        Tensor s = count == 0 ? g : g.sum(java.util.Arrays.copyOf(dims, count), true);
        return s.reshape(shape.toArray());
    }

    private static final class Binary extends Function {
        private final BinaryOp op;
        private final Shape outShape;
        private Shape aShape;
        private Shape bShape;

        Binary(BinaryOp op, Shape outShape) {
            this.op = op;
            this.outShape = outShape;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor a = in[0];
            Tensor b = in[1];
            aShape = a.shape();
            bShape = b.shape();
            Tensor out = compute(op, a, b, outShape);
            switch (op) {
                case MUL -> saveForBackward(needsInputGrad(1) ? a : null, needsInputGrad(0) ? b : null);
                case DIV -> saveForBackward(b, needsInputGrad(1) ? out : null);
                case POW, MINIMUM, MAXIMUM -> saveForBackward(a, b, out);
                default -> {
                }
            }
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor[] s = savedTensors();
            return switch (op) {
                case ADD -> new Tensor[] {reduceTo(g, aShape), reduceTo(g, bShape)};
                case SUB -> new Tensor[] {reduceTo(g, aShape), needsInputGrad(1) ? reduceTo(g.neg(), bShape) : null};
                case MUL -> new Tensor[] {
                        needsInputGrad(0) ? reduceTo(g.mul(s[1]), aShape) : null,
                        needsInputGrad(1) ? reduceTo(g.mul(s[0]), bShape) : null};
                case DIV -> {
                    Tensor gOverB = g.div(s[0]);
                    yield new Tensor[] {
                            needsInputGrad(0) ? reduceTo(gOverB, aShape) : null,
                            needsInputGrad(1) ? reduceTo(gOverB.mul(s[1]).neg(), bShape) : null};
                }
                case POW -> {
                    Tensor a = s[0];
                    Tensor b = s[1];
                    Tensor ga = needsInputGrad(0) ? reduceTo(g.mul(b).mul(a.pow(b.sub(1f))), aShape) : null;
                    Tensor gb = null;
                    if (needsInputGrad(1)) {
                        // d/db a^b = a^b log a, taken as 0 where a == 0 and b >= 0 (as PyTorch).
                        Tensor raw = g.mul(s[2]).mul(a.log());
                        Tensor zeroBase = a.eq(0f).mul(b.ge(0f));
                        gb = reduceTo(Tensor.where(zeroBase, Tensor.scalar(0f), raw), bShape);
                    }
                    yield new Tensor[] {ga, gb};
                }
                case MINIMUM, MAXIMUM -> {
                    Tensor a = s[0];
                    Tensor b = s[1];
                    Tensor wins = op == BinaryOp.MAXIMUM ? a.gt(b) : a.lt(b);
                    Tensor weightA = wins.add(a.eq(b).mul(0.5f));
                    yield new Tensor[] {
                            needsInputGrad(0) ? reduceTo(g.mul(weightA), aShape) : null,
                            needsInputGrad(1) ? reduceTo(g.mul(weightA.rsub(1f)), bShape) : null};
                }
                default -> throw new IllegalStateException(op + " has no gradient");
            };
        }

        @Override
        public String name() {
            return op.name().charAt(0) + op.name().substring(1).toLowerCase(java.util.Locale.ROOT) + "Backward";
        }
    }

    private static final class Unary extends Function {
        private final UnaryOp op;
        private final float p;
        private final float q;

        Unary(UnaryOp op, float p, float q) {
            this.op = op;
            this.p = p;
            this.q = q;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor x = in[0].contiguous();
            float[] y = Workspace.resultToOverwrite(x.numel());
            UnaryKernels.forward(op, p, q, x.data(), x.offset(), y, 0, y.length);
            Tensor out = Tensor.wrap(y, x.shape());
            if (needsInputGrad(0)) {
                saveForBackward(op.backwardNeedsInput() ? x : null, op.backwardNeedsOutput() ? out : null);
            }
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor[] s = savedTensors();
            Tensor x = s[0];
            Tensor y = s[1];
            Tensor gc = g.contiguous();
            float[] dx = Workspace.resultToOverwrite(gc.numel());
            UnaryKernels.backward(op, p, q, x == null ? null : x.data(), x == null ? 0 : x.offset(),
                    y == null ? null : y.data(), y == null ? 0 : y.offset(), gc.data(), gc.offset(), dx, 0, dx.length);
            return new Tensor[] {Tensor.wrap(dx, g.shape())};
        }

        @Override
        public String name() {
            String n = op.name().toLowerCase(java.util.Locale.ROOT).replace("_", "");
            return Character.toUpperCase(n.charAt(0)) + n.substring(1) + "Backward";
        }
    }

    private static final class Where extends Function {
        private final Shape outShape;
        private Shape aShape;
        private Shape bShape;

        Where(Shape outShape) {
            this.outShape = outShape;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor c = in[0];
            Tensor a = in[1];
            Tensor b = in[2];
            aShape = a.shape();
            bShape = b.shape();
            float[] out = Workspace.resultToOverwrite(outShape.numel());
            StridedIterator it = new StridedIterator(outShape.toArray(), new int[][] {broadcastStrides(c, outShape),
                    broadcastStrides(a, outShape), broadcastStrides(b, outShape), outShape.contiguousStrides()},
                    new int[] {c.offset(), a.offset(), b.offset(), 0});
            float[] cd = c.data();
            float[] ad = a.data();
            float[] bd = b.data();
            while (it.next()) {
                int co = it.offset(0);
                int cs = it.innerStride(0);
                int ao = it.offset(1);
                int as = it.innerStride(1);
                int bo = it.offset(2);
                int bs = it.innerStride(2);
                int oo = it.offset(3);
                for (int i = 0; i < it.innerSize(); i++) {
                    out[oo + i] = cd[co + i * cs] != 0f ? ad[ao + i * as] : bd[bo + i * bs];
                }
            }
            saveForBackward(c);
            return Tensor.wrap(out, outShape);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor c = savedTensors()[0];
            Tensor zero = Tensor.scalar(0f);
            return new Tensor[] {null,
                    needsInputGrad(1) ? reduceTo(Tensor.where(c, g, zero), aShape) : null,
                    needsInputGrad(2) ? reduceTo(Tensor.where(c, zero, g), bShape) : null};
        }

        @Override
        public String name() {
            return "WhereBackward";
        }
    }
}
