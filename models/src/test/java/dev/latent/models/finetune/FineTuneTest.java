package dev.latent.models.finetune;

import dev.latent.datasets.Batch;
import dev.latent.datasets.DataLoader;
import dev.latent.models.ConvAutoencoder;
import dev.latent.models.TestData;
import dev.latent.nn.loss.Losses;
import dev.latent.nn.optim.Optimizer;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FineTuneTest {
    private static float[] encoderWeights(ConvAutoencoder ae) {
        return ae.encoder().parameters().get(0).toArray();
    }

    /** An autoencoder pretrained briefly on the batch, so its codes carry information. */
    private static ConvAutoencoder pretrained(Batch b) {
        ConvAutoencoder ae = new ConvAutoencoder(16, new Generator(1));
        Optimizer opt = dev.latent.nn.optim.Adam.builder().lr(3e-3).build(ae.parameters());
        for (int i = 0; i < 60; i++) {
            opt.zeroGrad();
            Tensor loss = ae.loss(b.images(), b.images());
            loss.backward();
            opt.step();
        }
        return ae;
    }

    private static ConvAutoencoder copyOf(ConvAutoencoder ae) {
        ConvAutoencoder copy = new ConvAutoencoder(16, new Generator(3));
        copy.loadStateDict(ae.stateDict());
        return copy;
    }

    private static double train(EncoderClassifier clf, Batch b, int steps) {
        Optimizer opt = clf.optimizer(1e-2, 0.1);
        double first = Double.NaN;
        double last = Double.NaN;
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad();
            Tensor loss = Losses.nll(clf.forward(b.images()), b.labels());
            if (i == 0) {
                first = loss.item();
            }
            last = loss.item();
            loss.backward();
            opt.step();
        }
        return last / first;
    }

    @Test
    void frozenModeTrainsOnlyTheHeadAndFullModeTheEncoderToo() {
        Batch b = DataLoader.builder(TestData.first(128)).batchSize(128).build().batch(0, 0);

        ConvAutoencoder base = pretrained(b);
        ConvAutoencoder frozenAe = copyOf(base);
        float[] before = encoderWeights(frozenAe);
        EncoderClassifier frozen = new EncoderClassifier(frozenAe.encoder(), 16, 10, FineTuneMode.FROZEN,
                new Generator(2));
        assertEquals(Shape.of(128, 10), frozen.forward(b.images()).shape());
        assertEquals(frozen.head().parameterCount(), frozen.trainableParameterCount());
        double frozenRatio = train(frozen, b, 40);
        assertArrayEquals(before, encoderWeights(frozenAe), "frozen encoder unchanged");
        assertTrue(frozenRatio < 0.7, "head alone lowers the NLL: ratio " + frozenRatio);

        ConvAutoencoder fullAe = copyOf(base);
        EncoderClassifier full = new EncoderClassifier(fullAe.encoder(), 16, 10, FineTuneMode.FULL, new Generator(2));
        double fullRatio = train(full, b, 40);
        assertFalse(java.util.Arrays.equals(before, encoderWeights(fullAe)), "full fine-tuning moves the encoder");
        assertTrue(fullRatio < frozenRatio, "training the encoder too fits better: " + fullRatio + " vs "
                + frozenRatio);
        assertEquals(2, full.optimizer(1e-3, 0.1).paramGroups().size());
        assertEquals(1e-4, full.optimizer(1e-3, 0.1).paramGroups().get(1).lr(), 1e-12);

        Classification.Report report = Classification.evaluate(full,
                DataLoader.builder(TestData.first(128)).batchSize(64).build(), 10);
        assertEquals(128, report.total());
        assertTrue(report.accuracy() > 0.5, "fits its own training batch: " + report.accuracy());
        int diagonal = 0;
        for (int c = 0; c < 10; c++) {
            diagonal += report.confusion()[c][c];
        }
        assertEquals(report.accuracy(), diagonal / 128.0, 1e-12);
    }
}
