package dev.latent.models.analysis;

import dev.latent.kernels.Parallel;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

/**
 * Exact t-SNE (van der Maaten and Hinton, 2008) to 2-D: perplexity-calibrated Gaussian affinities, Student-t
 * similarities in the embedding, gradient descent with momentum, per-coordinate gains and early exaggeration.
 * O(N^2) per iteration, fine for the few thousand points of a latent map; rows are processed in parallel with a
 * shape-determined split, so a seeded run gives the same map for any thread count.
 */
public final class Tsne {
    /** Largest input accepted (the N x N similarity matrix must fit comfortably in memory). */
    public static final int MAX_POINTS = 10_000;

    private double perplexity = 30;
    private int iterations = 1000;
    private double learningRate = 200;
    private double earlyExaggeration = 12;
    private int exaggerationIterations = 250;
    private long seed = 0;

    /** A t-SNE with the usual defaults: perplexity 30, 1000 iterations, learning rate 200, exaggeration 12. */
    public Tsne() {
    }

    /** Effective number of neighbours (5 to 50 is typical); must be less than the number of points. */
    public Tsne perplexity(double value) {
        if (!(value > 1)) {
            throw new IllegalArgumentException("Tsne: perplexity must be > 1, got " + value);
        }
        this.perplexity = value;
        return this;
    }

