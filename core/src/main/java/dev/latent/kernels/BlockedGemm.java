package dev.latent.kernels;

/**
 * The BLIS loop structure shared by the SIMD and the scalar GEMM: C is cut into tasks by {@link GemmPlan}; each
 * task walks K in blocks of {@code kc}, packs its {@code kc x cols} block of B into micro-panels of width {@code nr}
 * (engine-specific layout, in a per-thread workspace), and runs the engine's {@code mr x nr} micro-kernel over
 * {@code mc}-row blocks of A. A is read in place when it is row-major (no copy: this was measurably faster than
 * packing it) and transposed into the workspace block by block when it is column-major.
 *
 * <p>Every element of C is accumulated in the same order (K blocks in sequence, each block by the micro-kernel),
 * whatever the task split and thread count: results are bit-identical across pool sizes.
 *
 * @param <W> the engine's per-thread workspace
 */
public abstract class BlockedGemm<W extends BlockedGemm.Workspace> {
    /** Rows of the micro-tile. */
    protected final int mr;
    /** Columns of a packed micro-panel (and of the micro-tile). */
    protected final int nr;
    /** Depth of a K block. */
    protected final int kc;
    /** Rows of A per block. */
    protected final int mc;
    /** Columns of B per block. */
    protected final int nc;
    private final ThreadLocal<W> workspaces = ThreadLocal.withInitial(this::newWorkspace);

    /** An engine with the given register block ({@code mr x nr}) and cache blocks ({@code kc}, {@code mc}, {@code nc}). */
    protected BlockedGemm(int mr, int nr, int kc, int mc, int nc) {
        this.mr = mr;
        this.nr = nr;
        this.kc = kc;
        this.mc = mc;
        this.nc = nc;
    }

    /** Per-thread scratch memory: packed panels, reused across calls and grown on demand. */
    public static class Workspace {
        private float[] aBlock = new float[0];

        /** Creates an empty workspace. */
        protected Workspace() {
        }

        /**
         * Drops references to the caller's arrays once a block is done, so that a thread's workspace does not keep
         * a large operand alive after the product (engines that read B in place override this).
         */
        protected void release() {
        }

        /** A buffer of at least {@code size} floats for a transposed A block. */
        final float[] aBlock(int size) {
            if (aBlock.length < size) {
                aBlock = new float[size];
            }
            return aBlock;
        }
    }

    /** A new, empty per-thread workspace. */
    protected abstract W newWorkspace();

    /**
     * Packs rows {@code [p0, p0 + depth)} and columns {@code [j0, j0 + cols)} of {@code op(B)} into the workspace
     * as micro-panels of {@code nr} columns (the last one narrower), panel {@code jr / nr} for column {@code jr}.
     * The panels will serve {@code rows} rows of A: when they are few, packing costs more than it saves, and an
     * engine may instead note where B lies and let {@link #tile} read it in place.
     */
    protected abstract void packB(W ws, boolean transB, float[] b, int bOff, int ldb, int p0, int depth, int j0,
                                  int cols, int rows);

    /** {@link #packB} for an operand that is not stored: the same panels, filled row segment by row segment. */
    protected abstract void packB(W ws, ImplicitMatrix b, int p0, int depth, int j0, int cols);

    /**
     * One micro-tile: {@code C[rows x cols] = alpha * A[rows x depth] * panel + beta * C}, where A row {@code r}
     * starts at {@code a[ai + r * lda]}, the panel is the packed one at column {@code jr} of the current block, and
     * C row {@code r} starts at {@code c[ci + r * ldc]}. {@code rows <= mr}, {@code cols <= nr}; beta 0 must not
     * read C.
     */
    protected abstract void tile(W ws, int depth, float[] a, int ai, int lda, int rows, int jr, float[] c, int ci,
                                 int ldc, int cols, float alpha, float beta);

