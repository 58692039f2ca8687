package dev.latent.models.analysis;

import dev.latent.kernels.Parallel;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalysisTest {
    /** Points spread along u (std 3) and v (std 0.5) in 4-D, offset by (1, 2, 3, 4). */
    private static Tensor elongated(int n) {
        Generator g = new Generator(1);
        double[] u = {0.5, 0.5, 0.5, 0.5};
        double[] v = {0.5, -0.5, 0.5, -0.5};
        float[] x = new float[n * 4];
        for (int i = 0; i < n; i++) {
            double a = 3 * g.nextGaussian();
            double b = 0.5 * g.nextGaussian();
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = (float) (j + 1 + a * u[j] + b * v[j]);
            }
        }
        return Tensor.wrap(x, n, 4);
    }

    @Test
    void pcaFindsTheDirectionsOfLargestVariance() {
        Tensor data = elongated(4000);
        Pca pca = Pca.fit(data, 2);
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5}, pca.component(0), 0.01);
        double[] second = pca.component(1);
        assertEquals(0.5, Math.abs(second[0]), 0.02);
        assertEquals(-1, Math.signum(second[0] * second[1]));
        double[] var = pca.explainedVariance();
        assertEquals(9.0, var[0], 0.5);
        assertEquals(0.25, var[1], 0.02);
        Tensor projected = pca.transform(data);
        assertEquals(0.0, projected.mean(new int[] {0}, false).get(0), 1e-4);
        assertEquals(9.0, projected.var(new int[] {0}, 1, false).get(0), 0.5);
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(data, 5));
        assertThrows(IllegalArgumentException.class, () -> pca.transform(Tensor.zeros(3, 3)));
    }

    /** Three Gaussian blobs in 10-D, 50 points each, centres 6 apart. */
    private static Tensor blobs(int[] labels) {
        Generator g = new Generator(2);
        int n = labels.length;
        float[] x = new float[n * 10];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 10; j++) {
                x[i * 10 + j] = (float) ((j == labels[i] ? 6 : 0) + g.nextGaussian());
            }
        }
        return Tensor.wrap(x, n, 10);
    }

    @Test
    void tsneKeepsClustersApartAndIsDeterministicAcrossThreadCounts() {
        int[] labels = new int[150];
        Tensor data = blobs(labels);
        int before = Parallel.threads();
        Tensor one;
        Tensor two;
        try {
            Parallel.setThreads(1);
            one = new Tsne().perplexity(20).iterations(400).seed(3).fit(data);
            Parallel.setThreads(2);
            two = new Tsne().perplexity(20).iterations(400).seed(3).fit(data);
        } finally {
            Parallel.setThreads(before);
        }
        assertArrayEquals(one.toArray(), two.toArray(), "bit-identical for 1 and 2 threads");
        float[] y = one.toArray();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int nearest = -1;
            double best = Double.MAX_VALUE;
            for (int j = 0; j < labels.length; j++) {
                double d = Math.hypot(y[2 * i] - y[2 * j], y[2 * i + 1] - y[2 * j + 1]);
                if (j != i && d < best) {
                    best = d;
                    nearest = j;
                }
            }
            correct += labels[nearest] == labels[i] ? 1 : 0;
        }
        assertTrue(correct >= 148, "nearest neighbour in the map has the same label for " + correct + "/150");
        assertThrows(IllegalArgumentException.class, () -> new Tsne().perplexity(200).fit(data));
    }
}
