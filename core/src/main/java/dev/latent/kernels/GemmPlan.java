package dev.latent.kernels;

/**
 * How a GEMM is cut into independent tasks for {@link Parallel#forEach}: C is split into a grid of
 * {@code rowsPerTask x colsPerTask} tiles. The cut depends only on the shape and the engine's register block,
 * never on the thread count, so every C element is accumulated in the same order whatever the pool size.
 *
 * <p>Columns are cut first (each column tile repacks only its own part of B, so the packing cost per flop does not
 * grow), rows second (each row tile repacks the whole width of its B tile, so row tiles stay tall), and only as many
 * row tiles as the tasks wanted over the column tiles, rounded to the nearest: 256 x 6272 x 100 (the GAN generators'
 * first layer) has 14 column tiles where 16 tasks are wanted, and a second row tile, which packed all of B twice, cost
 * it 2-3% on 2 threads.
 *
 * @param rowsPerTask rows of C per task, a multiple of the micro-tile height unless it covers all rows
 * @param colsPerTask columns of C per task, a multiple of the micro-panel width unless it covers all columns
 * @param rowTiles    number of row tiles
 * @param colTiles    number of column tiles
 */
public record GemmPlan(int rowsPerTask, int colsPerTask, int rowTiles, int colTiles) {
    /** Work per task below which splitting further costs more in scheduling than it gains (about 10 us). */
    static final double TASK_FLOPS = 2e6;
    /** Upper bound on the number of tasks: enough to balance a few busy cores, few enough to keep tiles large. */
    static final int MAX_TASKS = 16;
    /**
     * Row tiles span at least this many A blocks: each row tile packs its whole B tile again, and with tiles of one
     * block (54 rows of 256) the 256-row layer products packed B five times over. Two blocks, measured on 2
     * threads: 256 x 512 x 784 382-402 → 414-440 GFLOPS, 256 x 784 x 512 405-417 → 414-448, 256 x 512 x 256
     * 413-425 → 450-458; 256 x 64 x 288 and 1024 x 128 x 12544 level.
     */
    static final int ROW_TILE_BLOCKS = 2;

    /**
     * The plan for an {@code m x n x k} product on an engine with {@code mr x nr} micro-tiles, {@code nc}-wide
     * B blocks and {@code mc}-tall A blocks.
     */
    public static GemmPlan of(int m, int n, int k, int mr, int nr, int mc, int nc) {
        double flops = 2.0 * m * n * k;
        int wanted = (int) Math.max(1, Math.min(MAX_TASKS, flops / TASK_FLOPS));
        int minCols = 4 * nr;
        int colTiles = Math.max(ceilDiv(n, nc), Math.min(wanted, n / minCols));
        int colsPerTask = Math.min(n, roundUp(ceilDiv(n, Math.max(colTiles, 1)), nr));
        colTiles = ceilDiv(n, colsPerTask);
        int rowTiles = Math.max(1, Math.min((wanted + colTiles / 2) / colTiles,
                m / (ROW_TILE_BLOCKS * Math.max(mc, mr))));
        if (rowTiles > 1 && rowTiles * colTiles % 2 == 1) {
            // an even task count shares evenly between 2 (or 4) threads: 256^3 in 5 row tiles left one thread the
            // third tile while the other idled
            rowTiles--;
        }
        int rowsPerTask = Math.min(m, roundUp(ceilDiv(m, rowTiles), mr));
        rowTiles = ceilDiv(m, rowsPerTask);
        return new GemmPlan(rowsPerTask, colsPerTask, rowTiles, colTiles);
    }

    /** Total number of tasks. */
    public int tasks() {
        return rowTiles * colTiles;
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    static int roundUp(int a, int b) {
        return ceilDiv(a, b) * b;
    }
}
