package dev.latent.kernels;

/**
 * Single-precision general matrix multiply, the one seam through which every matmul and convolution runs:
 * {@code C = alpha * op(A) * op(B) + beta * C} on row-major {@code float[]} with offsets and leading dimensions.
 *
 * <p>{@code op(A)} is {@code m x k}: without transpose element {@code (i, p)} is {@code a[aOff + i * lda + p]},
 * with transpose it is {@code a[aOff + p * lda + i]}. Likewise {@code op(B)} is {@code k x n}. When {@code beta}
 * is 0, C is overwritten without being read (NaNs in C do not propagate), and when {@code alpha} is 0 or
 * {@code k} is 0, A and B are not read, as in BLAS.
 *
 * <p>The work runs on the Vector API engine ({@code PanamaGemm}) when {@link VectorSupport#enabled()}, otherwise on
 * {@link ScalarGemm}; both split it over {@link Parallel} with a split that depends only on the shape, so results
 * are bit-identical for any thread count.
 */
public final class Gemm {
    private static final BlockedGemm<?> ENGINE = VectorSupport.enabled() ? VectorSupport.kernels().gemm()
            : ScalarGemm.INSTANCE;

    private Gemm() {
    }

    /** Computes {@code C = alpha * op(A) * op(B) + beta * C}; see the class comment for the layout. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        ENGINE.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * Computes {@code C = alpha * A * B + beta * C} for a row-major {@code m x k} A and a {@code k x n} B that is
     * not stored ({@link ImplicitMatrix}); bit-identical to {@link #sgemm} on the same B in an array.
     */
    public static void sgemm(int m, int n, int k, float alpha, float[] a, int aOff, int lda, ImplicitMatrix b,
                             float beta, float[] c, int cOff, int ldc) {
        ENGINE.sgemm(m, n, k, alpha, a, aOff, lda, b, beta, c, cOff, ldc);
    }

    /** The engine {@link #sgemm} uses in this JVM. */
    public static BlockedGemm<?> engine() {
        return ENGINE;
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

    static void checkArgs(int m, int n, int k, float[] a, int aOff, int lda, ImplicitMatrix b, float[] c, int cOff,
                          int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: negative size m=" + m + " n=" + n + " k=" + k);
        }
        checkMatrix("A", a, aOff, lda, m, k);
        if (m > 0 && n > 0 && k > 0) {
            if (b == null) {
                throw new IllegalArgumentException("sgemm: B is null");
            }
            if (b.rows() != k || b.cols() != n) {
                throw new IllegalArgumentException("sgemm: B is " + b.rows() + "x" + b.cols() + " but the product needs "
                        + k + "x" + n);
            }
        }
        checkMatrix("C", c, cOff, ldc, m, n);
    }

    private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) {
            return;
        }
        if (x == null) {
            throw new IllegalArgumentException("sgemm: " + name + " is null");
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
