package dev.latent.models.gan;

import dev.latent.datasets.Batch;
import dev.latent.datasets.DataLoader;
import dev.latent.models.train.LossObjective;
import dev.latent.models.train.Trainer;
import dev.latent.models.train.TrainingListener;
import dev.latent.nn.Module;
import dev.latent.nn.Sequential;
import dev.latent.nn.layers.Conv2d;
import dev.latent.nn.layers.Flatten;
import dev.latent.nn.layers.Linear;
import dev.latent.nn.layers.ReLU;
import dev.latent.nn.loss.Losses;
import dev.latent.nn.optim.Adam;
import dev.latent.ops.Indexing;
import dev.latent.tensor.Generator;
import dev.latent.tensor.GradMode;
import dev.latent.tensor.Tensor;

import java.util.Arrays;

/**
 * Judges generated images with a classifier trained on real data, in the spirit of the Inception score: good
 * samples are classified confidently (high mean top-class probability) and a generator that covers every class
 * spreads its predicted classes evenly (entropy of the predicted-class histogram near {@code ln C}; mode collapse
 * pushes it towards 0). Score real images the same way to have the reference side by side.
 *
 * <p>The classifier maps images {@code [N, 1, 28, 28]} in [0, 1] to class scores {@code [N, C]} (logits or
 * log-probabilities: only the softmax of them is used). {@link #train} fits the small default CNN.
 */
public final class SampleScorer {
    /** Images scored per forward pass. */
    private static final int CHUNK = 256;

