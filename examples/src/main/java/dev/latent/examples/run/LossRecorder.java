package dev.latent.examples.run;

import dev.latent.models.train.Metrics;
import dev.latent.models.train.TrainingListener;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the training loss of every batch with its position in epochs (epoch 1's last batch is at 1.0), so a loss
 * chart can show how the loss fell within epochs, not only between them.
 */
public final class LossRecorder implements TrainingListener {
    private final String metric;
    private final List<double[]> points = new ArrayList<>();

    /** Records {@code metric} (e.g. {@code "loss"}) of every training batch that reports it. */
    public LossRecorder(String metric) {
        this.metric = metric;
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int batches, Metrics metrics, double imagesPerSecond) {
        double v = metrics.get(metric);
        if (!Double.isNaN(v)) { // absent on steps that did not compute it (a GAN's generator every k-th step)
            points.add(new double[] {epoch - 1 + (double) batch / batches, v});
        }
    }

    /**
     * The recorded points as {@code {xs, ys}}, each y the mean of a window of up to {@code window} batches ending
     * there (batch losses are noisy).
     */
    public double[][] smoothed(int window) {
        int n = points.size();
        double[] xs = new double[n];
        double[] ys = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += points.get(i)[1];
            if (i >= window) {
                sum -= points.get(i - window)[1];
            }
            xs[i] = points.get(i)[0];
            ys[i] = sum / Math.min(i + 1, window);
        }
        return new double[][] {xs, ys};
    }

    /** Number of batches recorded. */
    public int size() {
        return points.size();
    }
}
