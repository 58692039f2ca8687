package dev.latent.models.gan;

import dev.latent.datasets.DataLoader;
import dev.latent.models.train.NonFiniteLossException;
import dev.latent.models.train.Trainer;
import dev.latent.models.train.TrainingListener;
import dev.latent.models.train.TrainingResult;
import dev.latent.nn.optim.Adam;
import dev.latent.nn.optim.Optimizer;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a GAN: a {@link GanObjective} (k discriminator steps, then one generator step) run by the general
 * {@link Trainer}, which brings the progress reporting, the per-epoch metrics history ({@code metrics.csv},
 * {@code metrics.json}), checkpoints after every epoch that resume exactly (both networks' weights and BatchNorm
 * statistics, both Adam states, the noise generator's state, the epoch) and the stop on a NaN or infinite loss
 * ({@link NonFiniteLossException} naming the epoch and step; the last checkpoint stays intact).
 *
 * <p>Defaults follow the DCGAN paper: Adam with learning rate 2e-4 and betas (0.5, 0.999) for both networks, one
 * discriminator step per generator step, the non-saturating generator loss, real images mapped from [0, 1] to
 * [-1, 1].
 *
 * <pre>{@code
 * Generator init = new Generator(1);
 * GanGenerator g = new DcganGenerator(init);
 * GanDiscriminator d = new DcganDiscriminator(init);
 * DataLoader loader = DataLoader.builder(FashionMnist.train()).batchSize(128).shuffle(true).seed(1).build();
 * TrainingResult r = GanTrainer.builder(g, d, loader)
 *         .generatorLoss(GeneratorLoss.NON_SATURATING).epochs(5).seed(1)
 *         .checkpointDir(Path.of("runs/dcgan")).resume(true)
 *         .listener(new TextProgressBar())
 *         .listener(new SampleSnapshots(g, 64, 7, epoch -> true, (epoch, images) -> save(epoch, images)))
 *         .build().fit();
 * }</pre>
 */
public final class GanTrainer {
    /** The default learning rate of both optimizers. */
    public static final double DEFAULT_LR = 2e-4;
    /** The default first Adam beta. */
    public static final double DEFAULT_BETA1 = 0.5;
    /** The default second Adam beta. */
    public static final double DEFAULT_BETA2 = 0.999;

    private final GanObjective objective;
    private final Trainer trainer;

    private GanTrainer(Builder b) {
        Optimizer gOpt = b.generatorOptimizer != null ? b.generatorOptimizer
                : Adam.builder().lr(b.lr).betas(b.beta1, b.beta2).build(b.generator.parameters());
        Optimizer dOpt = b.discriminatorOptimizer != null ? b.discriminatorOptimizer
                : Adam.builder().lr(b.lr).betas(b.beta1, b.beta2).build(b.discriminator.parameters());
        this.objective = new GanObjective(b.generator, b.discriminator, gOpt, dOpt, b.loss, b.discriminatorSteps,
                b.scaleToTanhRange);
        Trainer.Builder t = Trainer.builder(objective, b.loader).epochs(b.epochs).seed(b.seed)
                .checkpointDir(b.dir).resume(b.resume).listener(objective);
        b.listeners.forEach(t::listener);
        this.trainer = t.build();
    }

    /** A builder for training {@code generator} against {@code discriminator} on the real images of {@code loader}. */
    public static Builder builder(GanGenerator generator, GanDiscriminator discriminator, DataLoader loader) {
        return new Builder(generator, discriminator, loader);
    }

    /** The objective (networks, optimizers, generator loss). */
    public GanObjective objective() {
        return objective;
    }

    /** The checkpoint file, or null without a checkpoint directory. */
    public Path checkpointFile() {
        return trainer.checkpointFile();
    }

    /**
     * Runs the remaining epochs (all, or those after the checkpoint when resuming). Per-epoch training metrics are
     * the means of {@code d_loss}, {@code g_loss}, {@code d_real} (D(x)) and {@code d_fake} (D(G(z))), with
     * {@code loss} equal to {@code d_loss}; each record also has the epoch's wall time and images/s.
     *
     * @throws NonFiniteLossException if a loss becomes NaN or infinite
     * @throws UncheckedIOException   if a checkpoint or history file cannot be read or written
     */
    public TrainingResult fit() {
        return trainer.fit();
    }

    /** Builds a {@link GanTrainer}. */
    public static final class Builder {
        private final GanGenerator generator;
        private final GanDiscriminator discriminator;
        private final DataLoader loader;
        private GeneratorLoss loss = GeneratorLoss.NON_SATURATING;
        private int discriminatorSteps = 1;
        private double lr = DEFAULT_LR;
        private double beta1 = DEFAULT_BETA1;
        private double beta2 = DEFAULT_BETA2;
        private Optimizer generatorOptimizer;
        private Optimizer discriminatorOptimizer;
        private boolean scaleToTanhRange = true;
        private int epochs = 1;
        private long seed;
        private Path dir;
        private boolean resume;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder(GanGenerator generator, GanDiscriminator discriminator, DataLoader loader) {
            if (generator == null || discriminator == null || loader == null) {
                throw new IllegalArgumentException("GanTrainer: generator, discriminator and loader are required");
            }
            this.generator = generator;
            this.discriminator = discriminator;
            this.loader = loader;
        }

        /** What the generator minimises (default {@link GeneratorLoss#NON_SATURATING}). */
        public Builder generatorLoss(GeneratorLoss loss) {
            if (loss == null) {
                throw new IllegalArgumentException("GanTrainer: generator loss is null");
            }
            this.loss = loss;
            return this;
        }

        /** Discriminator steps (one batch each) per generator step, k (default 1). */
        public Builder discriminatorSteps(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("GanTrainer: discriminator steps must be at least 1, got " + k);
            }
            this.discriminatorSteps = k;
            return this;
        }

        /** Learning rate of both default Adam optimizers (default 2e-4). */
        public Builder learningRate(double lr) {
            if (!(lr > 0)) {
                throw new IllegalArgumentException("GanTrainer: learning rate must be positive, got " + lr);
            }
            this.lr = lr;
            return this;
        }

        /** Betas of both default Adam optimizers (default 0.5, 0.999). */
        public Builder betas(double beta1, double beta2) {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("GanTrainer: betas must be in [0, 1), got " + beta1 + ", "
                        + beta2);
            }
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /** Optimizers to use instead of the default Adam pair (each over its own network's parameters). */
        public Builder optimizers(Optimizer generatorOptimizer, Optimizer discriminatorOptimizer) {
            if (generatorOptimizer == null || discriminatorOptimizer == null) {
                throw new IllegalArgumentException("GanTrainer: both optimizers are required");
            }
            this.generatorOptimizer = generatorOptimizer;
            this.discriminatorOptimizer = discriminatorOptimizer;
            return this;
        }

        /** Whether to map the loader's images from [0, 1] to [-1, 1] by {@code 2x - 1} (default true). */
        public Builder scaleToTanhRange(boolean scale) {
            this.scaleToTanhRange = scale;
            return this;
        }

        /** Total number of epochs (a resumed run continues up to this number; default 1). */
        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("GanTrainer: epochs must be at least 1, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /** Seed of the noise generator (default 0); its state is checkpointed. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Where the checkpoint and the metrics history are written after every epoch. */
        public Builder checkpointDir(Path dir) {
            this.dir = dir;
            return this;
        }

        /** Continue from the checkpoint in the checkpoint directory if there is one. */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** Adds a listener: a {@link dev.latent.models.train.TextProgressBar}, {@link SampleSnapshots}, ... */
        public Builder listener(TrainingListener listener) {
            if (listener == null) {
                throw new IllegalArgumentException("GanTrainer: listener is null");
            }
            this.listeners.add(listener);
            return this;
        }

        /**
         * The trainer.
         *
         * @throws IllegalArgumentException if the networks disagree on conditioning
         * @throws IllegalStateException    if resume is asked for without a checkpoint directory
         */
        public GanTrainer build() {
            return new GanTrainer(this);
        }
    }
}
