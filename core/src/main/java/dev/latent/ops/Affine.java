package dev.latent.ops;

import dev.latent.kernels.Gemm;
import dev.latent.kernels.Parallel;
import dev.latent.kernels.Transposes;
import dev.latent.kernels.Workspace;
import dev.latent.tensor.Function;
import dev.latent.tensor.Tensor;

import java.util.Arrays;

/**
 * The fully connected layer's {@code y = x W^T + b} as one op ({@code torch.nn.functional.linear}): the bias is
 * written into the output before a single GEMM accumulates onto it, and the backward computes the input and weight
 * gradients with one GEMM each and the bias gradient as column sums, without the broadcast add and the reduction a
 * separate {@code add} would cost.
 */
public final class Affine {
    private Affine() {
    }

    /**
     * {@code input W^T + bias}.
     *
     * @param input  {@code [..., in]}
     * @param weight {@code [out, in]}
     * @param bias   {@code [out]}, or null
     * @return {@code [..., out]}
     */
    public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        if (weight.dim() != 2 || input.dim() == 0 || input.size(-1) != weight.size(1)) {
            throw new IllegalArgumentException("linear: input " + input.shape() + " and weight " + weight.shape()
                    + " do not fit (expects input [..., in] and weight [out, in])");
        }
        int out = weight.size(0);
        if (bias != null && (bias.dim() != 1 || bias.size(0) != out)) {
            throw new IllegalArgumentException("linear: bias must have shape [" + out + "], got " + bias.shape());
        }
        int in = weight.size(1);
        int[] outShape = input.shape().toArray();
        outShape[outShape.length - 1] = out;
        int m = rowsOf(input);
        return new Function() {
            @Override
            protected Tensor forward(Tensor... t) {
                Tensor x = t[0].contiguous();
                Tensor w = t[1].contiguous();
                float[] y = Workspace.resultToOverwrite(m * out); // the bias rows or the GEMM write all of it
                float beta = 0f;
                if (t[2] != null) {
                    float[] b = t[2].toArray();
                    Parallel.forChunks(m, Math.max(1, ROW_FLOATS / Math.max(out, 1)), (r0, r1) -> {
                        for (int r = r0; r < r1; r++) {
                            System.arraycopy(b, 0, y, r * out, out);
                        }
                    });
                    beta = 1f;
                }
                if (m > 0 && out > 0 && in > 0) {
                    // W^T once, so the GEMM packs a row-major B instead of gathering W's columns per row tile.
                    float[] wt = Workspace.take(in * out);
                    try {
                        Transposes.transpose(w.data(), w.offset(), out, in, wt, 0);
                        Gemm.sgemm(false, false, m, out, in, 1f, x.data(), x.offset(), in, wt, 0, out, beta, y, 0,
                                out);
                    } finally {
                        Workspace.give(wt);
                    }
                } else if (m > 0 && out > 0) {
                    Gemm.sgemm(false, true, m, out, in, 1f, x.data(), x.offset(), Math.max(in, 1), w.data(),
                            w.offset(), Math.max(in, 1), beta, y, 0, Math.max(out, 1));
                }
                saveForBackward(needsInputGrad(1) ? x : null, needsInputGrad(0) ? w : null);
                return Tensor.wrap(y, outShape);
            }

            @Override
            protected Tensor[] backward(Tensor grad) {
                Tensor[] s = savedTensors();
                Tensor g = grad.contiguous();
                Tensor dx = null;
                Tensor dw = null;
                Tensor db = null;
                if (needsInputGrad(0)) {
                    float[] d = Workspace.resultToOverwrite(m * in); // the GEMM (beta 0) writes all of it
                    if (m > 0 && in > 0) {
                        Gemm.sgemm(false, false, m, in, out, 1f, g.data(), g.offset(), Math.max(out, 1), s[1].data(),
                                s[1].offset(), Math.max(in, 1), 0f, d, 0, Math.max(in, 1));
                    }
                    dx = Tensor.wrap(d, input.shape());
                }
                if (needsInputGrad(1)) {
                    float[] d = m > 0 ? Workspace.resultToOverwrite(out * in) : Workspace.result(out * in);
                    if (out > 0 && in > 0 && m > 0) {
                        // g^T once, rather than the GEMM transposing blocks of g for every column tile.
                        float[] gt = Workspace.take(m * out);
                        try {
                            Transposes.transpose(g.data(), g.offset(), m, out, gt, 0);
                            Gemm.sgemm(false, false, out, in, m, 1f, gt, 0, m, s[0].data(), s[0].offset(), in, 0f,
                                    d, 0, in);
                        } finally {
                            Workspace.give(gt);
                        }
                    }
                    dw = Tensor.wrap(d, out, in);
                }
                if (needsInputGrad(2)) {
                    float[] d = Workspace.resultToOverwrite(out);
                    columnSums(g.data(), g.offset(), m, out, d);
                    db = Tensor.wrap(d, out);
                }
                return new Tensor[] {dx, dw, db};
            }

            @Override
            public String name() {
                return "LinearBackward";
            }
        }.apply(input, weight, bias);
    }

    /** Floats per parallel task of the bias copies and sums (on one thread they were 1.7% of an MLP GAN step). */
    private static final int ROW_FLOATS = 1 << 15;
    /** Columns per task of the bias gradient's sums. */
    private static final int SUM_COLUMNS = 64;

    /**
     * {@code d[j] = sum_r g[go + r * cols + j]}, each column summed in double over the rows in order (so any split of
     * the columns gives the same bits), in tasks of {@link #SUM_COLUMNS} columns when the matrix is large.
     */
    private static void columnSums(float[] g, int go, int rows, int cols, float[] d) {
        int chunk = (long) rows * cols < ROW_FLOATS ? Math.max(cols, 1) : SUM_COLUMNS;
        Parallel.forChunks(cols, chunk, (j0, j1) -> {
            double[] sums = new double[j1 - j0];
            for (int r = 0; r < rows; r++) {
                int base = go + r * cols;
                for (int j = j0; j < j1; j++) {
                    sums[j - j0] += g[base + j];
                }
            }
            for (int j = j0; j < j1; j++) {
                d[j] = (float) sums[j - j0];
            }
        });
    }

    /** The product of every dimension but the last. */
    private static int rowsOf(Tensor input) {
        int[] dims = input.shape().toArray();
        return Arrays.stream(dims, 0, dims.length - 1).reduce(1, (a, b) -> a * b);
    }
}
