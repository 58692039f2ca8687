package dev.latent.datasets.mnist;

import dev.latent.tensor.Tensor;

/** Mean, standard deviation and range of a tensor's values, accumulated in double precision. */
record PixelStats(double mean, double std, float min, float max) {
    static PixelStats of(Tensor t) {
        float[] v = t.data();
        int from = t.offset();
        int to = from + t.numel();
        double sum = 0;
        double sumSq = 0;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            sum += v[i];
            sumSq += (double) v[i] * v[i];
            min = Math.min(min, v[i]);
            max = Math.max(max, v[i]);
        }
        double n = t.numel();
        double mean = sum / n;
        return new PixelStats(mean, Math.sqrt(sumSq / n - mean * mean), min, max);
    }
}
