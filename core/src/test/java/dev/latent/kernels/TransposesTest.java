package dev.latent.kernels;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TransposesTest {
    @Test
    void transposesOddShapesAtOffsetsOnAnyThreadCount() {
        // rows of 1024 and 2048: destination strides of 4 and 8 KiB, written along destination rows
        int[][] shapes = {{1, 1}, {1, 17}, {17, 1}, {15, 33}, {300, 517}, {257, 1000}, {6272, 16}, {1001, 300},
                {3, 70_001}, {1024, 37}, {2048, 129}, {1024, 1}};
        int before = Parallel.threads();
        try {
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                for (int[] shape : shapes) {
                    check(shape[0], shape[1], threads);
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static void check(int rows, int cols, int threads) {
        Random random = new Random(rows * 31L + cols);
        int so = 5;
        int dOff = 3;
        float[] src = new float[so + rows * cols + 2];
        for (int i = 0; i < src.length; i++) {
            src[i] = random.nextFloat();
        }
        float[] dst = new float[dOff + rows * cols + 4];
        Arrays.fill(dst, Float.NaN);
        Transposes.transpose(src, so, rows, cols, dst, dOff);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (dst[dOff + c * rows + r] != src[so + r * cols + c]) {
                    assertEquals(src[so + r * cols + c], dst[dOff + c * rows + r],
                            rows + "x" + cols + " on " + threads + " threads, element (" + r + ", " + c + ")");
                }
            }
        }
        // nothing written outside the result
        for (int i = 0; i < dOff; i++) {
            assertEquals(Float.NaN, dst[i]);
        }
        for (int i = dOff + rows * cols; i < dst.length; i++) {
            assertEquals(Float.NaN, dst[i]);
        }
    }
}
