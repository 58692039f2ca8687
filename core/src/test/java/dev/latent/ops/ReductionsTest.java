package dev.latent.ops;

import dev.latent.tensor.Generator;
import dev.latent.tensor.GradCheck;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReductionsTest {
    private static final Tensor X = Tensor.of(new float[][] {{1, 5, 2}, {4, 3, 6}});

    private static Tensor leafRandn(long seed, int... shape) {
        return Tensor.randn(new Generator(seed), shape).setRequiresGrad(true);
    }

    @Test
    void sumMeanOverAnyDims() {
        assertEquals(21f, X.sum().item());
        assertArrayEquals(new float[] {5, 8, 8}, X.sum(0).toArray());
        assertArrayEquals(new float[] {8, 13}, X.sum(1).toArray());
        assertEquals(Shape.of(2, 1), X.sum(new int[] {-1}, true).shape());
        assertArrayEquals(new float[] {3.5f}, X.mean(new int[] {0, 1}, true).reshape(1).toArray());
        Tensor cube = Tensor.arange(24).reshape(2, 3, 4);
        assertArrayEquals(new float[] {60, 66, 72, 78}, cube.sum(new int[] {0, 1}, false).toArray());
        assertArrayEquals(new float[] {66, 210}, cube.sum(new int[] {2, 1}, false).toArray());
        assertArrayEquals(new float[] {7.5f, 11.5f, 15.5f}, cube.mean(new int[] {0, 2}, false).toArray());
        assertThrows(IllegalArgumentException.class, () -> cube.sum(new int[] {1, 1}, false));
        assertThrows(IllegalArgumentException.class, () -> cube.sum(3));
    }

    @Test
    void varianceWithCorrection() {
        // rows {1,5,2} and {4,3,6}: means 8/3 and 13/3
        assertArrayEquals(new float[] {4.3333335f, 2.3333333f}, X.var(new int[] {1}, 1, false).toArray(), 1e-6f);
        assertArrayEquals(new float[] {2.8888889f, 1.5555556f}, X.var(new int[] {1}, 0, false).toArray(), 1e-6f);
        assertEquals(3.5f, X.var().item(), 1e-6f);
    }

    @Test
    void maxMinArgmax() {
        assertEquals(6f, X.max().item());
        assertEquals(1f, X.min().item());
        var byRow = X.max(1, false);
        assertArrayEquals(new float[] {5, 6}, byRow.values().toArray());
        assertArrayEquals(new float[] {1, 2}, byRow.indices().toArray());
        var byCol = X.min(0, true);
        assertEquals(Shape.of(1, 3), byCol.values().shape());
        assertArrayEquals(new float[] {1, 3, 2}, byCol.values().toArray());
        assertArrayEquals(new float[] {0, 1, 0}, byCol.indices().toArray());
        assertEquals(5f, X.argmax().item());
        assertArrayEquals(new float[] {1, 0, 1}, X.argmax(0, false).toArray());
        assertArrayEquals(new float[] {0, 1}, X.argmin(1, false).toArray());
        assertArrayEquals(new float[] {5, 6}, X.amax(new int[] {1}, false).toArray());
        assertEquals(Float.NaN, Tensor.of(1, Float.NaN, 3).max().item());
    }

    @Test
    void logsumexpAndSoftmaxAreStable() {
        Tensor big = Tensor.of(new float[][] {{1000, 1000}, {-1000, -1000}});
        assertArrayEquals(new float[] {1000.6931f, -999.3069f}, big.logsumexp(new int[] {1}, false).toArray(), 1e-3f);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, big.softmax(1).toArray(), 1e-6f);
        assertArrayEquals(new float[] {-0.6931472f, -0.6931472f, -0.6931472f, -0.6931472f},
                big.logSoftmax(1).toArray(), 1e-6f);
        Tensor s = Tensor.of(1, 2, 3).softmax(0);
        assertArrayEquals(new float[] {0.09003057f, 0.24472847f, 0.66524096f}, s.toArray(), 1e-6f);
        Tensor col = X.softmax(0);
        assertArrayEquals(new float[] {0.04742587f, 0.88079708f, 0.01798621f, 0.95257413f, 0.11920292f, 0.98201379f},
                col.toArray(), 1e-6f);
        assertEquals(Float.NEGATIVE_INFINITY, Tensor.of(Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY)
                .logsumexp(new int[] {0}, false).item());
    }

    @Test
    void gradientsOfReductions() {
        Tensor x = leafRandn(11, 3, 4, 5);
        GradCheck.assertGradients(in -> in[0].sum(), x);
        GradCheck.assertGradients(in -> in[0].sum(new int[] {0, 2}, false), x);
        GradCheck.assertGradients(in -> in[0].mean(new int[] {1}, true), x);
        GradCheck.assertGradients(in -> in[0].var(new int[] {2}, 1, false), x);
        GradCheck.assertGradients(in -> in[0].var(new int[] {0, 1}, 0, true), x);
        GradCheck.assertGradients(in -> in[0].logsumexp(new int[] {1, 2}, false), x);
        GradCheck.assertGradients(in -> in[0].softmax(1), x);
        GradCheck.assertGradients(in -> in[0].logSoftmax(-1), x);
        GradCheck.assertGradients(in -> in[0].max(1, false).values(), x);
        GradCheck.assertGradients(in -> in[0].min(2, true).values(), x);
        GradCheck.assertGradients(in -> in[0].amax(new int[] {0, 2}, false), x);
        GradCheck.assertGradients(in -> in[0].t().sum(0), leafRandn(12, 4, 6));
    }

    @Test
    void amaxSharesTheGradientAmongTies() {
        Tensor x = Tensor.of(1, 3, 3).setRequiresGrad(true);
        x.max().backward();
        assertArrayEquals(new float[] {0, 0.5f, 0.5f}, x.grad().toArray());
        Tensor y = Tensor.of(1, 3, 3).setRequiresGrad(true);
        y.max(0, false).values().backward();
        assertArrayEquals(new float[] {0, 1, 0}, y.grad().toArray());
    }
}
