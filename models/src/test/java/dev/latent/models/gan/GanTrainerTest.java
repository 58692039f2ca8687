package dev.latent.models.gan;

import dev.latent.datasets.DataLoader;
import dev.latent.models.TestData;
import dev.latent.models.train.Metrics;
import dev.latent.models.train.NonFiniteLossException;
import dev.latent.models.train.TrainingListener;
import dev.latent.models.train.TrainingResult;
import dev.latent.nn.Init;
import dev.latent.nn.Module;
import dev.latent.nn.StateDict;
import dev.latent.nn.io.SafeTensors;
import dev.latent.nn.optim.Adam;
import dev.latent.nn.optim.SGD;
import dev.latent.tensor.Generator;
import dev.latent.tensor.GradMode;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GanTrainerTest {
    private static final double LN2 = Math.log(2);

    private static DataLoader loader(int n, int batch) {
        return DataLoader.builder(TestData.first(n)).batchSize(batch).shuffle(true).seed(3).build();
    }

    private static float[] weights(Module m) {
        List<Tensor> all = new ArrayList<>();
        m.stateDict().entries().values().forEach(e -> all.add(e.tensor().flatten()));
        return Tensor.cat(0, all).toArray();
    }

    @Test
    void theDiscriminatorLearnsToSeparateWhileTheGeneratorCatchesUp() {
        Generator init = new Generator(1);
        MlpGenerator g = new MlpGenerator(init);
        MlpDiscriminator d = new MlpDiscriminator(init);
        List<Metrics> steps = new ArrayList<>();
        TrainingResult r = GanTrainer.builder(g, d, loader(256, 32)).epochs(2).seed(5)
                .listener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(int epoch, int batch, int batches, Metrics m, double ips) {
                        steps.add(m);
                    }
                }).build().fit();
        assertEquals(16, steps.size());
        // At the N(0, 0.02) initialisation every logit is near 0: D = 1/2, the D loss is 2 ln 2, the G loss ln 2.
        Metrics first = steps.get(0);
        assertEquals(2 * LN2, first.get("d_loss"), 0.02);
        assertEquals(0.5, first.get("d_real"), 0.01);
        assertEquals(0.5, first.get("d_fake"), 0.01);
        assertEquals(LN2, first.get("g_loss"), 0.01);
        // After 8 steps the discriminator tells real from generated images: its loss fell by a fifth.
        Metrics eighth = steps.get(7);
        assertTrue(eighth.get("d_loss") < 0.8 * first.get("d_loss"), "D loss fell: " + eighth);
        assertTrue(eighth.get("d_real") - eighth.get("d_fake") > 0.15, "D separates: " + eighth);
        // After 16 it is sure of the real images, and the generator's samples fool it more than at the start
        // (D(G(z)) above 1/2), so the non-saturating loss -log D(G(z)) fell below ln 2.
        Metrics last = steps.get(15);
        assertTrue(last.get("d_real") > 0.85 && last.get("d_real") - last.get("d_fake") > 0.2, "D: " + last);
        assertTrue(last.get("d_fake") > 0.5 && last.get("g_loss") < 0.9 * LN2, "G catches up: " + last);
        assertEquals(last.get("loss"), last.get("d_loss"));
        double[] dLoss = r.history().series("d_loss", false);
        assertTrue(dLoss[1] < dLoss[0], "epoch means of the D loss fall: " + dLoss[0] + " -> " + dLoss[1]);
        assertTrue(r.history().last().imagesPerSecond() > 0);
    }

    @Test
    void kDiscriminatorStepsPerGeneratorStepRestartingEachEpoch() {
        Generator init = new Generator(2);
        List<String> pattern = new ArrayList<>();
        GanTrainer.builder(new MlpGenerator(init), new MlpDiscriminator(init), loader(80, 16))
                .discriminatorSteps(2).epochs(2).seed(1).listener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(int epoch, int batch, int batches, Metrics m, double ips) {
                        pattern.add(Double.isNaN(m.get("g_loss")) ? "D" : "DG");
                    }
                }).build().fit();
        // Five batches per epoch: the generator steps after the 2nd and 4th, and the count restarts each epoch.
        assertEquals(List.of("D", "DG", "D", "DG", "D", "D", "DG", "D", "DG", "D"), pattern);
    }

    @Test
    void aStoppedAndResumedRunEndsWithTheSameWeightsAndSnapshotsChangeNothing(@TempDir Path dir) {
        // DCGAN (BatchNorm statistics), k = 2 with 3 batches per epoch (the count restarts mid-group).
        Generator init = new Generator(3);
        DcganGenerator g1 = new DcganGenerator(init);
        DcganDiscriminator d1 = new DcganDiscriminator(init);
        List<Integer> snapshotEpochs = new ArrayList<>();
        List<float[]> snapshots = new ArrayList<>();
        TrainingResult straight = GanTrainer.builder(g1, d1, loader(48, 16)).discriminatorSteps(2).epochs(2).seed(9)
                .generatorLoss(GeneratorLoss.MINIMAX).checkpointDir(dir.resolve("straight"))
                .listener(new SampleSnapshots(g1, 4, 77, e -> true, (e, images) -> {
                    snapshotEpochs.add(e);
                    snapshots.add(images.toArray());
                })).build().fit();

        Generator init2 = new Generator(3);
        GanTrainer.builder(new DcganGenerator(init2), new DcganDiscriminator(init2), loader(48, 16))
                .discriminatorSteps(2).epochs(1).seed(9).generatorLoss(GeneratorLoss.MINIMAX)
                .checkpointDir(dir.resolve("resumed")).build().fit();
        Generator other = new Generator(123); // different initial weights: everything must come from the checkpoint
        DcganGenerator g2 = new DcganGenerator(other);
        DcganDiscriminator d2 = new DcganDiscriminator(other);
        GanTrainer resumedTrainer = GanTrainer.builder(g2, d2, loader(48, 16)).discriminatorSteps(2).epochs(2)
                .seed(9).generatorLoss(GeneratorLoss.MINIMAX).checkpointDir(dir.resolve("resumed")).resume(true)
                .build();
        TrainingResult resumed = resumedTrainer.fit();

        assertArrayEquals(weights(g1), weights(g2), "bit-identical generator (weights and BatchNorm statistics)");
        assertArrayEquals(weights(d1), weights(d2), "bit-identical discriminator");
        assertEquals(straight.history().last().train().asMap(), resumed.history().last().train().asMap());
        StateDict a = resumedTrainer.objective().optimizers().get(GanObjective.GENERATOR).stateDict();
        assertTrue(a.size() > 0);
        // Snapshots: every epoch, the same codes, images in [0, 1] that change as the generator trains.
        assertEquals(List.of(1, 2), snapshotEpochs);
        assertEquals(4 * 28 * 28, snapshots.get(0).length);
        assertFalse(java.util.Arrays.equals(snapshots.get(0), snapshots.get(1)));
        for (float v : snapshots.get(1)) {
            assertTrue(v >= 0 && v <= 1, "snapshot pixel in [0, 1]: " + v);
        }
        assertArrayEquals(snapshots.get(1), new SampleSnapshots(g2, 4, 77, e -> true, (e, x) -> { }).snapshot()
                .toArray(), "the snapshot depends only on the weights and the seed");
        assertTrue(Files.exists(dir.resolve("resumed/metrics.csv")));
    }

    @Test
    void aNonFiniteGeneratorLossSaysTheDiscriminatorWasUpdated() {
        Generator init = new Generator(5);
        MlpGenerator g = new MlpGenerator(init);
        MlpDiscriminator d = new MlpDiscriminator(init);
        float[] before = weights(d);
        // a discriminator step this large sends D's weights to infinity: its own loss (taken before the step) is
        // finite, the generator's loss through the updated D is not
        GanTrainer trainer = GanTrainer.builder(g, d, loader(32, 16)).epochs(1).seed(2)
                .optimizers(Adam.builder().lr(2e-4).build(g.parameters()),
                        SGD.builder().lr(1e38).build(d.parameters()))
                .build();
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, trainer::fit);
        assertEquals(1, e.step());
        assertTrue(e.getMessage().contains("g_loss became"), e.getMessage());
        assertTrue(e.getMessage().contains("the generator's update of that step was not applied (the discriminator's"
                + " was)"), e.getMessage());
        assertFalse(Arrays.equals(before, weights(d)), "the discriminator's update was applied, as the message says");
    }

    @Test
    void aNonFiniteLossStopsWithEpochAndStepAndKeepsTheLastCheckpoint(@TempDir Path dir) throws Exception {
        Generator init = new Generator(4);
        MlpGenerator g = new MlpGenerator(init);
        MlpDiscriminator d = new MlpDiscriminator(init);
        byte[][] checkpointAtEpoch2 = new byte[1][];
        float[][] weightsAfterEpoch1 = new float[1][];
        GanTrainer trainer = GanTrainer.builder(g, d, loader(64, 16)).epochs(3).seed(2).checkpointDir(dir)
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochStart(int epoch, int epochs, int batches) {
                        if (epoch == 2) {
                            weightsAfterEpoch1[0] = weights(g);
                            checkpointAtEpoch2[0] = read(dir.resolve("checkpoint.safetensors"));
                        }
                    }

                    @Override
                    public void onBatchEnd(int epoch, int batch, int batches, Metrics m, double ips) {
                        if (epoch == 2 && batch == 1) { // a diverged generator: NaN images from step 2 on
                            Init.constant(g.namedParameters().get("net.4.bias"), Float.NaN);
                        }
                    }
                }).build();
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, trainer::fit);
        assertEquals(2, e.epoch());
        assertEquals(2, e.step());
        assertTrue(e.getMessage().contains("epoch 2, step 2 of 4"), e.getMessage());
        assertTrue(e.getMessage().contains("neither network was updated in that step"), e.getMessage());
        assertArrayEquals(checkpointAtEpoch2[0], read(trainer.checkpointFile()), "the epoch-1 checkpoint is intact");
        // It loads, and holds the generator as it was after epoch 1.
        Generator other = new Generator(50);
        MlpGenerator fresh = new MlpGenerator(other);
        StateDict all = SafeTensors.load(trainer.checkpointFile());
        fresh.loadStateDict(all.subDict("modules.generator."), true);
        assertArrayEquals(weightsAfterEpoch1[0], weights(fresh));
        assertNotEquals(0, weightsAfterEpoch1[0].length);
    }

    @Test
    void conditionalGanTrainsOnTheBatchLabels() {
        Generator init = new Generator(6);
        ConditionalMlpGenerator g = new ConditionalMlpGenerator(init);
        ConditionalMlpDiscriminator d = new ConditionalMlpDiscriminator(init);
        float[] gEmb = g.namedParameters().get("label_emb.weight").toArray();
        float[] dEmb = d.namedParameters().get("label_emb.weight").toArray();
        TrainingResult r = GanTrainer.builder(g, d, loader(64, 32)).epochs(1).seed(1).build().fit();
        assertTrue(Double.isFinite(r.history().last().train().get("g_loss")));
        // The label embeddings are trained, so the labels reach both losses.
        assertFalse(java.util.Arrays.equals(gEmb, g.namedParameters().get("label_emb.weight").toArray()));
        assertFalse(java.util.Arrays.equals(dEmb, d.namedParameters().get("label_emb.weight").toArray()));
        assertThrows(IllegalArgumentException.class,
                () -> GanTrainer.builder(g, new MlpDiscriminator(init), loader(64, 32)).build());
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
