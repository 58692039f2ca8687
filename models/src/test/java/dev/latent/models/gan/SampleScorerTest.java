package dev.latent.models.gan;

import dev.latent.datasets.DataLoader;
import dev.latent.datasets.Dataset;
import dev.latent.models.TestData;
import dev.latent.models.finetune.Classification;
import dev.latent.nn.Module;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleScorerTest {
    /** Scores {@code [10 m, 10 (1 - m), 0]} from the mean pixel m: white images are class 0, black ones class 1. */
    private static final class Brightness extends Module {
        @Override
        protected Tensor compute(Tensor x) {
            Tensor m = x.flatten(1, -1).mean(1).unsqueeze(1);
            return Tensor.cat(1, m.mul(10f), m.neg().add(1f).mul(10f), Tensor.zeros(x.size(0), 1));
        }
    }

    /** A conditional "generator" drawing white images for class 0, black for class 1 and gray for class 2. */
    private static final class ByLabel extends GanGenerator {
        ByLabel() {
            super(1, 3);
        }

        @Override
        protected Tensor synthesize(Tensor z, Tensor labels) {
            float[] l = labels.toArray();
            float[] pixels = new float[l.length * 784];
            for (int i = 0; i < l.length; i++) {
                java.util.Arrays.fill(pixels, i * 784, (i + 1) * 784, l[i] == 0 ? 1f : l[i] == 1 ? -1f : 0f);
            }
            return Tensor.wrap(pixels, l.length, 1, 28, 28);
        }
    }

    @Test
    void labelAgreementOfAConditionalGenerator() {
        // 300 samples cycle through labels 0, 1, 2: white (predicted 0), black (predicted 1), gray (a tie, predicted 0).
        SampleScorer.Score s = new SampleScorer(new Brightness(), 3).score(new ByLabel(), 300, new Generator(1));
        assertEquals(300, s.count());
        assertEquals(2.0 / 3, s.labelAgreement(), 1e-12);
        assertEquals(2.0 / 3, s.classFractions()[0], 1e-12);
        double top = Math.exp(10) / (Math.exp(10) + 2);
        double gray = Math.exp(5) / (2 * Math.exp(5) + 1);
        assertEquals((2 * top + gray) / 3, s.meanConfidence(), 1e-6);
        assertTrue(Double.isNaN(new SampleScorer(new Brightness(), 3).score(Tensor.ones(2, 1, 28, 28))
                .labelAgreement()), "no labels, no agreement");
    }

    @Test
    void confidenceAndHistogramEntropyOnAKnownCase() {
        // 225 white and 75 black images (more than one chunk of 256).
        Tensor images = Tensor.cat(0, Tensor.ones(225, 1, 28, 28), Tensor.zeros(75, 1, 28, 28));
        SampleScorer.Score s = new SampleScorer(new Brightness(), 3).score(images);
        assertEquals(300, s.count());
        double top = Math.exp(10) / (Math.exp(10) + 2); // softmax of [10, 0, 0]
        assertEquals(top, s.meanConfidence(), 1e-6);
        assertEquals(0.75, s.classFractions()[0], 1e-12);
        assertEquals(0.25, s.classFractions()[1], 1e-12);
        assertEquals(0, s.classFractions()[2], 1e-12);
        assertEquals(-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)), s.histogramEntropy(), 1e-12);
        assertEquals(Math.log(3), s.maxEntropy(), 1e-12);
        // Gray images: [5, 5, 0] ties go to the first class; confidence e^5 / (2 e^5 + 1).
        SampleScorer.Score gray = new SampleScorer(new Brightness(), 3).score(Tensor.full(0.5f, 4, 1, 28, 28));
        assertEquals(Math.exp(5) / (2 * Math.exp(5) + 1), gray.meanConfidence(), 1e-6);
        assertEquals(0, gray.histogramEntropy(), 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> new SampleScorer(new Brightness(), 3).score(Tensor.zeros(2, 1, 32, 32)));
        assertThrows(IllegalStateException.class, () -> new SampleScorer(new Brightness(), 4).score(images));
    }

    @Test
    void aClassifierTrainedOnRealImagesIsConfidentOnHeldOutRealImages() {
        Dataset all = TestData.embedded();
        Dataset train = all.limit(800);
        Dataset heldOut = all.subset(IntStream.range(800, 1200).toArray());
        SampleScorer scorer = SampleScorer.train(
                DataLoader.builder(train).batchSize(32).shuffle(true).seed(1).build(), 10, 3, 1);
        SampleScorer.Score real = scorer.score(DataLoader.builder(heldOut).batchSize(100).build());
        assertEquals(400, real.count());
        // On labelled real images the agreement is the classifier's accuracy.
        assertEquals(Classification.evaluate(scorer.classifier(), DataLoader.builder(heldOut).batchSize(100).build(),
                10).accuracy(), real.labelAgreement(), 1e-12);
        assertTrue(real.meanConfidence() > 0.6, "confident on real images: " + real);
        // Held-out real images cover the classes: the predicted histogram is close to uniform.
        assertTrue(real.histogramEntropy() > 0.9 * Math.log(10), "classes covered: " + real);
        // One class only (trousers, label 1): the histogram collapses.
        int[] trousers = IntStream.range(800, 1200).filter(i -> all.label(i) == 1).toArray();
        SampleScorer.Score oneClass = scorer.score(DataLoader.builder(all.subset(trousers)).batchSize(64).build());
        assertTrue(oneClass.classFractions()[1] > 0.8, "trousers recognised: " + oneClass);
        assertTrue(oneClass.histogramEntropy() < 0.3 * Math.log(10), "a collapsed histogram: " + oneClass);
        // Untrained generator samples are scored in [0, 1] and counted; a conditional one cycles through classes.
        SampleScorer.Score fake = scorer.score(new ConditionalMlpGenerator(new Generator(2)), 30, new Generator(3));
        assertEquals(30, fake.count());
        assertEquals(1, java.util.Arrays.stream(fake.classFractions()).sum(), 1e-9);
    }
}
