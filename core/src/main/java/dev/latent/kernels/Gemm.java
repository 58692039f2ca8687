package dev.latent.kernels;

/**
 * Single-precision general matrix multiply, the one seam through which every matmul and convolution runs:
 * {@code C = alpha * op(A) * op(B) + beta * C} on row-major {@code float[]} with offsets and leading dimensions.
 *
 * <p>{@code op(A)} is {@code m x k}: without transpose element {@code (i, p)} is {@code a[aOff + i * lda + p]},
 * with transpose it is {@code a[aOff + p * lda + i]}. Likewise {@code op(B)} is {@code k x n}. When {@code beta}
 * is 0, C is overwritten without being read (NaNs in C do not propagate), as in BLAS.
 */
public final class Gemm {
    private Gemm() {
    }

    /** Computes {@code C = alpha * op(A) * op(B) + beta * C}; see the class comment for the layout. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        checkArgs(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, cRow, cRow + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[cRow + j] *= beta;
                }
            }
            for (int p = 0; p < k; p++) {
                float aip = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                if (!transB) {
                    int bRow = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] += aip * b[bRow + j];
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] += aip * b[bOff + j * ldb + p];
                    }
                }
            }
        }
    }

    static void checkArgs(boolean transA, boolean transB, int m, int n, int k,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: negative size m=" + m + " n=" + n + " k=" + k);
        }
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        checkMatrix("C", c, cOff, ldc, m, n);
    }

    private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) {
            return;
        }
        if (ld < cols) {
            throw new IllegalArgumentException("sgemm: leading dimension of " + name + " is " + ld
                    + " but rows have " + cols + " columns");
        }
        long last = off + (long) (rows - 1) * ld + cols - 1;
        if (off < 0 || last >= x.length) {
            throw new IllegalArgumentException("sgemm: " + name + " (" + rows + "x" + cols + ", offset " + off
                    + ", ld " + ld + ") does not fit in an array of " + x.length + " floats");
        }
    }
}
