package dev.latent.nn;

import dev.latent.nn.layers.Embedding;
import dev.latent.nn.layers.Linear;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitTest {
    private static double[] meanAndVariance(Tensor t) {
        float[] v = t.toArray();
        double mean = 0;
        for (float x : v) {
            mean += x;
        }
        mean /= v.length;
        double var = 0;
        for (float x : v) {
            var += (x - mean) * (x - mean);
        }
        return new double[] {mean, var / v.length};
    }

    private static float maxAbs(Tensor t) {
        float m = 0;
        for (float x : t.toArray()) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    @Test
    void linearDefaultIsPyTorchsKaimingUniformWithASqrt5() {
        Linear lin = new Linear(300, 200, true, new Generator(1));
        double bound = 1 / Math.sqrt(300);
        assertTrue(maxAbs(lin.weight()) <= bound && maxAbs(lin.weight()) > 0.99 * bound, "weight in U(-b, b)");
        assertTrue(maxAbs(lin.bias()) <= bound && maxAbs(lin.bias()) > 0.9 * bound, "bias in U(-b, b)");
        double[] mv = meanAndVariance(lin.weight());
        assertEquals(0, mv[0], 0.01 * bound);
        assertEquals(bound * bound / 3, mv[1], 0.02 * bound * bound / 3, "variance of U(-b, b) is b^2 / 3");
        assertArrayEquals(lin.weight().toArray(), new Linear(300, 200, true, new Generator(1)).weight().toArray(),
                "seeded");
        assertFalse(java.util.Arrays.equals(lin.weight().toArray(),
                new Linear(300, 200, true, new Generator(2)).weight().toArray()));
    }

    @Test
    void fansAndGainsFollowPyTorch() {
        Tensor conv = Tensor.zeros(8, 6, 5, 3);
        assertEquals(6 * 15, Init.fanIn(conv));
        assertEquals(8 * 15, Init.fanOut(conv));
        assertThrows(IllegalArgumentException.class, () -> Init.fanIn(Tensor.zeros(4)));
        assertEquals(Math.sqrt(2), Init.calculateGain(Init.Nonlinearity.RELU, 0), 1e-12);
        assertEquals(5.0 / 3, Init.calculateGain(Init.Nonlinearity.TANH, 0), 1e-12);
        assertEquals(Math.sqrt(2 / 1.04), Init.calculateGain(Init.Nonlinearity.LEAKY_RELU, 0.2), 1e-12);
        assertEquals(1, Init.calculateGain(Init.Nonlinearity.SIGMOID, 0));
    }

    @Test
    void helpersDrawFromTheStatedDistributions() {
        Generator gen = new Generator(3);
        Tensor w = Tensor.zeros(400, 250).setRequiresGrad(true);
        double xavierVar = 2.0 / (400 + 250);
        assertEquals(xavierVar, meanAndVariance(Init.xavierUniform(w, gen, 1))[1], 0.03 * xavierVar);
        assertEquals(xavierVar * 4, meanAndVariance(Init.xavierNormal(w, gen, 2))[1], 0.03 * xavierVar * 4);
        double heVar = 2.0 / 250;
        assertEquals(heVar, meanAndVariance(Init.kaimingNormal(w, gen, 0, Init.FanMode.FAN_IN,
                Init.Nonlinearity.RELU))[1], 0.03 * heVar);
        double heOut = 2.0 / 400;
        assertEquals(heOut, meanAndVariance(Init.kaimingUniform(w, gen, 0, Init.FanMode.FAN_OUT,
                Init.Nonlinearity.RELU))[1], 0.03 * heOut);
        double[] n = meanAndVariance(Init.normal(w, gen, 0.5, 0.02));
        assertEquals(0.5, n[0], 0.001);
        assertEquals(0.0004, n[1], 0.00002);
        assertEquals(3f, Init.constant(w, 3).toArray()[17]);
        assertTrue(w.requiresGrad(), "initialisers work on parameters (without recording autodiff)");
        assertThrows(IllegalArgumentException.class, () -> Init.uniform(w, gen, 1, 0));
    }

    @Test
    void embeddingStartsStandardNormal() {
        double[] mv = meanAndVariance(new Embedding(1000, 50, new Generator(4)).weight());
        assertEquals(0, mv[0], 0.01);
        assertEquals(1, mv[1], 0.02);
    }
}