    /**
     * {@link #tile} over {@code rows} rows (at most {@code mc}) of one panel, {@code mr} at a time; an engine may
     * run them in one call instead.
     */
    protected void tiles(W ws, int depth, float[] a, int ai, int lda, int rows, int jr, float[] c, int ci, int ldc,
                         int cols, float alpha, float beta) {
        for (int ir = 0; ir < rows; ir += mr) {
            tile(ws, depth, a, ai + ir * lda, lda, Math.min(mr, rows - ir), jr, c, ci + ir * ldc, ldc, cols, alpha,
                    beta);
        }
    }

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C} with the argument conventions of {@link Gemm#sgemm}, arguments
     * checked.
     */
    public final void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        Gemm.checkArgs(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(c, cOff, ldc, m, n, beta);
            return;
        }
        run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, null, beta, c, cOff, ldc);
    }

    /**
     * {@code C = alpha * A * B + beta * C} with a row-major A and an {@link ImplicitMatrix} B of {@code k} rows and
     * {@code n} columns, arguments checked: the same blocking, split and accumulation order as {@link #sgemm}, so
     * the result is bit-identical to multiplying by B stored in an array.
     */
    public final void sgemm(int m, int n, int k, float alpha, float[] a, int aOff, int lda, ImplicitMatrix b,
                            float beta, float[] c, int cOff, int ldc) {
        Gemm.checkArgs(m, n, k, a, aOff, lda, b, c, cOff, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(c, cOff, ldc, m, n, beta);
            return;
        }
        run(false, false, m, n, k, alpha, a, aOff, lda, null, 0, 0, b, beta, c, cOff, ldc);
    }

    /** Splits the product into the plan's tasks; B is the array {@code b} unless {@code implicitB} is given. */
    private void run(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, ImplicitMatrix implicitB, float beta, float[] c, int cOff,
                     int ldc) {
        if (n == 1 && !transA) {
            int stride = transB ? 1 : ldb;
            if (implicitB == null && stride == 1) {
                columnProduct(m, k, alpha, a, aOff, lda, b, bOff, beta, c, cOff, ldc);
                return;
            }
            // the column copied out, so that every layout of B gives the same bits
            float[] column = dev.latent.kernels.Workspace.take(k);
            try {
                for (int p = 0; p < k; p++) {
                    if (implicitB == null) {
                        column[p] = b[bOff + p * stride];
                    } else {
                        implicitB.copyRow(p, 0, 1, column, p);
                    }
                }
                columnProduct(m, k, alpha, a, aOff, lda, column, 0, beta, c, cOff, ldc);
            } finally {
                dev.latent.kernels.Workspace.give(column);
            }
            return;
        }
        int rowScratch = rowProductScratch(n);
        if (m == 1 && !transB && implicitB == null && rowScratch > 0) {
            int inc = transA ? lda : 1;
            int chunk = Math.max(rowScratch, ROW_PRODUCT_CHUNK / k / rowScratch * rowScratch);
            Parallel.forChunks(n, chunk, (j0, j1) -> {
                float[] scratch = dev.latent.kernels.Workspace.take(rowScratch);
                try {
                    rowProduct(j0, j1, k, alpha, a, aOff, inc, b, bOff, ldb, beta, c, cOff, scratch);
                } finally {
                    dev.latent.kernels.Workspace.give(scratch);
                }
            });
            return;
        }
        GemmPlan plan = plan(m, n, k);
        // Run serially, the tasks would only pack the same B panels once per row tile: one block instead. The
        // split never changes a result (tiles are multiples of the micro-tile), so this keeps results identical.
        if (plan.tasks() == 1 || Parallel.runsSerially()) {
            block(workspaces.get(), transA, transB, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, implicitB,
                    beta, c, cOff, ldc);
            return;
        }
        Parallel.forEach(plan.tasks(), t -> {
            int i0 = (t / plan.colTiles()) * plan.rowsPerTask();
            int j0 = (t % plan.colTiles()) * plan.colsPerTask();
            block(workspaces.get(), transA, transB, i0, Math.min(m, i0 + plan.rowsPerTask()), j0,
                    Math.min(n, j0 + plan.colsPerTask()), k, alpha, a, aOff, lda, b, bOff, ldb, implicitB, beta, c,
                    cOff, ldc);
        });
    }

    /**
     * A product with one column (a layer with one output, such as a discriminator's or a regressor's last layer):
     * one dot product per row of a row-major A, rows split into parallel chunks. The micro-tile would fill one lane
     * of each vector (1/16 of the arithmetic at 16 lanes) and pack B into panels of zeros. Each row is summed in the
     * same order whatever the split, so results do not depend on the thread count.
     */
    private void columnProduct(int m, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff,
                               float beta, float[] c, int cOff, int ldc) {
        int chunks = columnProductChunks(m, k);
        boolean concurrent = chunks > 1 && !Parallel.runsSerially();
        Parallel.forEach(chunks, chunk -> {
            int r0 = columnChunkStart(chunk, chunks, m);
            int r1 = columnChunkStart(chunk + 1, chunks, m);
            float[] sums = dev.latent.kernels.Workspace.take(8);
            float[] scratch = dev.latent.kernels.Workspace.take(DOT_SCRATCH);
            try {
                int i = r0;
                for (; i + 8 <= r1; i += 8) {
                    dot8(a, aOff + i * lda, lda, b, bOff, k, scratch, sums, concurrent, i > r0);
                    for (int r = 0; r < 8; r++) {
                        putDot(sums[r], alpha, beta, c, cOff + (i + r) * ldc);
                    }
                }
                for (; i + 4 <= r1; i += 4) {
                    dot4(a, aOff + i * lda, lda, b, bOff, k, scratch, sums, concurrent);
                    for (int r = 0; r < 4; r++) {
                        putDot(sums[r], alpha, beta, c, cOff + (i + r) * ldc);
                    }
                }
                for (; i < r1; i++) {
                    putDot(dot(a, aOff + i * lda, b, bOff, k), alpha, beta, c, cOff + i * ldc);
                }
            } finally {
                dev.latent.kernels.Workspace.give(scratch);
                dev.latent.kernels.Workspace.give(sums);
            }
        });
    }

    private static void putDot(float d, float alpha, float beta, float[] c, int ci) {
        if (alpha != 1f) {
            d *= alpha;
        }
        c[ci] = beta == 0f ? d : Math.fma(c[ci], beta, d);
    }

    /** Floats of scratch {@link #dot4} and {@link #dot8} may use: eight rows of four 8-lane sums, and 64 more. */
    private static final int DOT_SCRATCH = 8 * 32 + 64;

    /**
     * {@link #dot} of the four rows of A at {@code ai, ai + lda, ai + 2 * lda, ai + 3 * lda} with b, into {@code
     * sums[0..3]}, each bit for bit as {@link #dot} would give it; {@code scratch} holds 256 floats. The SIMD engine
     * overrides it to share the loads of b; {@code concurrent} says whether other threads stream rows of A meanwhile
     * (it may pick its loads by that, never its sums).
     */
    protected void dot4(float[] a, int ai, int lda, float[] b, int bi, int k, float[] scratch, float[] sums,
                        boolean concurrent) {
        for (int r = 0; r < 4; r++) {
            sums[r] = dot(a, ai + r * lda, b, bi, k);
        }
    }

    /**
     * {@link #dot4} of the eight rows from {@code ai} into {@code sums[0..7]}, each bit for bit as {@link #dot} would
     * give it: here two {@link #dot4}s; the SIMD engine overrides it where its vectors are wide enough to share each
     * load of b among eight rows. {@code again} says that the previous call on this scratch was for the eight rows
     * before these, of the same A and b: what the engine derived from b and left in the scratch then still holds.
     */
    protected void dot8(float[] a, int ai, int lda, float[] b, int bi, int k, float[] scratch, float[] sums,
                        boolean concurrent, boolean again) {
        dot4(a, ai + 4 * lda, lda, b, bi, k, scratch, sums, concurrent);
        float s4 = sums[0];
        float s5 = sums[1];
        float s6 = sums[2];
        float s7 = sums[3];
        dot4(a, ai, lda, b, bi, k, scratch, sums, concurrent);
        sums[4] = s4;
        sums[5] = s5;
        sums[6] = s6;
        sums[7] = s7;
    }

    /**
     * Columns {@code [j0, j1)} of a one-row product {@code c = alpha * a * B + beta * c} with the row at {@code
     * a[ai + p * inc]} and a row-major B; called only when {@link #rowProductScratch} is positive, with that many
     * floats of {@code scratch}. Each column's sum must not depend on the split.
     */
    protected void rowProduct(int j0, int j1, int k, float alpha, float[] a, int ai, int inc, float[] b, int bOff,
                              int ldb, float beta, float[] c, int cOff, float[] scratch) {
        throw new IllegalStateException(this + " has no one-row path");
    }

    /**
     * Scratch floats {@link #rowProduct} needs for a product of {@code n} columns; 0 when this engine has no one-row
     * path for it, and one-row products take the blocked path (one panel of B at a time, down all its rows).
     */
    protected int rowProductScratch(int n) {
        return 0;
    }

    /** Multiply-adds per parallel chunk of {@link #columnProduct}. */
    private static final int COLUMN_PRODUCT_CHUNK = 1 << 18;

    /**
     * Parallel chunks of a one-column product: about {@link #COLUMN_PRODUCT_CHUNK} multiply-adds each (a chunk of
     * 2^16 spent a tenth of its time starting up), an even number of them so that two threads get equal shares
     * (256 x 6272 had 7, and one thread did 4), and no more than its groups of 8 rows, which the SIMD engine sums
     * together (see {@link #columnChunkStart}). Depends only on the shape.
     */
    static int columnProductChunks(int m, int k) {
        long chunks = Math.max(1, (long) m * k / COLUMN_PRODUCT_CHUNK);
        if (chunks > 1 && chunks % 2 == 1) {
            chunks++;
        }
        return (int) Math.min(chunks, (m + 7) / 8);
    }

    /**
     * The first row of chunk {@code c} of {@code chunks} (row {@code m} for {@code c == chunks}): whole groups of 8
     * rows, the chunks' sizes at most one group apart and the larger ones first, so the threads that claim the last
     * chunks finish together. With a remainder of 4 rows per chunk, 256 x 6272 in 6 chunks of 44 ran 32 of its rows
     * through the four-row loop.
     */
    static int columnChunkStart(int c, int chunks, int m) {
        int groups = (m + 7) / 8;
        int each = groups / chunks;
        int larger = groups % chunks;
        return (int) Math.min(m, 8L * (c * each + Math.min(c, larger)));
    }

    /** Multiply-adds per parallel chunk of a one-row product. */
    private static final int ROW_PRODUCT_CHUNK = 1 << 16;

    /**
     * {@code sum over p < k of a[ai + p] * b[bi + p]}, in an order that depends only on {@code k}. The SIMD engine
     * overrides it with vector lanes.
     */
    protected float dot(float[] a, int ai, float[] b, int bi, int k) {
        float s = 0f;
        for (int p = 0; p < k; p++) {
            s = Math.fma(a[ai + p], b[bi + p], s);
        }
        return s;
    }

    /** The task split this engine uses for an {@code m x n x k} product. */
    public final GemmPlan plan(int m, int n, int k) {
        return GemmPlan.of(m, n, k, mr, nr, mc, nc);
    }

    /** Rows {@code [i0, i1)} and columns {@code [j0, j1)} of C, all of K. */
    private void block(W ws, boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k, float alpha,
                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb, ImplicitMatrix implicitB,
                       float beta, float[] c, int cOff, int ldc) {
        try {
            for (int jc = j0; jc < j1; jc += nc) {
                int cols = Math.min(nc, j1 - jc);
                for (int pc = 0; pc < k; pc += kc) {
                    int depth = Math.min(kc, k - pc);
                    if (implicitB != null) {
                        packB(ws, implicitB, pc, depth, jc, cols);
                    } else {
                        packB(ws, transB, b, bOff, ldb, pc, depth, jc, cols, i1 - i0);
                    }
                    float betaNow = pc == 0 ? beta : 1f;
                    for (int ic = i0; ic < i1; ic += mc) {
                        int rows = Math.min(mc, i1 - ic);
                        float[] as = a;
                        int ai = aOff + ic * lda + pc;
                        int la = lda;
                        if (transA) {
                            as = transposeBlock(ws, a, aOff, lda, ic, rows, pc, depth);
                            ai = 0;
                            la = depth;
                        }
                        for (int jr = 0; jr < cols; jr += nr) {
                            int cw = Math.min(nr, cols - jr);
                            tiles(ws, depth, as, ai, la, rows, jr, c, cOff + ic * ldc + jc + jr, ldc, cw, alpha,
                                    betaNow);
                        }
                    }
                }
            }
        } finally {
            ws.release();
        }
    }

    /**
     * Copies {@code op(A)[i0 : i0 + rows, p0 : p0 + depth]} of a column-major A into a row-major block with leading
     * dimension {@code depth}, so the micro-kernel reads it like a row-major A.
     */
    private static float[] transposeBlock(Workspace ws, float[] a, int aOff, int lda, int i0, int rows, int p0,
                                          int depth) {
        float[] t = ws.aBlock(rows * depth);
        // Tiles of 16 x 16 keep both the strided writes and the contiguous reads in L1.
        for (int pp = 0; pp < depth; pp += 16) {
            int pe = Math.min(depth, pp + 16);
            for (int ii = 0; ii < rows; ii += 16) {
                int ie = Math.min(rows, ii + 16);
                for (int p = pp; p < pe; p++) {
                    int src = aOff + (p0 + p) * lda + i0;
                    for (int i = ii; i < ie; i++) {
                        t[i * depth + p] = a[src + i];
                    }
                }
            }
        }
        return t;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + mr + "x" + nr + ", kc " + kc + ", mc " + mc + ", nc " + nc + ")";
    }

    /** {@code C = beta * C}; beta 0 writes zeros without reading C. */
    static void scale(float[] c, int cOff, int ldc, int m, int n, float beta) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, row, row + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[row + j] *= beta;
                }
            }
        }
    }
}