    /**
     * What the classifier made of a set of images.
     *
     * @param count            number of images
     * @param meanConfidence   mean over images of the largest class probability
     * @param histogramEntropy entropy (nats) of the fractions of images predicted as each class
     * @param classFractions   fraction of images predicted as each class
     * @param labelAgreement   fraction of images predicted as their own label: the classifier's accuracy on labelled
     *                         real images, the share of samples recognised as the requested class for a conditional
     *                         generator; NaN for images without labels
     */
    public record Score(int count, double meanConfidence, double histogramEntropy, double[] classFractions,
                        double labelAgreement) {
        /** The largest possible histogram entropy, {@code ln C}. */
        public double maxEntropy() {
            return Math.log(classFractions.length);
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "n=%d confidence=%.4f entropy=%.4f/%.4f%s", count,
                    meanConfidence, histogramEntropy, maxEntropy(), Double.isNaN(labelAgreement) ? ""
                            : String.format(java.util.Locale.ROOT, " agreement=%.4f", labelAgreement));
        }
    }

    private final Module classifier;
    private final int numClasses;

    /**
     * @param classifier a trained classifier of [0, 1] images into {@code numClasses} classes
     * @param numClasses the number of classes (at least 2)
     */
    public SampleScorer(Module classifier, int numClasses) {
        if (classifier == null) {
            throw new IllegalArgumentException("SampleScorer: classifier is null");
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("SampleScorer: needs at least 2 classes, got " + numClasses);
        }
        this.classifier = classifier;
        this.numClasses = numClasses;
    }

    /** The classifier. */
    public Module classifier() {
        return classifier;
    }

    /**
     * The default classifier, a small CNN for 28x28 images:
     * {@code Conv2d(1,16,3,s2,p1) ReLU Conv2d(16,32,3,s2,p1) ReLU Flatten Linear(1568,C)} (logits).
     */
    public static Module defaultClassifier(int numClasses, Generator gen) {
        return new Sequential(
                Conv2d.builder(1, 16, 3).stride(2).padding(1).generator(gen).build(), new ReLU(),
                Conv2d.builder(16, 32, 3).stride(2).padding(1).generator(gen).build(), new ReLU(),
                new Flatten(), new Linear(32 * 7 * 7, numClasses, true, gen));
    }

    /**
     * Trains the {@link #defaultClassifier} with cross-entropy and Adam (learning rate 1e-3) on real images and
     * returns a scorer with it.
     *
     * @param real       labelled real images in [0, 1]
     * @param numClasses the number of classes
     * @param epochs     passes over {@code real}
     * @param seed       seed of the initial weights
     * @param listeners  progress listeners (e.g. a {@link dev.latent.models.train.TextProgressBar})
     */
    public static SampleScorer train(DataLoader real, int numClasses, int epochs, long seed,
                                     TrainingListener... listeners) {
        Module model = defaultClassifier(numClasses, new Generator(seed));
        LossObjective objective = new LossObjective("classifier", model, new Adam(model.parameters(), 1e-3),
                (batch, rng) -> LossObjective.Loss.of(Losses.crossEntropy(model.forward(batch.images()),
                        batch.labels())));
        Trainer.Builder b = Trainer.builder(objective, real).epochs(epochs).seed(seed);
        Arrays.stream(listeners).forEach(b::listener);
        b.build().fit();
        model.eval();
        return new SampleScorer(model, numClasses);
    }

    /** Scores images {@code [N, 1, 28, 28]} in [0, 1] (without labels: the agreement is NaN). */
    public Score score(Tensor images) {
        GanShapes.checkImages("SampleScorer.score", images);
        Tally t = new Tally();
        for (int start = 0; start < images.size(0); start += CHUNK) {
            t.add(images.narrow(0, start, Math.min(CHUNK, images.size(0) - start)), null);
        }
        return t.result();
    }

    /** Scores every image of one pass over {@code loader} (real data, in [0, 1]) against its label. */
    public Score score(DataLoader loader) {
        Tally t = new Tally();
        for (Batch b : loader.epoch(0)) {
            t.add(b.images(), b.labelIndices());
        }
        return t.result();
    }

    /**
     * Scores {@code n} samples of {@code generator} (codes from {@code gen}, mapped from [-1, 1] to [0, 1]);
     * a conditional generator cycles through its classes and the agreement compares with the requested class.
     */
    public Score score(GanGenerator generator, int n, Generator gen) {
        if (n < 1) {
            throw new IllegalArgumentException("SampleScorer: need at least one sample, got " + n);
        }
        Tally t = new Tally();
        for (int start = 0; start < n; start += CHUNK) {
            int m = Math.min(CHUNK, n - start);
            if (generator.conditional()) {
                Tensor labels = GanShapes.cycledLabels(start, m, generator.numClasses());
                t.add(SampleSnapshots.toUnitRange(generator.sample(labels, gen)), Indexing.toInts("labels", labels));
            } else {
                t.add(SampleSnapshots.toUnitRange(generator.sample(m, gen)), null);
            }
        }
        return t.result();
    }


    /** Running confidence sum, predicted-class counts and label agreements. */
    private final class Tally {
        private final long[] counts = new long[numClasses];
        private double confidence;
        private int n;
        private int labelled;
        private int agree;

        /** Adds a chunk of images with their labels (or null). */
        void add(Tensor images, int[] labels) {
            boolean wasTraining = classifier.isTraining();
            Tensor probs;
            try (var scope = GradMode.noGrad()) {
                classifier.eval();
                Tensor out = classifier.forward(images);
                if (out.dim() != 2 || out.size(1) != numClasses || out.size(0) != images.size(0)) {
                    throw new IllegalStateException("SampleScorer: the classifier should give [" + images.size(0)
                            + ", " + numClasses + "] scores, got " + out.shape());
                }
                probs = out.softmax(1);
            } finally {
                classifier.train(wasTraining);
            }
            float[] p = probs.contiguous().toArray();
            for (int i = 0; i < images.size(0); i++) {
                int best = 0;
                for (int c = 1; c < numClasses; c++) {
                    if (p[i * numClasses + c] > p[i * numClasses + best]) {
                        best = c;
                    }
                }
                counts[best]++;
                if (labels != null) {
                    labelled++;
                    agree += labels[i] == best ? 1 : 0;
                }
                confidence += p[i * numClasses + best];
                n++;
            }
        }

        Score result() {
            if (n == 0) {
                throw new IllegalArgumentException("SampleScorer: no images to score");
            }
            double[] fractions = new double[numClasses];
            double entropy = 0;
            for (int c = 0; c < numClasses; c++) {
                fractions[c] = (double) counts[c] / n;
                if (fractions[c] > 0) {
                    entropy -= fractions[c] * Math.log(fractions[c]);
                }
            }
            return new Score(n, confidence / n, entropy, fractions, labelled == 0 ? Double.NaN
                    : (double) agree / labelled);
        }
    }
}
