package dev.latent.ops;

import dev.latent.kernels.Gemm;
import dev.latent.kernels.Workspace;
import dev.latent.tensor.Function;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;

import java.util.Arrays;

/**
 * Matrix products with {@code torch.matmul} semantics. Everything reduces to one batched product whose batches go
 * through {@link Gemm#sgemm}; row- or column-major operands (transposed views included) are passed without a copy.
 */
public final class LinearAlgebra {
    private LinearAlgebra() {
    }

    /** Matrix product with broadcasting; see {@link Tensor#matmul}. */
    public static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: both arguments need at least one dimension, got shapes "
                    + a.shape() + " and " + b.shape());
        }
        if (a.dim() == 1 && b.dim() == 1) {
            checkInner(a.shape(), b.shape(), a.size(0), b.size(0));
            return bmm(a.reshape(1, 1, -1), b.reshape(1, -1, 1)).reshape();
        }
        if (a.dim() == 1) {
            checkInner(a.shape(), b.shape(), a.size(0), b.size(-2));
            return matmul(a.unsqueeze(0), b).squeeze(-2);
        }
        if (b.dim() == 1) {
            checkInner(a.shape(), b.shape(), a.size(-1), b.size(0));
            return matmul(a, b.unsqueeze(1)).squeeze(-1);
        }
        int m = a.size(-2);
        int k = a.size(-1);
        int n = b.size(-1);
        checkInner(a.shape(), b.shape(), k, b.size(-2));
        if (a.dim() == 2 && b.dim() == 2) {
            return bmm(a.unsqueeze(0), b.unsqueeze(0)).squeeze(0);
        }
        int[] aBatch = Arrays.copyOf(a.shape().toArray(), a.dim() - 2);
        int[] bBatch = Arrays.copyOf(b.shape().toArray(), b.dim() - 2);
        Shape batch;
        try {
            batch = Shape.broadcast(Shape.of(aBatch), Shape.of(bBatch));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: batch dimensions of " + a.shape() + " and " + b.shape()
                    + " cannot be broadcast", e);
        }
        int[] bd = batch.toArray();
        Tensor a3 = a.expand(concat(bd, m, k)).reshape(-1, m, k);
        Tensor b3 = b.expand(concat(bd, k, n)).reshape(-1, k, n);
        return bmm(a3, b3).reshape(concat(bd, m, n));
    }

    private static void checkInner(Shape as, Shape bs, int ka, int kb) {
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: shapes " + as + " and " + bs + " cannot be multiplied ("
                    + ka + " != " + kb + ")");
        }
    }

    private static int[] concat(int[] lead, int x, int y) {
        int[] out = Arrays.copyOf(lead, lead.length + 2);
        out[lead.length] = x;
        out[lead.length + 1] = y;
        return out;
    }

    /** Batched product of {@code [B, M, K]} and {@code [B, K, N]} tensors (any strides). */
    public static Tensor bmm(Tensor a, Tensor b) {
        if (a.dim() != 3 || b.dim() != 3 || a.size(0) != b.size(0) || a.size(2) != b.size(1)) {
            throw new IllegalArgumentException("bmm: expects [B, M, K] and [B, K, N], got " + a.shape() + " and "
                    + b.shape());
        }
        return new Function() {
            @Override
            protected Tensor forward(Tensor... in) {
                Tensor x = in[0];
                Tensor y = in[1];
                saveForBackward(needsInputGrad(1) ? x : null, needsInputGrad(0) ? y : null);
                return multiply(x, y);
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                Tensor[] s = savedTensors();
                return new Tensor[] {
                        needsInputGrad(0) ? multiply(g, s[1].transpose(1, 2)) : null,
                        needsInputGrad(1) ? multiply(s[0].transpose(1, 2), g) : null};
            }

            @Override
            public String name() {
                return "BmmBackward";
            }
        }.apply(a, b);
    }

    /** The raw batched product into a new contiguous tensor. */
    static Tensor multiply(Tensor a, Tensor b) {
        int batches = a.size(0);
        int m = a.size(1);
        int k = a.size(2);
        int n = b.size(2);
        Operand pa = Operand.of(a);
        Operand pb = Operand.of(b);
        float[] c = Workspace.result(batches * m * n);
        for (int i = 0; i < batches; i++) {
            Gemm.sgemm(pa.trans, pb.trans, m, n, k, 1f, pa.data, pa.offset + i * pa.batchStride, pa.ld,
                    pb.data, pb.offset + i * pb.batchStride, pb.ld, 0f, c, i * m * n, n);
        }
        return Tensor.wrap(c, Shape.of(batches, m, n));
    }

    /** A {@code [B, R, C]} tensor as a GEMM operand: row-major, column-major (transposed) or a dense copy. */
    private record Operand(float[] data, int offset, int batchStride, int ld, boolean trans) {
        static Operand of(Tensor t) {
            int rows = t.size(1);
            int cols = t.size(2);
            int rs = t.stride(1);
            int cs = t.stride(2);
            if ((cs == 1 || cols == 1) && (rs >= cols || rows == 1)) {
                return new Operand(t.data(), t.offset(), t.stride(0), Math.max(rows == 1 ? cols : rs, Math.max(cols, 1)),
                        false);
            }
            if ((rs == 1 || rows == 1) && (cs >= rows || cols == 1)) {
                return new Operand(t.data(), t.offset(), t.stride(0), Math.max(cols == 1 ? rows : cs, Math.max(rows, 1)),
                        true);
            }
            Tensor c = t.contiguous();
            return new Operand(c.data(), c.offset(), rows * cols, Math.max(cols, 1), false);
        }
    }
}
