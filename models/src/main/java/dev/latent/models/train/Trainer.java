package dev.latent.models.train;

import dev.latent.datasets.Batch;
import dev.latent.datasets.DataLoader;
import dev.latent.kernels.Workspace;
import dev.latent.nn.Module;
import dev.latent.nn.StateDict;
import dev.latent.nn.optim.Optimizer;
import dev.latent.tensor.Generator;
import dev.latent.tensor.GradMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains an {@link Objective} for a number of epochs over a {@link DataLoader}: training and validation metrics per
 * epoch, early stopping (patience, min delta, restore best weights), a learning-rate schedule, a metrics history
 * written as CSV and JSON, progress to {@link TrainingListener}s, and a checkpoint after every epoch from which
 * {@code resume} continues exactly: a run stopped after epoch k and resumed ends with the same weights as one that
 * ran through (weights, optimizer state, generator state, schedule and early-stopping state are all restored, and
 * the loader's order depends only on its seed and the epoch).
 *
 * <p>A NaN or infinite training loss stops the run with a {@link NonFiniteLossException} naming the epoch and step;
 * that step's update is not applied and the last checkpoint is left intact.
 *
 * <pre>{@code
 * TrainingResult r = Trainer.builder(objective, trainLoader)
 *         .validation(valLoader).epochs(20).earlyStopping(new EarlyStopping(3, 1e-4, true))
 *         .checkpointDir(Path.of("runs/ae")).resume(true).seed(1).listener(new TextProgressBar())
 *         .build().fit();
 * }</pre>
 */
public final class Trainer {
    /** The checkpoint's file name inside the checkpoint directory. */
    public static final String CHECKPOINT_FILE = "checkpoint.safetensors";

    private final Objective objective;
    private final DataLoader train;
    private final DataLoader validation;
    private final int epochs;
    private final EarlyStopping earlyStopping;
    private final LrSchedule schedule;
    private final Path dir;
    private final boolean resume;
    private final long seed;
    private final List<TrainingListener> listeners;

    private Trainer(Builder b) {
        this.objective = b.objective;
        this.train = b.train;
        this.validation = b.validation;
        this.epochs = b.epochs;
        this.earlyStopping = b.earlyStopping;
        this.schedule = b.schedule;
        this.dir = b.dir;
        this.resume = b.resume;
        this.seed = b.seed;
        this.listeners = List.copyOf(b.listeners);
    }

    /** A builder for training {@code objective} on {@code train}. */
    public static Builder builder(Objective objective, DataLoader train) {
        return new Builder(objective, train);
    }

    /** The checkpoint file of this trainer's directory, or null without a directory. */
    public Path checkpointFile() {
        return dir == null ? null : dir.resolve(CHECKPOINT_FILE);
    }

    /**
     * Runs the remaining epochs (all of them, or those after the checkpoint when resuming).
     *
     * @throws NonFiniteLossException if a training loss becomes NaN or infinite
     * @throws UncheckedIOException   if a checkpoint or history file cannot be read or written
     */
    public TrainingResult fit() {
        Generator rng = new Generator(seed);
        MetricsHistory history = new MetricsHistory();
        Map<String, StateDict> best = new LinkedHashMap<>();
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int badEpochs = 0;
        int start = 0;
        Path ckpt = checkpointFile();
        if (resume && ckpt != null && Files.exists(ckpt)) {
            try {
                Checkpoint.TrainerState s = Checkpoint.load(ckpt, objective, best);
                rng.setState(s.rng());
                history = s.history();
                bestLoss = s.bestLoss();
                bestEpoch = s.bestEpoch();
                badEpochs = s.badEpochs();
                start = s.epochsDone();
                if (schedule != null && s.schedule() != null) {
                    schedule.loadStateDict(s.schedule());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot resume from " + ckpt + ": " + e.getMessage(), e);
            }
        }
        boolean stopped = earlyStopping != null && badEpochs >= earlyStopping.patience();
        for (int epoch = start; epoch < epochs && !stopped; epoch++) {
            EpochRecord record = runEpoch(epoch, rng);
            history.add(record);
            double monitored = record.monitoredLoss();
            if (schedule != null) {
                schedule.afterEpoch(monitored);
            }
            boolean improved = earlyStopping == null ? monitored < bestLoss
                    : earlyStopping.improves(monitored, bestLoss);
            if (improved) {
                bestLoss = monitored;
                bestEpoch = record.epoch();
                badEpochs = 0;
                if (earlyStopping != null && earlyStopping.restoreBest()) {
                    best.clear();
                    objective.modules().forEach((name, m) -> best.put(name, m.stateDict().copy()));
                }
            } else {
                badEpochs++;
            }
            stopped = earlyStopping != null && badEpochs >= earlyStopping.patience();
            for (TrainingListener l : listeners) {
                l.onEpochEnd(record);
            }
            if (dir != null) {
                try {
                    Checkpoint.save(ckpt, objective, best.isEmpty() ? null : best, new Checkpoint.TrainerState(
                            epoch + 1, rng.state(), history, bestLoss, bestEpoch, badEpochs,
                            schedule == null ? null : schedule.stateDict()));
                    history.write(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the checkpoint in " + dir + ": " + e.getMessage(), e);
                }
            }
        }
        boolean restored = false;
        if (earlyStopping != null && earlyStopping.restoreBest() && !best.isEmpty()) {
            objective.modules().forEach((name, m) -> m.loadStateDict(best.get(name), true));
            restored = true;
        }
        return new TrainingResult(history, bestEpoch, bestLoss, stopped, restored);
    }

    private EpochRecord runEpoch(int epoch, Generator rng) {
        int batches = train.numBatches();
        for (TrainingListener l : listeners) {
            l.onEpochStart(epoch + 1, epochs, batches);
        }
        double lr = currentLr();
        objective.train(true);
        Metrics.Mean mean = new Metrics.Mean();
        long t0 = System.nanoTime();
        long images = 0;
        int step = 0;
        for (Batch batch : train.epoch(epoch)) {
            step++;
            Metrics m;
            // Nothing a step makes outlives it (weights, optimizer moments and BN statistics change in place;
            // metrics are plain numbers), so each step reuses the previous step's result arrays.
            try (var results = Workspace.recycleResults()) {
                m = objective.trainStep(batch, rng);
            }
            String bad = m.firstNonFinite();
            if (bad != null) {
                throw new NonFiniteLossException(epoch + 1, step, "training stopped: " + bad + " became "
                        + m.get(bad) + " at epoch " + (epoch + 1) + ", step " + step + " of " + batches
                        + "; " + objective.skippedUpdates(bad)
                        + (dir == null ? "" : " and the last checkpoint in " + dir + " is intact"));
            }
            mean.add(m, batch.size());
            images += batch.size();
            double ips = images / Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
            for (TrainingListener l : listeners) {
                l.onBatchEnd(epoch + 1, step, batches, m, ips);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Metrics val = validation == null ? null : evaluate(objective, validation, new Generator(seed ^ (0x9E37L + epoch)));
        return new EpochRecord(epoch + 1, mean.result(), val, lr, seconds, images / Math.max(seconds, 1e-9));
    }

    /** Mean metrics of {@code objective} over one pass of {@code loader}, in eval mode and without grad. */
    public static Metrics evaluate(Objective objective, DataLoader loader, Generator rng) {
        objective.train(false);
        Metrics.Mean mean = new Metrics.Mean();
        try (var scope = GradMode.noGrad()) {
            for (Batch batch : loader.epoch(0)) {
                mean.add(objective.evalStep(batch, rng), batch.size());
            }
        } finally {
            objective.train(true);
        }
        return mean.result();
    }

    private double currentLr() {
        for (Optimizer o : objective.optimizers().values()) {
            if (!o.paramGroups().isEmpty()) {
                return o.paramGroups().get(0).lr();
            }
        }
        return Double.NaN;
    }

    /** Builds a {@link Trainer}. */
    public static final class Builder {
        private final Objective objective;
        private final DataLoader train;
        private DataLoader validation;
        private int epochs = 1;
        private EarlyStopping earlyStopping;
        private LrSchedule schedule;
        private Path dir;
        private boolean resume;
        private long seed;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder(Objective objective, DataLoader train) {
            if (objective == null || train == null) {
                throw new IllegalArgumentException("Trainer: objective and training loader are required");
            }
            this.objective = objective;
            this.train = train;
        }

        /** Validation data, evaluated after every epoch (its metrics drive early stopping and schedules). */
        public Builder validation(DataLoader loader) {
            this.validation = loader;
            return this;
        }

        /** Total number of epochs (a resumed run continues up to this number). */
        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("Trainer: epochs must be at least 1, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /** Stops when the monitored loss stops improving. */
        public Builder earlyStopping(EarlyStopping earlyStopping) {
            this.earlyStopping = earlyStopping;
            return this;
        }

        /** A learning-rate schedule stepped after every epoch. */
        public Builder schedule(LrSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** Where the checkpoint and the metrics history (CSV, JSON) are written after every epoch. */
        public Builder checkpointDir(Path dir) {
            this.dir = dir;
            return this;
        }

        /** Continue from the checkpoint in the checkpoint directory if there is one. */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** Seed of the generator handed to the objective (noise, sampling). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Adds a listener (progress bar, sample writer, ...). */
        public Builder listener(TrainingListener listener) {
            this.listeners.add(listener);
            return this;
        }

        /** The trainer. */
        public Trainer build() {
            if (resume && dir == null) {
                throw new IllegalStateException("Trainer: resume needs a checkpoint directory");
            }
            return new Trainer(this);
        }
    }

}
