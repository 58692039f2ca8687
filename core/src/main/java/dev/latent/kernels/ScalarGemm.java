package dev.latent.kernels;

import java.util.Arrays;

/**
 * The GEMM engine without the Vector API: the blocking of {@link BlockedGemm} with plain loops that C2
 * auto-vectorizes. C2 vectorizes a loop over two arrays only when it can rule out that one array's stores feed
 * the other's loads, which it can when both are indexed by the same expression: so each packed row of B is its
 * own {@code float[]} indexed from 0, like the rows of the accumulator tile. (Over two arrays at different
 * unknown offsets the same loop stays scalar at about a fifth of the speed.)
 */
public final class ScalarGemm extends BlockedGemm<ScalarGemm.Workspace> {
    static final int MR = 6;
    /** Wide panels: the auto-vectorized loop has a pre- and post-loop, so it needs a long body to pay off. */
    static final int NR = 256;
    static final int KC = 256;
    static final int MC = 48;
    static final int NC = 1024;

    /** The one instance. */
    public static final ScalarGemm INSTANCE = new ScalarGemm();

    private ScalarGemm() {
        super(MR, NR, KC, MC, NC);
    }

    /** Packed B as one array per (panel, row), plus the accumulator tile, one array per row. */
    static final class Workspace extends BlockedGemm.Workspace {
        private float[][] rows = new float[0][];
        final float[] flat = new float[MR * NR];
        final float[][] acc = new float[MR][NR];

        float[][] rows(int count) {
            if (rows.length < count) {
                float[][] grown = Arrays.copyOf(rows, count);
                for (int i = rows.length; i < count; i++) {
                    grown[i] = new float[NR];
                }
                rows = grown;
            }
            return rows;
        }
    }

    @Override
    protected Workspace newWorkspace() {
        return new Workspace();
    }

    @Override
    protected void packB(Workspace ws, boolean transB, float[] b, int bOff, int ldb, int p0, int depth, int j0,
                         int cols, int servedRows) {
        float[][] rows = ws.rows(GemmPlan.ceilDiv(cols, NR) * KC);
        for (int jr = 0; jr < cols; jr += NR) {
            int w = Math.min(NR, cols - jr);
            int first = (jr / NR) * KC;
            for (int p = 0; p < depth; p++) {
                float[] row = rows[first + p];
                if (transB) {
                    int src = bOff + (j0 + jr) * ldb + p0 + p;
                    for (int j = 0; j < w; j++) {
                        row[j] = b[src + j * ldb];
                    }
                } else {
                    System.arraycopy(b, bOff + (p0 + p) * ldb + j0 + jr, row, 0, w);
                }
            }
        }
    }

    @Override
    protected void packB(Workspace ws, ImplicitMatrix b, int p0, int depth, int j0, int cols) {
        float[][] rows = ws.rows(GemmPlan.ceilDiv(cols, NR) * KC);
        for (int jr = 0; jr < cols; jr += NR) {
            int w = Math.min(NR, cols - jr);
            int first = (jr / NR) * KC;
            for (int p = 0; p < depth; p++) {
                b.copyRow(p0 + p, j0 + jr, w, rows[first + p], 0);
            }
        }
    }

    @Override
    protected void tile(Workspace ws, int depth, float[] a, int ai, int lda, int rows, int jr, float[] c, int ci,
                        int ldc, int cols, float alpha, float beta) {
        // Rows past the edge repeat the last row: same loop, results not stored.
        int a1 = rows > 1 ? ai + lda : ai;
        int a2 = rows > 2 ? a1 + lda : a1;
        int a3 = rows > 3 ? a2 + lda : a2;
        int a4 = rows > 4 ? a3 + lda : a3;
        int a5 = rows > 5 ? a4 + lda : a4;
        int first = (jr / NR) * KC;
        float[][] acc = ws.acc;
        float[] flat = ws.flat;
        if (cols == NR) {
            Arrays.fill(flat, 0f);
            accumulate(depth, a, ai, a1, a2, a3, a4, a5, ws.rows, first, flat);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(flat, r * NR, acc[r], 0, NR);
            }
        } else {
            for (float[] row : acc) {
                Arrays.fill(row, 0, cols, 0f);
            }
            accumulateEdge(depth, a, ai, a1, a2, a3, a4, a5, ws.rows, first, cols, acc[0], acc[1], acc[2], acc[3],
                    acc[4], acc[5]);
        }
        for (int r = 0; r < rows; r++) {
            int row = ci + r * ldc;
            float[] t = acc[r];
            for (int j = 0; j < cols; j++) {
                float v = alpha * t[j];
                c[row + j] = beta == 0f ? v : v + beta * c[row + j];
            }
        }
    }

    /**
     * The hot loop: six rows of A times {@code depth} packed rows of B into the accumulator tile. The constant
     * trip count and the shared index {@code j} (plus constants) are what let C2 vectorize it.
     */
    private static void accumulate(int depth, float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                                   float[][] rows, int first, float[] acc) {
        for (int p = 0; p < depth; p++) {
            float x0 = a[a0 + p];
            float x1 = a[a1 + p];
            float x2 = a[a2 + p];
            float x3 = a[a3 + p];
            float x4 = a[a4 + p];
            float x5 = a[a5 + p];
            float[] row = rows[first + p];
            for (int j = 0; j < NR; j++) {
                float v = row[j];
                acc[j] += x0 * v;
                acc[NR + j] += x1 * v;
                acc[2 * NR + j] += x2 * v;
                acc[3 * NR + j] += x3 * v;
                acc[4 * NR + j] += x4 * v;
                acc[5 * NR + j] += x5 * v;
            }
        }
    }

    /**
     * {@link #accumulate} for a panel narrower than {@link #NR}: with a variable trip count C2 vectorizes only
     * when each accumulator row is its own array.
     */
    private static void accumulateEdge(int depth, float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                                       float[][] rows, int first, int w, float[] c0, float[] c1, float[] c2,
                                       float[] c3, float[] c4, float[] c5) {
        for (int p = 0; p < depth; p++) {
            float x0 = a[a0 + p];
            float x1 = a[a1 + p];
            float x2 = a[a2 + p];
            float x3 = a[a3 + p];
            float x4 = a[a4 + p];
            float x5 = a[a5 + p];
            float[] row = rows[first + p];
            for (int j = 0; j < w; j++) {
                float v = row[j];
                c0[j] += x0 * v;
                c1[j] += x1 * v;
                c2[j] += x2 * v;
                c3[j] += x3 * v;
                c4[j] += x4 * v;
                c5[j] += x5 * v;
            }
        }
    }
}
