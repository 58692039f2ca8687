package dev.latent.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The elementwise and reduction kernels against the ops' one-element definitions ({@link BinaryOp#apply},
 * {@link UnaryOp#apply}, {@link UnaryOp#derivative}) and double-precision references, on lengths around the vector
 * width, offsets and special values. Core's suite runs twice, so this checks the Vector API loops in one run and the
 * scalar loops in the other.
 */
class ElementwiseKernelsTest {
    private static final int[] LENGTHS = {0, 1, 7, 8, 15, 16, 17, 33, 100, 257};
    private static final float[] SPECIALS = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
        1f, -1f, 100f, -100f, 1e-30f};
    private static final int OFF = 3;

    /** Random values in [-4, 4) with a special value at about every seventh place. */
    private static float[] values(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextInt(7) == 0 ? SPECIALS[rnd.nextInt(SPECIALS.length)] : (float) (rnd.nextDouble() * 8 - 4);
        }
        return x;
    }

    /** Exact for IEEE operations; a few ulps for the transcendental ones (vector math library vs double). */
    private static void assertClose(String what, float expected, float actual, boolean exact) {
        if (Float.isNaN(expected) && Float.isNaN(actual)) {
            return;
        }
        if (exact ? Float.floatToIntBits(expected) == Float.floatToIntBits(actual)
                : expected == actual || Math.abs(expected - actual) <= 4 * Math.ulp(expected) + 1e-37f) {
            return;
        }
        fail(what + ": expected " + expected + " but was " + actual);
    }

    private static boolean transcendental(UnaryOp op) {
        return switch (op) {
            case EXP, LOG, LOG1P, TANH, SIGMOID, SOFTPLUS -> true;
            default -> false;
        };
    }

    private static float p(UnaryOp op) {
        return switch (op) {
            case LEAKY_RELU -> 0.01f;
            case SOFTPLUS -> 1f;
            case POW -> 3f;
            case ADD -> 0.5f;
            case MUL -> -2f;
            case RSUB -> 1f;
            case RDIV -> 2f;
            case CLAMP -> -0.5f;
            default -> 0f;
        };
    }

    private static float q(UnaryOp op) {
        return switch (op) {
            case SOFTPLUS -> 20f;
            case CLAMP -> 0.5f;
            default -> 0f;
        };
    }

    /**
     * Seeded training must not depend on when the JIT compiles a loop: the first (cold) result of each
     * transcendental kernel must equal, bit for bit, its result after many thousand warm calls.
     */
    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"EXP", "LOG", "LOG1P", "TANH", "SIGMOID", "SOFTPLUS"})
    void transcendentalResultsDoNotDependOnJitState(UnaryOp op) {
        float[] x = values(new SplittableRandom(99), 1024);
        float[] cold = new float[x.length];
        UnaryKernels.forward(op, p(op), q(op), x, 0, cold, 0, x.length);
        float[] warm = new float[x.length];
        for (int rep = 0; rep < 20_000; rep++) {
            UnaryKernels.forward(op, p(op), q(op), x, 0, warm, 0, x.length);
        }
        for (int i = 0; i < x.length; i++) {
            int at = i;
            assertEquals(Float.floatToIntBits(cold[i]), Float.floatToIntBits(warm[i]),
                    () -> op + " changed after warm-up at x = " + x[at]);
        }
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryLoopsMatchTheDefinition(BinaryOp op) {
        SplittableRandom rnd = new SplittableRandom(op.ordinal());
        for (int n : LENGTHS) {
            float[] a = values(rnd, n + OFF);
            float[] b = values(rnd, n + OFF);
            float s = (float) (rnd.nextDouble() * 4 - 2);
            float[] scalar = {0f, 0f, 0f, s};
            float[] both = new float[n + 1];
            float[] right = new float[n + 1];
            float[] left = new float[n + 1];
            float[] strided = new float[2 * n + 1];
            BinaryKernels.contiguous(op, a, OFF, b, OFF, both, 1, n);
            BinaryKernels.run(op, a, OFF, 1, scalar, OFF, 0, right, 1, 1, n);
            BinaryKernels.run(op, scalar, OFF, 0, a, OFF, 1, left, 1, 1, n);
            BinaryKernels.run(op, a, OFF, 1, b, OFF, 1, strided, 1, 2, n);
            for (int i = 0; i < n; i++) {
                String at = op + " n=" + n + " i=" + i;
                assertClose(at + " contiguous", op.apply(a[OFF + i], b[OFF + i]), both[1 + i], true);
                assertClose(at + " scalar right", op.apply(a[OFF + i], s), right[1 + i], true);
                assertClose(at + " scalar left", op.apply(s, a[OFF + i]), left[1 + i], true);
                assertClose(at + " strided", op.apply(a[OFF + i], b[OFF + i]), strided[1 + 2 * i], true);
            }
            assertEquals(0f, both[0], "wrote before the output run");
        }
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryForwardMatchesTheDefinition(UnaryOp op) {
        SplittableRandom rnd = new SplittableRandom(100 + op.ordinal());
        for (int n : LENGTHS) {
            float[] x = values(rnd, n + OFF);
            float[] y = new float[n + 1];
            UnaryKernels.forward(op, p(op), q(op), x, OFF, y, 1, n);
            for (int i = 0; i < n; i++) {
                assertClose(op + " n=" + n + " x=" + x[OFF + i], op.apply(x[OFF + i], p(op), q(op)), y[1 + i],
                        !transcendental(op));
            }
            assertEquals(0f, y[0], "wrote before the output run");
        }
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryBackwardMatchesTheDefinition(UnaryOp op) {
        SplittableRandom rnd = new SplittableRandom(200 + op.ordinal());
        for (int n : LENGTHS) {
            float[] x = values(rnd, n + OFF);
            float[] y = new float[n + OFF];
            for (int i = 0; i < n; i++) {
                y[OFF + i] = op.apply(x[OFF + i], p(op), q(op));
            }
            float[] g = values(rnd, n + OFF);
            float[] dx = new float[n + 1];
            UnaryKernels.backward(op, p(op), q(op), op.backwardNeedsInput() ? x : null, OFF,
                    op.backwardNeedsOutput() ? y : null, OFF, g, OFF, dx, 1, n);
            for (int i = 0; i < n; i++) {
                float expected = op.derivative(op.backwardNeedsInput() ? x[OFF + i] : 0f,
                        op.backwardNeedsOutput() ? y[OFF + i] : 0f, g[OFF + i], p(op), q(op));
                assertClose(op + " backward n=" + n + " x=" + x[OFF + i] + " g=" + g[OFF + i], expected, dx[1 + i],
                        !transcendental(op));
            }
        }
    }

    @Test
    void sumsMatchADoubleLoop() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int n : new int[] {0, 1, 15, 16, 17, 100, 10_000}) {
            float[] x = new float[n + OFF];
            double expected = 0;
            for (int i = 0; i < n; i++) {
                x[OFF + i] = (float) (rnd.nextDouble() * 2 - 0.5);
                expected += x[OFF + i];
            }
            assertEquals(expected, ReduceKernels.sum(x, OFF, n), 1e-12 * (n + 1), "n=" + n);
        }
        float[] rows = {1f, 2f, 3f, 4f, 5f, 6f};
        float[] out = new float[2];
        ReduceKernels.sumRows(rows, 0, 2, 3, out, 0);
        assertEquals(6f, out[0]);
        assertEquals(15f, out[1]);
    }

    @Test
    void extremesAndTheirFirstIndexMatchAScan() {
        SplittableRandom rnd = new SplittableRandom(9);
        for (int len : new int[] {1, 2, 15, 16, 17, 40, 100}) {
            for (int trial = 0; trial < 20; trial++) {
                int rows = 3;
                float[] x = new float[OFF + rows * len];
                for (int i = OFF; i < x.length; i++) {
                    // Few distinct values, so ties and signed zeros are common; NaN now and then.
                    int pick = rnd.nextInt(40);
                    x[i] = pick == 0 ? Float.NaN : pick == 1 ? -0f : pick == 2 ? 0f : rnd.nextInt(7) - 3;
                }
                for (boolean min : new boolean[] {false, true}) {
                    float[] out = new float[rows];
                    float[] idx = new float[rows];
                    ReduceKernels.extremeRows(x, OFF, rows, len, min, out, 0, idx, 0);
                    for (int r = 0; r < rows; r++) {
                        int base = OFF + r * len;
                        int at = 0;
                        for (int i = 1; i < len && !Float.isNaN(x[base + at]); i++) {
                            float v = x[base + i];
                            if (Float.isNaN(v) || (min ? v < x[base + at] : v > x[base + at])) {
                                at = i;
                            }
                        }
                        String what = (min ? "min" : "max") + " len=" + len + " row " + r;
                        assertEquals(at, (int) idx[r], what + " index");
                        assertClose(what + " value", x[base + at], out[r], true);
                    }
                }
            }
        }
    }

    @Test
    void chunkCopiesMoveEveryChunkAndTouchNothingElse() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int len : LENGTHS) {
            for (float add : new float[] {0f, 0.75f}) {
                int chunks = 5;
                int srcStride = len + 2;
                int dstStride = len + 5;
                float[] src = values(rnd, OFF + chunks * srcStride);
                float[] dst = new float[OFF + chunks * dstStride + 4];
                Arrays.fill(dst, 42f);
                ChunkKernels.copy(src, OFF, srcStride, dst, OFF, dstStride, chunks, len, add);
                for (int i = 0; i < dst.length; i++) {
                    int j = (i - OFF) / dstStride;
                    int p = (i - OFF) % dstStride;
                    boolean inChunk = i >= OFF && j < chunks && p < len;
                    float expected = inChunk ? src[OFF + j * srcStride + p] + add : 42f;
                    if (inChunk && add == 0f) {
                        expected = src[OFF + j * srcStride + p]; // a plain copy keeps -0
                    }
                    assertClose("len=" + len + " add=" + add + " at " + i, expected, dst[i], true);
                }
            }
        }
    }

    @Test
    void channelSumsMatchADoubleLoopOnSmallAndLargeMaps() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int pixels : new int[] {1, 9, 49, ConvKernels.SMALL_MAP_PIXELS, ConvKernels.SMALL_MAP_PIXELS + 1, 196}) {
            for (int channels : new int[] {1, 3, 17}) {
                int batch = 7;
                float[] a = new float[OFF + batch * channels * pixels];
                for (int i = OFF; i < a.length; i++) {
                    a[i] = (float) (rnd.nextDouble() * 8 - 4);
                }
                float[] out = new float[channels + 1];
                ConvKernels.channelSums(batch, channels, pixels, a, OFF, out, 1);
                for (int c = 0; c < channels; c++) {
                    double expected = 0;
                    for (int n = 0; n < batch; n++) {
                        for (int p = 0; p < pixels; p++) {
                            expected += a[OFF + (n * channels + c) * pixels + p];
                        }
                    }
                    assertEquals((float) expected, out[1 + c], 1e-5f * Math.max(1, Math.abs(expected)),
                            "pixels=" + pixels + " channels=" + channels + " channel " + c);
                }
                assertEquals(0f, out[0], "nothing written before outOff");
            }
        }
    }
}
