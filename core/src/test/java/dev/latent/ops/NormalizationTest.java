package dev.latent.ops;

import dev.latent.tensor.Generator;
import dev.latent.tensor.GradCheck;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NormalizationTest {
    /** Batch norm written as a chain of tensor ops: the reference for the fused op. */
    private static Tensor reference(Tensor x, Tensor w, Tensor b, float eps) {
        int[] dims = x.dim() == 2 ? new int[] {0} : x.dim() == 3 ? new int[] {0, 2} : new int[] {0, 2, 3};
        int[] channelShape = new int[x.dim()];
        java.util.Arrays.fill(channelShape, 1);
        channelShape[1] = x.size(1);
        Tensor mean = x.mean(dims, true);
        Tensor var = x.var(dims, 0, true);
        return x.sub(mean).div(var.add(eps).sqrt()).mul(w.reshape(channelShape)).add(b.reshape(channelShape));
    }

    @Test
    void trainingMatchesTheCompositeFormulaAndUpdatesRunningStats() {
        Generator gen = new Generator(11);
        for (int[] shape : new int[][] {{5, 3}, {4, 3, 7}, {2, 3, 4, 5}}) {
            Tensor x = Tensor.randn(gen, shape).mul(2f).add(0.5f);
            Tensor w = Tensor.randn(gen, 3);
            Tensor b = Tensor.randn(gen, 3);
            Tensor rm = Tensor.zeros(3);
            Tensor rv = Tensor.ones(3);
            Tensor y = Normalization.batchNorm(x, w, b, rm, rv, true, 0.1, 1e-5);
            Tensor expected = reference(x, w, b, 1e-5f);
            assertNull(y.mismatch(expected, 1e-5f, 1e-5f), () -> y.mismatch(expected, 1e-5f, 1e-5f));
            int[] dims = shape.length == 2 ? new int[] {0} : shape.length == 3 ? new int[] {0, 2} : new int[] {0, 2, 3};
            Tensor batchMean = x.mean(dims, false);
            Tensor unbiased = x.var(dims, 1, false);
            assertNull(rm.mismatch(batchMean.mul(0.1f), 1e-5f, 1e-6f));
            assertNull(rv.mismatch(unbiased.mul(0.1f).add(0.9f), 1e-5f, 1e-6f));
        }
    }

    @Test
    void evaluationUsesRunningStatsAndLeavesThemAlone() {
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        Tensor rm = Tensor.of(1, 2);
        Tensor rv = Tensor.of(4, 0.25f);
        Tensor y = Normalization.batchNorm(x, Tensor.of(2, 1), Tensor.of(0, 1), rm, rv, false, 0.1, 0);
        assertArrayEquals(new float[] {0, 1, 2, 5}, y.toArray(), 1e-6f);
        assertArrayEquals(new float[] {1, 2}, rm.toArray());
        assertArrayEquals(new float[] {4, 0.25f}, rv.toArray());
    }

    @Test
    void gradientsInBothModes() {
        Generator gen = new Generator(12);
        Tensor x = Tensor.randn(gen, 3, 2, 2, 3).setRequiresGrad(true);
        Tensor w = Tensor.randn(gen, 2).setRequiresGrad(true);
        Tensor b = Tensor.randn(gen, 2).setRequiresGrad(true);
        GradCheck.assertGradients(in -> Normalization.batchNorm(in[0], in[1], in[2], null, null, true, 0.1, 1e-5),
                x, w, b);
        Tensor rm = Tensor.of(0.3f, -0.2f);
        Tensor rv = Tensor.of(1.5f, 0.7f);
        GradCheck.assertGradients(in -> Normalization.batchNorm(in[0], in[1], in[2], rm, rv, false, 0.1, 1e-5),
                x, w, b);
        Tensor x2 = Tensor.randn(gen, 6, 4).setRequiresGrad(true);
        GradCheck.assertGradients(in -> Normalization.batchNorm(in[0], null, null, null, null, true, 0.1, 1e-5), x2);
        // the fused backward agrees with the composite one, on planes and on one value per channel (BatchNorm1d)
        for (int[] shape : new int[][] {{4, 3, 5}, {7, 3}}) {
            Tensor xs = Tensor.randn(gen, shape).setRequiresGrad(true);
            Tensor ws = Tensor.randn(gen, 3).setRequiresGrad(true);
            Tensor bs = Tensor.randn(gen, 3).setRequiresGrad(true);
            Tensor up = Tensor.randn(gen, shape);
            Normalization.batchNorm(xs, ws, bs, null, null, true, 0.1, 1e-5).mul(up).sum().backward();
            Tensor[] fused = {xs.grad(), ws.grad(), bs.grad()};
            xs.clearGrad();
            ws.clearGrad();
            bs.clearGrad();
            reference(xs, ws, bs, 1e-5f).mul(up).sum().backward();
            Tensor[] composite = {xs.grad(), ws.grad(), bs.grad()};
            for (int i = 0; i < 3; i++) {
                String m = fused[i].mismatch(composite[i], 1e-4f, 1e-5f);
                assertNull(m, () -> java.util.Arrays.toString(shape) + ": " + m);
            }
        }
    }

    @Test
    void badArgumentsAreRejected() {
        Tensor x = Tensor.zeros(4, 3);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Normalization.batchNorm(x, Tensor.ones(2), null, null, null, true, 0.1, 1e-5));
        assertTrue(e.getMessage().contains("weight") && e.getMessage().contains("[4, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Normalization.batchNorm(Tensor.zeros(1, 3), null, null, null, null, true, 0.1, 1e-5));
        assertThrows(IllegalArgumentException.class,
                () -> Normalization.batchNorm(x, null, null, null, null, false, 0.1, 1e-5));
        assertThrows(IllegalArgumentException.class,
                () -> Normalization.batchNorm(Tensor.zeros(4), null, null, null, null, true, 0.1, 1e-5));
        assertThrows(IllegalArgumentException.class,
                () -> Normalization.batchNorm(x, null, null, Tensor.zeros(3), null, true, 0.1, 1e-5));
    }
}
