package dev.latent.models.finetune;

import dev.latent.datasets.Batch;
import dev.latent.datasets.DataLoader;
import dev.latent.nn.Module;
import dev.latent.tensor.GradMode;
import dev.latent.tensor.Tensor;

/** Accuracy and confusion matrix of a classifier over a data set. */
public final class Classification {
    /**
     * @param accuracy  fraction of correct predictions
     * @param confusion counts {@code [true class][predicted class]}
     */
    public record Report(double accuracy, int[][] confusion) {
        /** Number of examples. */
        public int total() {
            int n = 0;
            for (int[] row : confusion) {
                for (int c : row) {
                    n += c;
                }
            }
            return n;
        }
    }

    private Classification() {
    }

    /** Evaluates {@code model} (outputs {@code [N, classes]} scores) on every batch of {@code loader}. */
    public static Report evaluate(Module model, DataLoader loader, int classes) {
        int[][] confusion = new int[classes][classes];
        int correct = 0;
        int total = 0;
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var scope = GradMode.noGrad()) {
            for (Batch b : loader.epoch(0)) {
                Tensor scores = model.forward(b.images());
                float[] predicted = scores.argmax(1, false).toArray();
                int[] truth = b.labelIndices();
                for (int i = 0; i < truth.length; i++) {
                    int p = (int) predicted[i];
                    if (truth[i] < 0 || truth[i] >= classes || p >= classes) {
                        throw new IllegalArgumentException("Classification.evaluate: label " + truth[i]
                                + " or prediction " + p + " outside [0, " + classes + ")");
                    }
                    confusion[truth[i]][p]++;
                    correct += truth[i] == p ? 1 : 0;
                    total++;
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return new Report(total == 0 ? Double.NaN : (double) correct / total, confusion);
    }
}
