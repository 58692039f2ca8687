package dev.latent.nn.loss;

import dev.latent.kernels.Parallel;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The elementwise losses on tensors of several parallel chunks: the formula per element, on any thread count. */
class ElementwiseLossesTest {
    private static final int ELEMENTS = 3 * 10_007;

    @Test
    void binaryCrossEntropyOfManyElementsIsTheFormulaOnAnyThreadCount() {
        Generator gen = new Generator(5);
        Tensor x = Tensor.rand(gen, 3, 10_007).mul(0.98f).add(0.01f).setRequiresGrad(true);
        // the target a view at an offset into a larger tensor, read in place
        Tensor t = Tensor.rand(gen, 5, 10_007).narrow(0, 2, 3);
        float[] xs = x.toArray();
        float[] ts = t.toArray();
        float[][] first = null;
        int before = Parallel.threads();
        try {
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                x.clearGrad();
                Tensor loss = Losses.binaryCrossEntropy(x, t, Reduction.NONE);
                loss.sum().backward();
                float[] value = loss.toArray();
                float[] grad = x.grad().toArray();
                for (int i = 0; i < ELEMENTS; i++) {
                    double expected = -(ts[i] * Math.log(xs[i]) + (1 - ts[i]) * Math.log(1 - xs[i]));
                    assertEquals(expected, value[i], 1e-5 * Math.max(1, Math.abs(expected)), "element " + i);
                    double dx = (xs[i] - ts[i]) / ((1.0 - xs[i]) * xs[i]);
                    assertEquals(dx, grad[i], 1e-4 * Math.max(1, Math.abs(dx)), "gradient " + i);
                }
                if (first == null) {
                    first = new float[][] {value, grad};
                } else {
                    assertArrayEquals(first[0], value, threads + " threads");
                    assertArrayEquals(first[1], grad, threads + " threads");
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void theFirstBadElementIsNamedOnAnyThreadCount() {
        float[] values = new float[ELEMENTS];
        java.util.Arrays.fill(values, 0.5f);
        values[20_000] = 1.5f;
        values[25_000] = -1f;
        Tensor x = Tensor.wrap(values, ELEMENTS);
        Tensor t = Tensor.zeros(ELEMENTS);
        int before = Parallel.threads();
        try {
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreads(threads);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Losses.binaryCrossEntropy(x, t));
                assertTrue(e.getMessage().contains("got 1.5 at element 20000"), e.getMessage());
            }
        } finally {
            Parallel.setThreads(before);
        }
    }
}
