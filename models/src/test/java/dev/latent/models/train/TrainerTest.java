package dev.latent.models.train;

import dev.latent.datasets.Batch;
import dev.latent.datasets.DataLoader;
import dev.latent.kernels.Workspace;
import dev.latent.models.ConvAutoencoder;
import dev.latent.models.TestData;
import dev.latent.nn.Module;
import dev.latent.nn.layers.Linear;
import dev.latent.nn.loss.Losses;
import dev.latent.nn.optim.Adam;
import dev.latent.nn.optim.Optimizer;
import dev.latent.nn.optim.SGD;
import dev.latent.nn.optim.StepLR;
import dev.latent.tensor.Generator;
import dev.latent.tensor.GradMode;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    private static DataLoader loader(int n, long seed) {
        return DataLoader.builder(TestData.first(n)).batchSize(32).shuffle(true).seed(seed).build();
    }

    /** A conv AE whose loss uses the trainer's generator (input noise), so resume must restore the RNG too. */
    private static LossObjective noisyAutoencoder(long initSeed) {
        ConvAutoencoder ae = new ConvAutoencoder(4, new Generator(initSeed));
        Optimizer opt = Adam.builder().lr(2e-3).build(ae.parameters());
        return new LossObjective("ae", ae, opt, (b, rng) -> {
            Tensor x = b.images();
            Tensor noisy = x.add(Tensor.randn(rng, x.shape().toArray()).mul(0.1f));
            return LossObjective.Loss.of(Losses.mse(ae.forward(noisy), x));
        });
    }

    private static float[] weights(Objective o) {
        Module m = o.modules().values().iterator().next();
        return m.parameters().stream().map(Tensor::toArray).reduce(new float[0], (a, b) -> {
            float[] c = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, c, a.length, b.length);
            return c;
        });
    }

    @Test
    void aStoppedAndResumedRunEndsWithTheSameWeights(@TempDir Path dir) throws Exception {
        LossObjective straight = noisyAutoencoder(1);
        TrainingResult full = Trainer.builder(straight, loader(96, 5)).epochs(3).seed(7)
                .checkpointDir(dir.resolve("straight")).build().fit();

        LossObjective first = noisyAutoencoder(1);
        Trainer.builder(first, loader(96, 5)).epochs(1).seed(7).checkpointDir(dir.resolve("resumed")).build().fit();
        LossObjective second = noisyAutoencoder(99); // different initial weights: all must come from the checkpoint
        TrainingResult resumed = Trainer.builder(second, loader(96, 5)).epochs(3).seed(7)
                .checkpointDir(dir.resolve("resumed")).resume(true).build().fit();

        assertArrayEquals(weights(straight), weights(second), "bit-identical weights");
        assertEquals(3, resumed.history().records().size());
        assertEquals(full.history().last().train().loss(), resumed.history().last().train().loss());
        assertTrue(Files.readString(dir.resolve("resumed/metrics.csv")).lines().count() == 4, "header + 3 epochs");
        assertTrue(full.history().series("loss", false)[2] < full.history().series("loss", false)[0]);
    }

    @Test
    void reusingResultBuffersBetweenStepsDoesNotChangeTheWeights() {
        try {
            Workspace.setReuse(false);
            LossObjective fresh = noisyAutoencoder(3);
            Trainer.builder(fresh, loader(96, 5)).epochs(2).seed(11).build().fit();
            Workspace.setReuse(true);
            LossObjective reused = noisyAutoencoder(3);
            Trainer.builder(reused, loader(96, 5)).epochs(2).seed(11).build().fit();
            assertArrayEquals(weights(fresh), weights(reused), "bit-identical weights with and without reuse");
            assertFalse(Arrays.equals(weights(fresh), weights(noisyAutoencoder(3))), "training moved the weights");
        } finally {
            Workspace.setReuse(true);
        }
    }

    /** One scalar weight; each epoch sets it to the epoch number and reports a scripted validation loss. */
    private static final class Scripted implements Objective {
        final Linear model = new Linear(1, 1, false, new Generator(1));
        final Optimizer opt = new SGD(model.parameters(), 0.1);
        final double[] valLosses;
        final int nanEpoch;
        final int nanStep;
        int epoch;
        int step;

        Scripted(double[] valLosses, int nanEpoch, int nanStep) {
            this.valLosses = valLosses;
            this.nanEpoch = nanEpoch;
            this.nanStep = nanStep;
        }

        @Override
        public Metrics trainStep(Batch batch, Generator rng) {
            step++;
            if (step == 1) {
                epoch++;
            }
            if (step == 3) {
                step = 0;
            }
            try (var scope = GradMode.noGrad()) {
                model.weight().fill(epoch);
            }
            boolean nan = epoch == nanEpoch && (step == 0 ? 3 : step) == nanStep;
            return Metrics.of("loss", nan ? Double.NaN : 1.0 / epoch);
        }

        @Override
        public Metrics evalStep(Batch batch, Generator rng) {
            return Metrics.of("loss", valLosses[epoch - 1]);
        }

        @Override
        public Map<String, Module> modules() {
            return Map.of("m", model);
        }

        @Override
        public Map<String, Optimizer> optimizers() {
            return Map.of("m", opt);
        }
    }

    private static DataLoader threeBatches() {
        return DataLoader.builder(TestData.first(6)).batchSize(2).build();
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights(@TempDir Path dir) {
        Scripted s = new Scripted(new double[] {1.0, 0.8, 0.803, 0.9, 0.1, 0.1}, -1, -1);
        TrainingResult r = Trainer.builder(s, threeBatches()).validation(threeBatches()).epochs(6)
                .earlyStopping(new EarlyStopping(2, 0.005, true)).checkpointDir(dir).build().fit();
        assertTrue(r.stoppedEarly());
        assertEquals(4, r.history().records().size(), "epoch 3 (0.803) is within minDelta, epoch 4 is worse");
        assertEquals(2, r.bestEpoch());
        assertEquals(0.8, r.bestLoss(), 1e-12);
        assertTrue(r.restoredBest());
        assertEquals(2f, s.model.weight().item(), "weights of epoch 2");
    }

    @Test
    void aNonFiniteLossStopsWithEpochAndStepAndKeepsTheLastCheckpoint(@TempDir Path dir) throws Exception {
        Scripted s = new Scripted(new double[] {1, 1, 1}, 2, 2);
        Trainer trainer = Trainer.builder(s, threeBatches()).epochs(3).checkpointDir(dir).build();
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, trainer::fit);
        assertEquals(2, e.epoch());
        assertEquals(2, e.step());
        assertTrue(e.getMessage().contains("epoch 2, step 2 of 3") && e.getMessage().contains("loss"),
                e.getMessage());
        byte[] afterEpoch1 = Files.readAllBytes(trainer.checkpointFile());
        Scripted fresh = new Scripted(new double[] {1, 1, 1}, -1, -1);
        Trainer.builder(fresh, threeBatches()).epochs(1).checkpointDir(dir).resume(true).build().fit();
        assertEquals(1f, fresh.model.weight().item(), "the checkpoint still holds epoch 1");
        assertEquals(afterEpoch1.length, Files.size(trainer.checkpointFile()));
    }

    @Test
    void scheduleStepsPerEpochAndIsRestoredOnResume(@TempDir Path dir) {
        Scripted s = new Scripted(new double[] {1, 1, 1, 1}, -1, -1);
        Trainer.builder(s, threeBatches()).epochs(2).checkpointDir(dir)
                .schedule(LrSchedule.of(new StepLR(s.opt, 1, 0.5))).build().fit();
        Scripted resumed = new Scripted(new double[] {1, 1, 1, 1}, -1, -1);
        TrainingResult r = Trainer.builder(resumed, threeBatches()).epochs(3).checkpointDir(dir).resume(true)
                .schedule(LrSchedule.of(new StepLR(resumed.opt, 1, 0.5))).build().fit();
        assertArrayEquals(new double[] {0.1, 0.05, 0.025}, r.history().records().stream()
                .mapToDouble(EpochRecord::lr).toArray(), 1e-12);
    }

    @Test
    void gridSearchTriesEveryCombinationAndPicksTheLowestValidationLoss(@TempDir Path dir) throws Exception {
        GridSearch search = GridSearch.builder().param("lr", 0.1, 0.01).param("latentDim", 4, 8, 16).build();
        assertEquals(6, search.combinations().size());
        GridSearch.Result r = search.run(p -> {
            double loss = Math.abs((double) p.get("lr") - 0.01) + Math.abs((int) p.get("latentDim") - 8) / 100.0;
            MetricsHistory h = new MetricsHistory();
            h.add(new EpochRecord(1, Metrics.of("loss", loss), Metrics.of("loss", loss), 0, 0, 0));
            return new TrainingResult(h, 1, loss, false, false);
        });
        assertEquals(6, r.trials().size());
        assertEquals(Map.of("lr", 0.01, "latentDim", 8), r.best().params());
        r.write(dir);
        assertEquals(7, Files.readAllLines(dir.resolve("grid-search.csv")).size());
        assertTrue(Files.readString(dir.resolve("grid-search.json")).contains("\"best\": true"));
        assertFalse(r.toCsv().isEmpty());
    }
}
