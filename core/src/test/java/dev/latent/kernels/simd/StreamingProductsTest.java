package dev.latent.kernels.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
                StreamingProducts.dot8From(a, ai, lda, bAt, bi, k, h, scratch(rnd), out);
                assertEachRowAlone(rows, b, 0, k, out, "k " + k + " h " + h);
            }
        }
    }

    /**
     * The same with nothing around the rows: the first row at the array's start, the last ending at its end, rows
     * packed tight or 16 apart, and b filling its array, so every load that would reach outside reads its copy.
     */
    @Test
    void eightRowsFillingTheirArrayGiveTheBitsOfEachRow() {
        assumeTrue(VectorSupport.enabled(), "SIMD kernels only");
        assumeTrue(StreamingProducts.WIDE, "16-lane hardware only");
        SplittableRandom rnd = new SplittableRandom(43);
        for (int k : new int[] {32, 47, 64, 100, 6272}) {
            for (int lda : new int[] {k, (k + 15) / 16 * 16 + 16}) {
                for (int h = 0; h < 16; h++) {
                    float[] a = new float[7 * lda + k];
                    float[][] rows = new float[8][];
                    for (int r = 0; r < 8; r++) {
                        rows[r] = random(rnd, k);
                        System.arraycopy(rows[r], 0, a, r * lda, k);
                    }
                    float[] b = random(rnd, k);
                    float[] out = new float[8];
                    StreamingProducts.dot8From(a, 0, lda, b, 0, k, h, scratch(rnd), out);
                    assertEachRowAlone(rows, b, 0, k, out, "k " + k + " lda " + lda + " h " + h);
                }
            }
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