    /** Number of gradient steps. */
    public Tsne iterations(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("Tsne: iterations must be >= 1, got " + value);
        }
        this.iterations = value;
        return this;
    }

    /** Gradient step size. */
    public Tsne learningRate(double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException("Tsne: learning rate must be > 0, got " + value);
        }
        this.learningRate = value;
        return this;
    }

    /** Seed of the initial embedding. */
    public Tsne seed(long value) {
        this.seed = value;
        return this;
    }

    /** Embeds the rows of {@code [N, D]} data into {@code [N, 2]}. */
    public Tensor fit(Tensor data) {
        if (data.dim() != 2) {
            throw new IllegalArgumentException("Tsne.fit: expects [N, D] data, got " + data.shape());
        }
        int n = data.size(0);
        if (n < 3 || n > MAX_POINTS) {
            throw new IllegalArgumentException("Tsne.fit: needs 3 to " + MAX_POINTS + " points, got " + n
                    + " (subsample larger sets)");
        }
        if (perplexity >= n) {
            throw new IllegalArgumentException("Tsne.fit: perplexity " + perplexity + " must be less than the number"
                    + " of points " + n);
        }
        float[] p = affinities(data.contiguous().toArray(), n, data.size(1));
        double[] y = optimize(p, n);
        float[] out = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = (float) y[i];
        }
        return Tensor.wrap(out, n, 2);
    }

    /** Symmetric joint probabilities P (N x N, row-major, zero diagonal, summing to 1). */
    private float[] affinities(float[] x, int n, int d) {
        float[] cond = new float[n * n];
        double targetEntropy = Math.log(perplexity);
        int tasks = taskCount(n);
        Parallel.forEach(tasks, t -> {
            double[] dist = new double[n];
            for (int i = rowStart(t, n, tasks); i < rowStart(t + 1, n, tasks); i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < d; k++) {
                        double diff = x[i * d + k] - x[j * d + k];
                        s += diff * diff;
                    }
                    dist[j] = s;
                }
                calibrateRow(dist, i, n, targetEntropy, cond);
            }
        });
        float[] joint = new float[n * n];
        double norm = 2.0 * n;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                joint[i * n + j] = (float) Math.max((cond[i * n + j] + cond[j * n + i]) / norm, 1e-12);
            }
            joint[i * n + i] = 0;
        }
        return joint;
    }

    /** Binary search for the Gaussian precision that gives row {@code i} the target entropy. */
    private static void calibrateRow(double[] dist, int i, int n, double targetEntropy, float[] out) {
        double beta = 1;
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        double[] row = new double[n];
        for (int step = 0; step < 100; step++) {
            double sum = 0;
            double weighted = 0;
            for (int j = 0; j < n; j++) {
                row[j] = j == i ? 0 : Math.exp(-dist[j] * beta);
                sum += row[j];
                weighted += dist[j] * row[j];
            }
            if (sum == 0) {
                sum = 1e-300;
            }
            double entropy = Math.log(sum) + beta * weighted / sum;
            for (int j = 0; j < n; j++) {
                row[j] /= sum;
            }
            double diff = entropy - targetEntropy;
            if (Math.abs(diff) < 1e-5) {
                break;
            }
            if (diff > 0) {
                lo = beta;
                beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
            } else {
                hi = beta;
                beta = lo == Double.NEGATIVE_INFINITY ? beta / 2 : (beta + lo) / 2;
            }
        }
        for (int j = 0; j < n; j++) {
            out[i * n + j] = (float) row[j];
        }
    }

    private double[] optimize(float[] p, int n) {
        Generator gen = new Generator(seed);
        double[] y = new double[2 * n];
        for (int i = 0; i < y.length; i++) {
            y[i] = 1e-4 * gen.nextGaussian();
        }
        double[] update = new double[2 * n];
        double[] gains = new double[2 * n];
        java.util.Arrays.fill(gains, 1);
        double[] grad = new double[2 * n];
        float[] num = new float[n * n];
        int tasks = taskCount(n);
        double[] partial = new double[tasks];
        for (int it = 0; it < iterations; it++) {
            double exaggeration = it < exaggerationIterations ? earlyExaggeration : 1;
            double momentum = it < exaggerationIterations ? 0.5 : 0.8;
            // Student-t kernel and its total, summed in task order so every thread count gives the same value.
            Parallel.forEach(tasks, t -> {
                double s = 0;
                for (int i = rowStart(t, n, tasks); i < rowStart(t + 1, n, tasks); i++) {
                    double yi0 = y[2 * i];
                    double yi1 = y[2 * i + 1];
                    for (int j = 0; j < n; j++) {
                        double d0 = yi0 - y[2 * j];
                        double d1 = yi1 - y[2 * j + 1];
                        float q = j == i ? 0f : (float) (1.0 / (1.0 + d0 * d0 + d1 * d1));
                        num[i * n + j] = q;
                        s += q;
                    }
                }
                partial[t] = s;
            });
            double sumQ = 0;
            for (double s : partial) {
                sumQ += s;
            }
            double invSumQ = 1.0 / Math.max(sumQ, 1e-300);
            Parallel.forEach(tasks, t -> {
                for (int i = rowStart(t, n, tasks); i < rowStart(t + 1, n, tasks); i++) {
                    double g0 = 0;
                    double g1 = 0;
                    double yi0 = y[2 * i];
                    double yi1 = y[2 * i + 1];
                    for (int j = 0; j < n; j++) {
                        double q = num[i * n + j];
                        double mult = (exaggeration * p[i * n + j] - q * invSumQ) * q;
                        g0 += mult * (yi0 - y[2 * j]);
                        g1 += mult * (yi1 - y[2 * j + 1]);
                    }
                    grad[2 * i] = 4 * g0;
                    grad[2 * i + 1] = 4 * g1;
                }
            });
            for (int k = 0; k < y.length; k++) {
                boolean sameSign = (grad[k] > 0) == (update[k] > 0);
                gains[k] = Math.max(sameSign ? gains[k] * 0.8 : gains[k] + 0.2, 0.01);
                update[k] = momentum * update[k] - learningRate * gains[k] * grad[k];
                y[k] += update[k];
            }
            double m0 = 0;
            double m1 = 0;
            for (int i = 0; i < n; i++) {
                m0 += y[2 * i];
                m1 += y[2 * i + 1];
            }
            for (int i = 0; i < n; i++) {
                y[2 * i] -= m0 / n;
                y[2 * i + 1] -= m1 / n;
            }
        }
        return y;
    }

    private static int taskCount(int n) {
        return Math.max(1, Math.min(64, n / 32));
    }

    private static int rowStart(int task, int n, int tasks) {
        return (int) ((long) task * n / tasks);
    }
}
