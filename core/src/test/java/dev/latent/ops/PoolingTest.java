package dev.latent.ops;

import dev.latent.tensor.Generator;
import dev.latent.tensor.GradCheck;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.latent.ops.ConvolutionTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolingTest {

    /** Max or average pooling of a contiguous [planes, h, w] array over an explicitly padded copy. */
    private static float[][] naivePool(boolean max, float[] x, int planes, int h, int w, int k, int s, int p,
                                       float[] dy) {
        int hp = h + 2 * p;
        int wp = w + 2 * p;
        int ho = (hp - k) / s + 1;
        int wo = (wp - k) / s + 1;
        float[] y = new float[planes * ho * wo];
        float[] dx = new float[x.length];
        for (int c = 0; c < planes; c++) {
            float[] padded = new float[hp * wp];
            java.util.Arrays.fill(padded, max ? Float.NEGATIVE_INFINITY : 0f);
            for (int i = 0; i < h; i++) {
                System.arraycopy(x, (c * h + i) * w, padded, (i + p) * wp + p, w);
            }
            for (int oh = 0; oh < ho; oh++) {
                for (int ow = 0; ow < wo; ow++) {
                    int o = (c * ho + oh) * wo + ow;
                    double sum = 0;
                    float best = Float.NEGATIVE_INFINITY;
                    int bestAt = -1;
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < k; j++) {
                            int at = (oh * s + i) * wp + ow * s + j;
                            sum += padded[at];
                            if (bestAt < 0 || padded[at] > best) {
                                best = padded[at];
                                bestAt = at;
                            }
                        }
                    }
                    y[o] = max ? best : (float) (sum / (k * k));
                    if (max) {
                        int ih = bestAt / wp - p;
                        int iw = bestAt % wp - p;
                        dx[(c * h + ih) * w + iw] += dy[o];
                    } else {
                        for (int i = 0; i < k; i++) {
                            for (int j = 0; j < k; j++) {
                                int ih = oh * s + i - p;
                                int iw = ow * s + j - p;
                                if (ih >= 0 && ih < h && iw >= 0 && iw < w) {
                                    dx[(c * h + ih) * w + iw] += dy[o] / (k * k);
                                }
                            }
                        }
                    }
                }
            }
        }
        return new float[][] {y, dx};
    }

    /** Distinct values (a shuffled 0.1-spaced ramp), so that finite differences never change a window's argmax. */
    private static Tensor distinct(Generator gen, int... shape) {
        int n = Shape.of(shape).numel();
        int[] perm = gen.permutation(n);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = perm[i] * 0.1f - n * 0.05f;
        }
        return Tensor.wrap(v, shape);
    }

    @Test
    void knownValues() {
        Tensor x = Tensor.arange(16).reshape(1, 1, 4, 4);
        assertArrayEquals(new float[] {5, 7, 13, 15}, Pooling.maxPool2d(x, 2, 2, 2, 2, 0, 0).toArray());
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, Pooling.avgPool2d(x, 2, 2, 2, 2, 0, 0).toArray());
        // padding 1, kernel 3, stride 2: the corner window holds 0, 1, 4, 5 plus five zeros of padding
        assertArrayEquals(new float[] {10f / 9, 24f / 9, 51f / 9, 90f / 9},
                Pooling.avgPool2d(x, 3, 3, 2, 2, 1, 1).toArray(), 1e-6f);
        assertArrayEquals(new float[] {5, 7, 13, 15}, Pooling.maxPool2d(x, 3, 3, 2, 2, 1, 1).toArray());
        Tensor up = Pooling.upsampleNearest2d(Tensor.of(1f, 2f, 3f, 4f).reshape(1, 2, 2), 2, 3);
        assertEquals(Shape.of(1, 4, 6), up.shape());
        assertArrayEquals(new float[] {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4},
                up.toArray());
    }

    @Test
    void maxAndAvgMatchNaiveReferenceOnAGrid() {
        Generator gen = new Generator(3);
        for (int h = 1; h <= 9; h += 2) {
            for (int w = 1; w <= 8; w += 3) {
                for (int k = 1; k <= 3; k++) {
                    for (int s = 1; s <= 3; s++) {
                        for (int p = 0; p <= k / 2; p++) {
                            if (h + 2 * p < k || w + 2 * p < k) {
                                continue;
                            }
                            for (boolean max : new boolean[] {true, false}) {
                                String what = (max ? "max" : "avg") + " " + h + "x" + w + " k" + k + " s" + s + " p"
                                        + p;
                                Tensor x = distinct(gen, 2, 3, h, w).setRequiresGrad(true);
                                Tensor y = max ? Pooling.maxPool2d(x, k, k, s, s, p, p)
                                        : Pooling.avgPool2d(x, k, k, s, s, p, p);
                                Tensor dy = Tensor.randn(gen, y.shape().toArray());
                                float[][] ref = naivePool(max, x.toArray(), 6, h, w, k, s, p, dy.toArray());
                                assertArrayEquals(ref[0], y.toArray(), 1e-5f, what + " forward");
                                y.backward(dy);
                                assertArrayEquals(ref[1], x.grad().toArray(), 1e-5f, what + " backward");
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void gradCheck() {
        Generator gen = new Generator(4);
        GradCheck.assertGradients(in -> Pooling.maxPool2d(in[0], 3, 2, 2, 1, 1, 1),
                distinct(gen, 2, 2, 5, 6).setRequiresGrad(true));
        GradCheck.assertGradients(in -> Pooling.avgPool2d(in[0], 2, 3, 1, 2, 1, 1),
                Tensor.randn(gen, 2, 2, 5, 6).setRequiresGrad(true));
        GradCheck.assertGradients(in -> Pooling.upsampleNearest2d(in[0], 3, 2),
                Tensor.randn(gen, 2, 2, 3, 4).setRequiresGrad(true));
    }

    @Test
    void stridedAndThreeDimensionalInputs() {
        Generator gen = new Generator(5);
        Tensor base = distinct(gen, 2, 7, 3, 6);
        Tensor x = base.permute(0, 2, 1, 3); // [2, 3, 7, 6], not contiguous
        Tensor xc = x.contiguous();
        assertTrue(!x.isContiguous());
        assertNull(Pooling.maxPool2d(x, 2, 2, 2, 2, 1, 1).mismatch(Pooling.maxPool2d(xc, 2, 2, 2, 2, 1, 1), 0, 0));
        assertNull(Pooling.avgPool2d(x, 3, 3, 2, 1, 1, 0).mismatch(Pooling.avgPool2d(xc, 3, 3, 2, 1, 1, 0), 0, 0));
        assertNull(Pooling.upsampleNearest2d(x, 2, 2).mismatch(Pooling.upsampleNearest2d(xc, 2, 2), 0, 0));
        Tensor three = xc.select(0, 1);
        assertEquals(Shape.of(3, 3, 3), Pooling.maxPool2d(three, 2, 2, 2, 2, 0, 0).shape());
        assertNull(Pooling.maxPool2d(three, 2, 2, 2, 2, 0, 0).mismatch(
                Pooling.maxPool2d(xc, 2, 2, 2, 2, 0, 0).select(0, 1), 0, 0));
    }

    @Test
    void upsampleMatchesNaiveReference() {
        Generator gen = new Generator(6);
        Tensor x = Tensor.randn(gen, 2, 3, 5, 4).setRequiresGrad(true);
        Tensor y = Pooling.upsampleNearest2d(x, 3, 2);
        assertEquals(Shape.of(2, 3, 15, 8), y.shape());
        Tensor dy = Tensor.randn(gen, 2, 3, 15, 8);
        y.backward(dy);
        float[] dxRef = new float[x.numel()];
        for (int c = 0; c < 6; c++) {
            for (int oh = 0; oh < 15; oh++) {
                for (int ow = 0; ow < 8; ow++) {
                    int xi = (c * 5 + oh / 3) * 4 + ow / 2;
                    int yi = (c * 15 + oh) * 8 + ow;
                    assertEquals(x.toArray()[xi], y.toArray()[yi], 0f);
                    dxRef[xi] += dy.toArray()[yi];
                }
            }
        }
        assertArrayEquals(dxRef, x.grad().toArray(), 1e-5f);
    }

    @Test
    void maxPoolTiesAndNaNsFollowPyTorch() {
        Tensor x = Tensor.of(1f, 3f, 3f, 0f).reshape(1, 1, 2, 2).setRequiresGrad(true);
        Pooling.maxPool2d(x, 2, 2, 2, 2, 0, 0).sum().backward();
        assertArrayEquals(new float[] {0, 1, 0, 0}, x.grad().toArray()); // the first maximum takes the gradient
        Tensor n = Tensor.of(1f, Float.NaN, 3f, 0f).reshape(1, 1, 2, 2);
        assertTrue(Float.isNaN(Pooling.maxPool2d(n, 2, 2, 2, 2, 0, 0).item()));
        // an all -inf window still picks a real (not padded) cell
        Tensor inf = Tensor.full(Float.NEGATIVE_INFINITY, 1, 1, 2, 2).setRequiresGrad(true);
        Pooling.maxPool2d(inf, 2, 2, 1, 1, 1, 1).sum().backward();
        assertEquals(9f, inf.grad().sum().item(), 0f);
    }

    @Test
    void badArgumentsAreRejectedWithClearMessages() {
        Tensor x = Tensor.zeros(1, 2, 4, 4);
        assertMessage(() -> Pooling.maxPool2d(x, 2, 2, 2, 2, 2, 0), "max_pool2d", "half");
        assertMessage(() -> Pooling.avgPool2d(x, 0, 2, 1, 1, 0, 0), "avg_pool2d", "kernel");
        assertMessage(() -> Pooling.maxPool2d(x, 5, 5, 1, 1, 0, 0), "max_pool2d", "[1, 2, 4, 4]");
        assertMessage(() -> Pooling.avgPool2d(Tensor.zeros(4, 4), 2, 2, 2, 2, 0, 0), "avg_pool2d", "[4, 4]");
        assertMessage(() -> Pooling.upsampleNearest2d(x, 0, 2), "upsample_nearest2d", "scale");
    }
}
