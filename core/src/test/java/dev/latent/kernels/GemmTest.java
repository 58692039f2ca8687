package dev.latent.kernels;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Both GEMM engines (the Vector API one when the module is present, and always the scalar one) against a naive
 * double-precision triple loop and EJML, over transposes, odd sizes, alpha/beta, offsets and padded leading
 * dimensions.
 */
class GemmTest {
    private static final int[] SIZES = {1, 2, 7, 15, 16, 17, 33, 100, 129, 257};
    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    /** The engines this JVM can run: the scalar one always, the SIMD one when jdk.incubator.vector is present. */
    static List<BlockedGemm<?>> engines() {
        List<BlockedGemm<?>> list = new ArrayList<>();
        list.add(ScalarGemm.INSTANCE);
        if (VectorSupport.enabled()) {
            list.add(VectorSupport.kernels().gemm());
        }
        return list;
    }

    /** Every size once as m, n and k, the other two drawn from the rest of the list; the three cubes at the top. */
    static Stream<Arguments> shapes() {
        List<Arguments> out = new ArrayList<>();
        for (BlockedGemm<?> engine : engines()) {
            for (int i = 0; i < SIZES.length; i++) {
                int m = SIZES[i];
                int n = SIZES[(i + 3) % SIZES.length];
                int k = SIZES[(i + 7) % SIZES.length];
                out.add(Arguments.of(engine, m, n, k));
                out.add(Arguments.of(engine, k, m, n));
                out.add(Arguments.of(engine, n, k, m));
            }
            for (int s : new int[] {16, 129, 257}) {
                out.add(Arguments.of(engine, s, s, s));
            }
            // Deeper than one K block and wider than one N block of either engine.
            out.add(Arguments.of(engine, 13, 1100, 600));
            // Few rows and whole vectors of columns (at 8 and 16 lanes): the SIMD engine reads B in place, not packed.
            out.add(Arguments.of(engine, 12, 64, 600));
            out.add(Arguments.of(engine, 24, 160, 33));
            out.add(Arguments.of(engine, 5, 1104, 9));
            // 8 and 16 columns in all: the SIMD engine's narrow-panel kernels at 16 lanes, K % 4 = 0..3, and at 8
            // columns both the shallow kernel (K 3, 9, 23) and the quad kernel (K 28).
            out.add(Arguments.of(engine, 100, 16, 72));
            out.add(Arguments.of(engine, 13, 8, 9));
            out.add(Arguments.of(engine, 7, 16, 600));
            out.add(Arguments.of(engine, 50, 8, 3));
            out.add(Arguments.of(engine, 50, 8, 23));
            out.add(Arguments.of(engine, 41, 8, 28));
            out.add(Arguments.of(engine, 61, 16, 66));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}x{2}x{3}")
    @MethodSource("shapes")
    void matchesNaiveForEveryTranspose(BlockedGemm<?> engine, int m, int n, int k) {
        SplittableRandom rnd = new SplittableRandom(m * 31L + n * 7L + k);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Case c = Case.random(rnd, ta, tb, m, n, k, 0, 0, 0);
                c.run(engine, 1f, 0f);
                c.check(engine + " ta=" + ta + " tb=" + tb, 1f, 0f);
            }
        }
    }

    @Test
    void matchesEjmlForEveryTranspose() {
        SplittableRandom rnd = new SplittableRandom(5);
        int m = 100;
        int n = 129;
        int k = 257;
        for (BlockedGemm<?> engine : engines()) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    Case c = Case.random(rnd, ta, tb, m, n, k, 0, 0, 0);
                    FMatrixRMaj a = new FMatrixRMaj(ta ? k : m, ta ? m : k, true, c.a);
                    FMatrixRMaj b = new FMatrixRMaj(tb ? n : k, tb ? k : n, true, c.b);
                    FMatrixRMaj expected = new FMatrixRMaj(m, n);
                    if (ta && tb) {
                        CommonOps_FDRM.multTransAB(a, b, expected);
                    } else if (ta) {
                        CommonOps_FDRM.multTransA(a, b, expected);
                    } else if (tb) {
                        CommonOps_FDRM.multTransB(a, b, expected);
                    } else {
                        CommonOps_FDRM.mult(a, b, expected);
                    }
                    c.run(engine, 1f, 0f);
                    for (int i = 0; i < m * n; i++) {
                        assertEquals(expected.data[i], c.c[i], 1e-4f * (1 + Math.abs(expected.data[i])),
                                engine + " ta=" + ta + " tb=" + tb + " at " + i);
                    }
                }
            }
        }
    }

    @Test
    void alphaBetaFollowBlas() {
        float[][] alphaBeta = {{1f, 1f}, {0.5f, 2f}, {-1.5f, 1f}, {2f, -1f}, {1f, 0.25f}, {0f, 0.5f}, {0f, 0f}};
        SplittableRandom rnd = new SplittableRandom(11);
        for (BlockedGemm<?> engine : engines()) {
            for (float[] ab : alphaBeta) {
                for (int[] s : new int[][] {{7, 17, 33}, {100, 70, 600}}) {
                    Case c = Case.random(rnd, false, true, s[0], s[1], s[2], 0, 0, 0);
                    c.run(engine, ab[0], ab[1]);
                    c.check(engine + " alpha=" + ab[0] + " beta=" + ab[1], ab[0], ab[1]);
                }
            }
        }
    }

    /**
     * Products of 8 and 16 columns, which the SIMD engine at 16 lanes runs on its narrow-panel kernels: every
     * residue of K mod 4 (and K below 4), K over one block, partial row tiles, offsets and padded leading
     * dimensions, every transpose, and alpha and beta.
     */
    @Test
    void eightAndSixteenColumnProductsMatchNaive() {
        SplittableRandom rnd = new SplittableRandom(23);
        float[][] alphaBeta = {{1f, 0f}, {1f, 1f}, {-0.5f, 0.75f}};
        for (BlockedGemm<?> engine : engines()) {
            for (int n : new int[] {8, 16}) {
                for (int k : new int[] {1, 2, 3, 4, 5, 6, 7, 9, 15, 16, 18, 28, 31, 64, 72, 515, 1030}) {
                    for (int m : new int[] {1, 5, 6, 8, 13, 97}) {
                        boolean ta = (m + k) % 2 == 0;
                        boolean tb = (m + k) % 3 == 0;
                        float[] ab = alphaBeta[(m + k + n) % alphaBeta.length];
                        Case c = Case.random(rnd, ta, tb, m, n, k, 3, 5, 7);
                        c.run(engine, ab[0], ab[1]);
                        c.check(engine + " ta=" + ta + " tb=" + tb + " alpha=" + ab[0] + " beta=" + ab[1], ab[0],
                                ab[1]);
                    }
                }
            }
        }
    }

    @Test
    void betaZeroOverwritesNaNAndAlphaZeroIgnoresAB() {
        for (BlockedGemm<?> engine : engines()) {
            Case c = Case.random(new SplittableRandom(3), true, false, 33, 17, 15, 0, 0, 0);
            java.util.Arrays.fill(c.c, Float.NaN);
            c.c0 = c.c.clone();
            c.run(engine, 1.5f, 0f);
            c.check(engine + " beta 0 over NaN", 1.5f, 0f);

            Case z = Case.random(new SplittableRandom(4), false, false, 9, 9, 9, 0, 0, 0);
            java.util.Arrays.fill(z.a, Float.NaN);
            z.run(engine, 0f, 2f);
            for (int i = 0; i < z.c.length; i++) {
                assertEquals(2f * z.c0[i], z.c[i], engine + " alpha 0 must not read A");
            }
        }
    }

    @Test
    void offsetsAndPaddedLeadingDimensions() {
        SplittableRandom rnd = new SplittableRandom(8);
        for (BlockedGemm<?> engine : engines()) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    Case c = Case.random(rnd, ta, tb, 37, 71, 45, 5, 13, 3);
                    c.run(engine, 0.75f, -0.5f);
                    c.check(engine + " padded ta=" + ta + " tb=" + tb, 0.75f, -0.5f);
                }
            }
        }
    }

    @Test
    void emptyProductsScaleC() {
        for (BlockedGemm<?> engine : engines()) {
            float[] c = {1f, 2f, Float.NaN, 4f};
            engine.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 3f, c, 0, 2);
            assertArrayEquals(new float[] {3f, 6f, Float.NaN, 12f}, c);
            engine.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0f, c, 0, 2);
            assertArrayEquals(new float[4], c);
            engine.sgemm(false, false, 0, 2, 3, 1f, new float[0], 0, 3, new float[6], 0, 2, 0f, new float[0], 0, 2);
        }
    }

    /** B stored row-major with padded rows, seen only through {@link ImplicitMatrix#copyRow}. */
    private record RowSource(float[] b, int off, int ldb, int rows, int cols) implements ImplicitMatrix {
        @Override
        public void copyRow(int row, int col0, int width, float[] dst, int dstOff) {
            System.arraycopy(b, off + row * ldb + col0, dst, dstOff, width);
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}x{3}")
    @MethodSource("shapes")
    void implicitRightOperandIsBitIdenticalToTheStoredOne(BlockedGemm<?> engine, int m, int n, int k) {
        Case stored = Case.random(new SplittableRandom(m * 31L + n * 7L + k), false, false, m, n, k, 3, 2, 1);
        Case implicit = Case.random(new SplittableRandom(m * 31L + n * 7L + k), false, false, m, n, k, 3, 2, 1);
        stored.run(engine, 0.5f, 0.25f);
        engine.sgemm(m, n, k, 0.5f, implicit.a, 3, implicit.lda, new RowSource(implicit.b, 3, implicit.ldb, k, n),
                0.25f, implicit.c, 3, implicit.ldc);
        for (int i = 0; i < stored.c.length; i++) {
            if (Float.floatToRawIntBits(stored.c[i]) != Float.floatToRawIntBits(implicit.c[i])) {
                fail(engine + " " + m + "x" + n + "x" + k + " differs at " + i + ": " + stored.c[i] + " vs "
                        + implicit.c[i]);
            }
        }
    }

    /**
     * B read in place (few rows of A) against B packed (the same rows inside a taller product): the same panels
     * and accumulation order, so the rows must match bit for bit.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void fewRowsReadingBInPlaceMatchTheSameRowsOfATallProduct(BlockedGemm<?> engine) {
        int n = 1104;
        int k = 600;
        int tall = 300;
        Case big = Case.random(new SplittableRandom(11), false, false, tall, n, k, 0, 4, 0);
        big.run(engine, 1.5f, 0f);
        for (int m : new int[] {1, 6, 17, 24}) {
            float[] c = new float[m * big.ldc];
            engine.sgemm(false, false, m, n, k, 1.5f, big.a, 0, big.lda, big.b, 0, big.ldb, 0f, c, 0, big.ldc);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float want = big.c[i * big.ldc + j];
                    if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(c[i * big.ldc + j])) {
                        fail(engine + " m=" + m + ": C[" + i + "," + j + "] = " + c[i * big.ldc + j] + ", tall product "
                                + want);
                    }
                }
            }
        }
    }

    /**
     * Few rows with a partial last vector of columns: B is read in place when the array holds whole vectors past its
     * last row, and its last vector then loads elements beyond the block. Those are NaN here (the row gaps and the
     * array's tail) and must not reach C; with no room past the last row B is packed. Both must match the same rows
     * of a tall (packed) product bit for bit.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void fewRowsWithPartialVectorsIgnoreWhatLiesPastTheColumns(BlockedGemm<?> engine) {
        int k = 70;
        for (int n : new int[] {100, 588, 1100}) {
            int ldb = n + 3;
            Case big = Case.random(new SplittableRandom(n), false, false, 200, n, k, 0, 0, 0);
            big.run(engine, 1f, 0f);
            for (int slack : new int[] {0, 64}) {
                float[] b = new float[(k - 1) * ldb + n + slack];
                Arrays.fill(b, Float.NaN);
                for (int p = 0; p < k; p++) {
                    System.arraycopy(big.b, p * big.ldb, b, p * ldb, n);
                }
                for (int m : new int[] {1, 16, 48}) {
                    float[] c = new float[m * n];
                    engine.sgemm(false, false, m, n, k, 1f, big.a, 0, big.lda, b, 0, ldb, 0f, c, 0, n);
                    for (int i = 0; i < m * n; i++) {
                        float want = big.c[(i / n) * big.ldc + i % n];
                        if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(c[i])) {
                            fail(engine + " " + m + "x" + n + "x" + k + ", slack " + slack + ": C[" + i / n + ","
                                    + i % n + "] = " + c[i] + ", tall product " + want);
                        }
                    }
                }
            }
        }
    }

    @Test
    void implicitRightOperandOfTheWrongShapeIsRejected() {
        float[] x = new float[12];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(2, 3, 2, 1f, x, 0, 2, new RowSource(x, 0, 2, 2, 2), 0f, x, 0, 3));
        assertTrue(e.getMessage().contains("B is 2x2 but the product needs 2x3"), e.getMessage());
    }

    @Test
    void rejectsBadArguments() {
        float[] x = new float[12];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 3, 4, 5, 1f, x, 0, 5, x, 0, 4, 0f, x, 0, 4));
        assertTrue(e.getMessage().contains("A"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 2, 1f, x, 0, 1, x, 0, 2, 0f, x, 0, 2));
        assertTrue(e.getMessage().contains("leading dimension of A"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, -1, 2, 2, 1f, x, 0, 2, x, 0, 2, 0f, x, 0, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 2, 1f, x, 0, 2, x, 0, 2, 0f, x, 11, 2));
    }

    @Test
    void seamUsesTheVectorEngineExactlyWhenTheModuleIsPresent() {
        assertEquals(VectorSupport.enabled(), !(Gemm.engine() instanceof ScalarGemm), VectorSupport.describe());
        Case c = Case.random(new SplittableRandom(2), false, false, 20, 30, 40, 0, 0, 0);
        Gemm.sgemm(false, false, 20, 30, 40, 1f, c.a, 0, 40, c.b, 0, 30, 0f, c.c, 0, 30);
        c.check("Gemm.sgemm", 1f, 0f);
    }

    /** The build's eight-lanes test run limits vectors to 256 bits: the kernels must then really run at 8 lanes. */
    @Test
    void vectorWidthFollowsMaxVectorSize() {
        if (!VectorSupport.enabled()) {
            return;
        }
        var vm = java.lang.management.ManagementFactory.getPlatformMXBean(
                com.sun.management.HotSpotDiagnosticMXBean.class);
        int maxBytes = Integer.parseInt(vm.getVMOption("MaxVectorSize").getValue());
        int lanes = VectorSupport.kernels().floatLanes();
        assertTrue(lanes * Float.BYTES <= maxBytes, lanes + " lanes with MaxVectorSize " + maxBytes);
        String expected = System.getProperty("latent.test.expectLanes");
        if (expected != null) {
            assertEquals(Integer.parseInt(expected), lanes, VectorSupport.describe());
        }
    }

    /**
     * The build's AVX2 test run ({@code -XX:UseAVX=2}) must select the blocks for 16 vector registers, and the runs
     * with AVX-512 available (including the one at 8 lanes) those for 32: the two differ in every register-blocked
     * kernel, so each run tests one set.
     */
    @Test
    void registerBlocksFollowUseAvx() {
        if (!VectorSupport.enabled() || !System.getProperty("os.arch").equals("amd64")) {
            return;
        }
        var vm = java.lang.management.ManagementFactory.getPlatformMXBean(
                com.sun.management.HotSpotDiagnosticMXBean.class);
        int useAvx = Integer.parseInt(vm.getVMOption("UseAVX").getValue());
        assertEquals(useAvx >= 3 ? 32 : 16, VectorSupport.kernels().vectorRegisters(),
                VectorSupport.describe() + " with UseAVX=" + useAvx);
        String expected = System.getProperty("latent.test.expectRegisters");
        if (expected != null) {
            assertEquals(Integer.parseInt(expected), VectorSupport.kernels().vectorRegisters(),
                    VectorSupport.describe());
        }
    }

    /**
     * Gathers are vector instructions from AVX2 on, unless {@code -Dlatent.simd.gathers=false} asks for the scalar
     * loops that a core without them (NEON) runs: the build's eight-lanes run does, to test those loops.
     */
    @Test
    void gathersFollowTheHardwareAndTheSwitch() {
        if (!VectorSupport.enabled() || !System.getProperty("os.arch").equals("amd64")) {
            return;
        }
        boolean forcedOff = "false".equals(System.getProperty("latent.simd.gathers"));
        assertEquals(!forcedOff, VectorSupport.kernels().vectorGathers(), VectorSupport.describe());
        String expected = System.getProperty("latent.test.expectGathers");
        if (expected != null) {
            assertEquals(Boolean.parseBoolean(expected), VectorSupport.kernels().vectorGathers(),
                    VectorSupport.describe());
        }
    }

    /** One-column products run as dot products per row (a layer with one output); A row-major only. */
    @Test
    void oneColumnProductsMatchNaiveAndDoNotDependOnThreads() {
        SplittableRandom rnd = new SplittableRandom(21);
        for (BlockedGemm<?> engine : engines()) {
            for (int m : new int[] {1, 5, 300}) {
                for (int k : new int[] {1, 15, 16, 17, 63, 64, 65, 6272}) {
                    checkEveryTranspose(engine, rnd, m, 1, k);
                }
            }
            // 1000 rows of 6272: 23 parallel chunks of 44 rows; alone (1 thread) the SIMD engine loads 16 lanes at a
            // time, sharing the work (2 threads) 8: the same bits, with and without a tail after the last block
            assertSameForOneAndTwoThreads(engine, false, false, 1000, 1, 6272);
            assertSameForOneAndTwoThreads(engine, false, false, 1000, 1, 6272 + 37);
        }
    }

    /** Every transpose, one of three alpha/beta pairs, offsets and padding, against the naive product. */
    private static void checkEveryTranspose(BlockedGemm<?> engine, SplittableRandom rnd, int m, int n, int k) {
        float[][] alphaBeta = {{1f, 0f}, {0.5f, 2f}, {-1.5f, 1f}};
        float[] ab = alphaBeta[(m + n + k) % alphaBeta.length];
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Case c = Case.random(rnd, ta, tb, m, n, k, 3, 2, 5);
                c.run(engine, ab[0], ab[1]);
                c.check(engine + " ta=" + ta + " tb=" + tb + " alpha=" + ab[0] + " beta=" + ab[1], ab[0], ab[1]);
            }
        }
    }

    /** The same product on 1 and on 2 threads, with alpha and beta, bit for bit. */
    private static void assertSameForOneAndTwoThreads(BlockedGemm<?> engine, boolean ta, boolean tb, int m, int n,
                                                      int k) {
        Case one = Case.random(new SplittableRandom(9), ta, tb, m, n, k, 0, 0, 0);
        Case two = Case.random(new SplittableRandom(9), ta, tb, m, n, k, 0, 0, 0);
        Parallel.setThreads(1);
        one.run(engine, 1.25f, 0.5f);
        Parallel.setThreads(2);
        two.run(engine, 1.25f, 0.5f);
        assertNotSame(one.c, two.c);
        for (int i = 0; i < one.c.length; i++) {
            if (Float.floatToRawIntBits(one.c[i]) != Float.floatToRawIntBits(two.c[i])) {
                fail(engine + " " + m + "x" + n + "x" + k + " differs at " + i + ": " + one.c[i] + " vs " + two.c[i]);
            }
        }
    }

    /**
     * Different rows, on 1 or on 2 threads (then in several chunks), give each row's bits summed alone, wherever the
     * rows start within a cache line, with b at various offsets, and what lies around the rows (NaN here) stays out
     * of their sums.
     */
    @Test
    void oneColumnProductsGiveTheSameBitsWhereverTheRowsStart() {
        SplittableRandom rnd = new SplittableRandom(37);
        int threads = Parallel.threads();
        try {
            for (int k : new int[] {31, 32, 33, 100, 6272, 6272 + 37}) {
                Parallel.setThreads(1 + k % 2);
                int lda = (k + 15) / 16 * 16;
                int m = (1 << 19) / k + 7; // at least two chunks
                float[] rows = Case.fill(rnd, m * k);
                float[] b = Case.fill(rnd, k + 16);
                for (BlockedGemm<?> engine : engines()) {
                    float[] alone = new float[m];
                    for (int i = 0; i < m; i++) {
                        engine.sgemm(false, false, 1, 1, k, 1f, rows, i * k, k, b, 0, 1, 0f, alone, i, 1);
                    }
                    for (int off = 0; off < 32; off++) {
                        int bOff = off * 5 % 16;
                        float[] bAt = new float[bOff + k];
                        System.arraycopy(b, 0, bAt, bOff, k);
                        float[] a = new float[off + m * lda + off % 3 * 8];
                        java.util.Arrays.fill(a, Float.NaN); // what lies around the rows must not reach their sums
                        for (int i = 0; i < m; i++) {
                            System.arraycopy(rows, i * k, a, off + i * lda, k);
                        }
                        float[] c = new float[m];
                        engine.sgemm(false, false, m, 1, k, 1f, a, off, lda, bAt, bOff, 1, 0f, c, 0, 1);
                        for (int i = 0; i < m; i++) {
                            if (Float.floatToRawIntBits(alone[i]) != Float.floatToRawIntBits(c[i])) {
                                fail(engine + " k " + k + " offset " + off + " row " + i + ": " + c[i] + " vs "
                                        + alone[i]);
                            }
                        }
                    }
                }
            }
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void oneColumnProductsSplitIntoEvenChunksOfWholeRowGroups() {
        // the DCGAN discriminator's output layer at batch 256: 6 chunks, two of 48 rows and four of 40, 128 rows
        // for each thread when the two take turns
        assertEquals(6, BlockedGemm.columnProductChunks(256, 6272));
        int[] starts = new int[7];
        for (int c = 0; c <= 6; c++) {
            starts[c] = BlockedGemm.columnChunkStart(c, 6, 256);
        }
        assertArrayEquals(new int[] {0, 48, 96, 136, 176, 216, 256}, starts);
        // small products stay one chunk, and a chunk never has fewer than 8 rows while the product has more
        assertEquals(1, BlockedGemm.columnProductChunks(256, 100));
        assertEquals(1, BlockedGemm.columnProductChunks(3, 1 << 20));
        assertEquals(2, BlockedGemm.columnProductChunks(16, 1 << 20));
        for (int m : new int[] {3, 64, 255, 256, 1000, 4096}) {
            for (int k : new int[] {1, 100, 6272, 1 << 20}) {
                int chunks = BlockedGemm.columnProductChunks(m, k);
                assertEquals(0, BlockedGemm.columnChunkStart(0, chunks, m), m + "x" + k);
                assertEquals(m, BlockedGemm.columnChunkStart(chunks, chunks, m), m + "x" + k);
                int groups = (m + 7) / 8;
                for (int c = 0; c < chunks; c++) {
                    int r0 = BlockedGemm.columnChunkStart(c, chunks, m);
                    int r1 = BlockedGemm.columnChunkStart(c + 1, chunks, m);
                    assertEquals(0, r0 % 8, m + "x" + k + " chunk " + c);
                    assertTrue(r1 > r0, m + "x" + k + " chunk " + c + " is empty");
                    assertTrue((r1 - r0 + 7) / 8 >= groups / chunks && (r1 - r0 + 7) / 8 <= groups / chunks + 1,
                            m + "x" + k + " chunk " + c + ": " + (r1 - r0) + " rows");
                }
            }
        }
    }

    /**
     * Rows summed four at a time and rows summed alone give the same bits: equal rows, equal results (over several
     * draws, since two summation orders can agree on one).
     */
    @Test
    void oneColumnProductsSumEveryRowInTheSameOrder() {
        int k = 6272 + 37;
        int m = 7;
        SplittableRandom rnd = new SplittableRandom(31);
        for (int draw = 0; draw < 20; draw++) {
            float[] row = Case.fill(rnd, k);
            float[] b = Case.fill(rnd, k);
            float[] a = new float[m * k];
            for (int i = 0; i < m; i++) {
                System.arraycopy(row, 0, a, i * k, k);
            }
            for (BlockedGemm<?> engine : engines()) {
                float[] c = new float[m];
                engine.sgemm(false, false, m, 1, k, 1f, a, 0, k, b, 0, 1, 0f, c, 0, 1);
                for (int i = 1; i < m; i++) {
                    assertEquals(Float.floatToRawIntBits(c[0]), Float.floatToRawIntBits(c[i]),
                            engine + " draw " + draw + " row " + i);
                }
            }
        }
    }

    @Test
    void oneRowProductsMatchNaiveAndDoNotDependOnThreads() {
        SplittableRandom rnd = new SplittableRandom(41);
        for (BlockedGemm<?> engine : engines()) {
            for (int n : new int[] {2, 15, 16, 17, 255, 256, 257, 600, 6272}) {
                for (int k : new int[] {1, 7, 256, 600}) {
                    checkEveryTranspose(engine, rnd, 1, n, k);
                }
            }
            // 6272 columns of 256: 25 parallel chunks of 256 columns
            assertSameForOneAndTwoThreads(engine, false, false, 1, 6272, 256);
        }
    }

    /**
     * Columns in a register block, in a single vector and past the last vector give the same bits, over more than
     * one K block.
     */
    @Test
    void oneRowProductsSumEveryColumnInTheSameOrder() {
        int k = 1100;
        int n = 256 + 16 + 5;
        float[] column = Case.fill(new SplittableRandom(43), k);
        float[] a = Case.fill(new SplittableRandom(44), k);
        float[] b = new float[k * n];
        for (int p = 0; p < k; p++) {
            Arrays.fill(b, p * n, (p + 1) * n, column[p]);
        }
        for (BlockedGemm<?> engine : engines()) {
            float[] c = new float[n];
            engine.sgemm(false, false, 1, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
            for (int j = 1; j < n; j++) {
                assertEquals(Float.floatToRawIntBits(c[0]), Float.floatToRawIntBits(c[j]), engine + " column " + j);
            }
        }
    }

    @Test
    void resultsAreBitIdenticalForOneAndTwoThreads() {
        assertBitIdenticalForOneAndTwoThreads(300, 530, 700);
        // 16 columns: the narrow-panel kernels, rows split over the threads
        assertBitIdenticalForOneAndTwoThreads(3000, 16, 72);
    }

    private static void assertBitIdenticalForOneAndTwoThreads(int m, int n, int k) {
        for (BlockedGemm<?> engine : engines()) {
            assertTrue(engine.plan(m, n, k).tasks() > 1, "shape must be split: " + engine.plan(m, n, k));
            for (boolean tb : new boolean[] {false, true}) {
                assertSameForOneAndTwoThreads(engine, true, tb, m, n, k);
            }
        }
    }

    @Test
    void planDependsOnlyOnShape() {
        for (BlockedGemm<?> engine : engines()) {
            GemmPlan big = engine.plan(1024, 1024, 1024);
            assertTrue(big.tasks() >= 4, big.toString());
            assertEquals(1, engine.plan(8, 8, 8).tasks());
            GemmPlan skinny = engine.plan(12544, 16, 72);
            assertEquals(1, skinny.colTiles(), skinny.toString());
            assertTrue(skinny.rowTiles() > 1, skinny.toString());
            Parallel.setThreads(1);
            GemmPlan again = engine.plan(1024, 1024, 1024);
            assertEquals(big, again);
            assertFalse(big.rowsPerTask() % 6 != 0 && big.rowTiles() > 1, big.toString());
            // an odd task count leaves one of 2 threads idle for the last task (256^3 was 5 row tiles)
            for (int[] shape : new int[][] {{256, 256, 256}, {1024, 1024, 1024}, {256, 784, 512}}) {
                GemmPlan plan = engine.plan(shape[0], shape[1], shape[2]);
                assertEquals(0, plan.tasks() % 2, plan.toString());
            }
        }
    }

    @Test
    void wideProductsGetNoRowTilesForAFewMissingColumnTiles() {
        for (BlockedGemm<?> engine : engines()) {
            // the GAN generators' first layer and the VAE decoder's: a second row tile would pack all of B twice
            for (int k : new int[] {32, 100}) {
                GemmPlan plan = engine.plan(256, 6272, k);
                assertTrue(plan.rowTiles() == 1 || 3 * plan.colTiles() < 2 * GemmPlan.MAX_TASKS, plan.toString());
            }
            // where the column tiles are far fewer than the tasks wanted, rows are still cut (a weight gradient)
            GemmPlan tall = engine.plan(1024, 128, 12544);
            assertTrue(tall.rowTiles() > 1, tall.toString());
        }
        if (VectorSupport.enabled() && VectorSupport.kernels().gemm().nr == 64) {
            assertEquals(new GemmPlan(256, 448, 1, 14), VectorSupport.kernels().gemm().plan(256, 6272, 100));
        }
    }

    @Test
    void rowTilesSpanAtLeastTwoABlocks() {
        for (BlockedGemm<?> engine : engines()) {
            for (int[] shape : new int[][] {{256, 512, 784}, {256, 784, 512}, {1024, 128, 12544}, {300, 530, 700}}) {
                GemmPlan plan = engine.plan(shape[0], shape[1], shape[2]);
                assertTrue(plan.rowTiles() == 1 || plan.rowsPerTask() >= 2 * engine.mc, plan.toString());
            }
        }
    }

    /** One random problem embedded in larger arrays (offsets and padded leading dimensions), with its reference. */
    private static final class Case {
        final boolean ta;
        final boolean tb;
        final int m;
        final int n;
        final int k;
        final int off;
        final int lda;
        final int ldb;
        final int ldc;
        final float[] a;
        final float[] b;
        final float[] c;
        float[] c0;

        private Case(boolean ta, boolean tb, int m, int n, int k, int off, int pad, float[] a, float[] b, float[] c) {
            this.ta = ta;
            this.tb = tb;
            this.m = m;
            this.n = n;
            this.k = k;
            this.off = off;
            this.lda = (ta ? m : k) + pad;
            this.ldb = (tb ? k : n) + pad;
            this.ldc = n + pad;
            this.a = a;
            this.b = b;
            this.c = c;
            this.c0 = c.clone();
        }

        static Case random(SplittableRandom rnd, boolean ta, boolean tb, int m, int n, int k, int off, int pad,
                           int tail) {
            int aRows = ta ? k : m;
            int bRows = tb ? n : k;
            float[] a = fill(rnd, off + aRows * ((ta ? m : k) + pad) + tail);
            float[] b = fill(rnd, off + bRows * ((tb ? k : n) + pad) + tail);
            float[] c = fill(rnd, off + m * (n + pad) + tail);
            return new Case(ta, tb, m, n, k, off, pad, a, b, c);
        }

        static float[] fill(SplittableRandom rnd, int size) {
            float[] x = new float[size];
            for (int i = 0; i < size; i++) {
                x[i] = (float) (rnd.nextDouble() * 2 - 1);
            }
            return x;
        }

        void run(BlockedGemm<?> engine, float alpha, float beta) {
            engine.sgemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, c, off, ldc);
        }

        float a(int i, int p) {
            return ta ? a[off + p * lda + i] : a[off + i * lda + p];
        }

        float b(int p, int j) {
            return tb ? b[off + j * ldb + p] : b[off + p * ldb + j];
        }

        /** C against the double-precision triple loop; the padding and the tail of C must be untouched. */
        void check(String what, float alpha, float beta) {
            for (int i = 0; i < c.length; i++) {
                int r = (i - off) / ldc;
                int col = (i - off) % ldc;
                boolean inside = i >= off && r < m && col < n;
                if (!inside) {
                    assertEquals(Float.floatToRawIntBits(c0[i]), Float.floatToRawIntBits(c[i]),
                            what + ": wrote outside C at " + i);
                    continue;
                }
                double sum = 0;
                double abs = 0;
                if (alpha != 0f) {
                    for (int p = 0; p < k; p++) {
                        double prod = (double) a(r, p) * b(p, col);
                        sum += prod;
                        abs += Math.abs(prod);
                    }
                }
                double old = beta == 0f ? 0 : (double) beta * c0[i];
                double expected = alpha * sum + old;
                double tol = 1e-6 * (k + 4) * (Math.abs(alpha) * abs + Math.abs(old)) + 1e-6;
                if (!(Math.abs(c[i] - expected) <= tol)) {
                    fail(what + " " + m + "x" + n + "x" + k + ": C[" + r + "," + col + "] = " + c[i] + ", expected "
                            + expected + " (tolerance " + tol + ")");
                }
            }
        }
    }
}
