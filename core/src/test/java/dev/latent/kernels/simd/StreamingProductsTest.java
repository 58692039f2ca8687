package dev.latent.kernels.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.latent.kernels.Gemm;
import dev.latent.kernels.Parallel;
import dev.latent.kernels.VectorSupport;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The one-column kernels' load placements against the one order they all sum in ({@link StreamingProducts#dot}). */
class StreamingProductsTest {

    /**
     * Eight rows with their loads starting at each of the 16 positions of a line give each row's {@link
     * StreamingProducts#dot} bit for bit, and the NaN around and between the rows stays out.
     */
    @Test
    void eightRowsGiveTheBitsOfEachRowWhereverTheLoadsStart() {
        assumeTrue(VectorSupport.enabled(), "SIMD kernels only");
        assumeTrue(StreamingProducts.WIDE, "16-lane hardware only");
        SplittableRandom rnd = new SplittableRandom(41);
        for (int k : new int[] {32, 33, 63, 64, 100, 6272, 6272 + 37}) {
            int lda = (k + 15) / 16 * 16 + 16; // 16 NaNs or more between rows
            float[] b = random(rnd, k + 24);
            for (int h = 0; h < 16; h++) {
                int ai = 16 + h * 3 % 16;
                float[] a = new float[ai + 8 * lda + 32];
                Arrays.fill(a, Float.NaN);
                float[][] rows = new float[8][];
                for (int r = 0; r < 8; r++) {
                    rows[r] = random(rnd, k);
                    System.arraycopy(rows[r], 0, a, ai + r * lda, k);
                }
                int bi = h % 3 * 8;
                float[] bAt = new float[bi + k];
                System.arraycopy(b, 0, bAt, bi, k);
                float[] out = new float[8];
                StreamingProducts.dot8From(a, ai, lda, bAt, bi, k, h, scratch(rnd), out, false);
                assertEachRowAlone(rows, b, 0, k, out, "k " + k + " h " + h);
            }
        }
    }

    /**
     * Three passes of eight rows filling their array, as a chunk of a product runs them: the first row at the
     * array's start, the last ending at its end, rows packed tight or 16 apart, b filling its array, so every load
     * that would reach outside reads its copy; the second and third passes use b's edges the first left in the
     * scratch.
     */
    @Test
    void passesOverRowsFillingTheirArrayGiveTheBitsOfEachRow() {
        assumeTrue(VectorSupport.enabled(), "SIMD kernels only");
        assumeTrue(StreamingProducts.WIDE, "16-lane hardware only");
        SplittableRandom rnd = new SplittableRandom(43);
        for (int k : new int[] {32, 47, 64, 100, 6272}) {
            for (int lda : new int[] {k, (k + 15) / 16 * 16 + 16}) {
                for (int h = 0; h < 16; h++) {
                    float[] a = new float[23 * lda + k];
                    float[][] rows = new float[24][];
                    for (int r = 0; r < 24; r++) {
                        rows[r] = random(rnd, k);
                        System.arraycopy(rows[r], 0, a, r * lda, k);
                    }
                    float[] b = random(rnd, k);
                    float[] lanes = scratch(rnd);
                    for (int pass = 0; pass < 3; pass++) {
                        float[] out = new float[8];
                        StreamingProducts.dot8From(a, pass * 8 * lda, lda, b, 0, k, h, lanes, out, pass > 0);
                        assertEachRowAlone(Arrays.copyOfRange(rows, pass * 8, pass * 8 + 8), b, 0, k, out,
                                "k " + k + " lda " + lda + " h " + h + " pass " + pass);
                    }
                }
            }
        }
    }

    /**
     * The DCGAN discriminator's output layer on 2 threads, where the eight-row kernel starts its loads on the lines
     * {@link HeapLines} predicts and keeps b's edges from pass to pass within a chunk: two products with different
     * columns in a row (so a scratch reused from the first holds the wrong edges) give every row its sum alone.
     */
    @Test
    void productsOnSharedRowsKeepNoEdgesFromAnotherColumn() {
        assumeTrue(VectorSupport.enabled(), "SIMD kernels only");
        assumeTrue(StreamingProducts.WIDE, "16-lane hardware only");
        int m = 256;
        int k = 6272;
        SplittableRandom rnd = new SplittableRandom(47);
        float[] a = random(rnd, m * k);
        assumeTrue(HeapLines.knows(a), "a heap whose layout HeapLines predicts");
        int threads = Parallel.threads();
        Parallel.setThreads(2);
        try {
            for (int round = 0; round < 2; round++) {
                float[] b = random(rnd, k);
                float[] c = new float[m];
                Gemm.sgemm(false, false, m, 1, k, 1f, a, 0, k, b, 0, 1, 0f, c, 0, 1);
                for (int r = 0; r < m; r++) {
                    float alone = StreamingProducts.dot(a, r * k, b, 0, k);
                    assertEquals(Float.floatToRawIntBits(alone), Float.floatToRawIntBits(c[r]),
                            "round " + round + " row " + r + ": " + c[r] + " vs " + alone);
                }
            }
        } finally {
            Parallel.setThreads(threads);
        }
    }

    private static void assertEachRowAlone(float[][] rows, float[] b, int bi, int k, float[] out, String where) {
        for (int r = 0; r < rows.length; r++) {
            float alone = StreamingProducts.dot(rows[r], 0, b, bi, k);
            assertEquals(Float.floatToRawIntBits(alone), Float.floatToRawIntBits(out[r]),
                    where + " row " + r + ": " + out[r] + " vs " + alone);
        }
    }

    /** Scratch as a reused one would be: full of NaN and stale numbers. */
    private static float[] scratch(SplittableRandom rnd) {
        float[] lanes = random(rnd, StreamingProducts.DOT8_SCRATCH);
        for (int i = 0; i < lanes.length; i += 3) {
            lanes[i] = Float.NaN;
        }
        return lanes;
    }

    @Test
    void heapLinesPointsAtALineStartWithinOneLine() {
        assumeTrue(VectorSupport.enabled(), "SIMD kernels only");
        for (int i = 0; i < 64; i++) {
            int h = HeapLines.toLineStart(i);
            assertEquals(true, h >= 0 && h < HeapLines.LINE_FLOATS, "index " + i + ": " + h);
            assertEquals(HeapLines.toLineStart(i + h), 0, "index " + i);
        }
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}
