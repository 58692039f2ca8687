package dev.latent.kernels;

/**
 * Out-of-place transposes of row-major matrices, in 16 x 16 tiles so that both the contiguous reads and the
 * strided writes stay in L1. Large ones run as {@link Parallel} tasks over blocks of the longer side (each task
 * writes its own elements of the result): the Linear layers' weight and gradient transposes ran on one thread
 * while the other idled (0.9% of a DCGAN step's samples on 2 threads). A copy gives the same result for any split.
 */
public final class Transposes {
    /** Elements below which a transpose runs on the calling thread. */
    static final int PARALLEL_FLOATS = 1 << 16;
    /** Rows or columns of the source per task (a multiple of the tile). */
    private static final int TASK_BLOCK = 256;
    private static final int TILE = 16;

    private Transposes() {
    }

    /**
     * Writes the transpose of the {@code rows x cols} matrix at {@code src[so]} (row stride {@code cols}) into
     * {@code dst[dOff]} as a {@code cols x rows} matrix (row stride {@code rows}).
     */
    public static void transpose(float[] src, int so, int rows, int cols, float[] dst, int dOff) {
        if ((long) rows * cols < PARALLEL_FLOATS) {
            block(src, so, rows, cols, dst, dOff, 0, rows, 0, cols);
        } else if (cols >= rows) {
            Parallel.forChunks(cols, TASK_BLOCK, (c0, c1) -> block(src, so, rows, cols, dst, dOff, 0, rows, c0, c1));
        } else {
            Parallel.forChunks(rows, TASK_BLOCK, (r0, r1) -> block(src, so, rows, cols, dst, dOff, r0, r1, 0, cols));
        }
    }

    /** Source rows {@code [rowFrom, rowTo)} and columns {@code [c0, c1)}. */
    private static void block(float[] src, int so, int rows, int cols, float[] dst, int dOff, int rowFrom, int rowTo,
                              int c0, int c1) {
        for (int r0 = rowFrom; r0 < rowTo; r0 += TILE) {
            int r1 = Math.min(rowTo, r0 + TILE);
            for (int t0 = c0; t0 < c1; t0 += TILE) {
                int t1 = Math.min(c1, t0 + TILE);
                for (int r = r0; r < r1; r++) {
                    int s = so + r * cols;
                    for (int c = t0; c < t1; c++) {
                        dst[dOff + c * rows + r] = src[s + c];
                    }
                }
            }
        }
    }
}
