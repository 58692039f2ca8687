package dev.latent.models.gan;

import dev.latent.models.train.EpochRecord;
import dev.latent.models.train.TrainingListener;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

import java.util.function.IntPredicate;

/**
 * A {@link TrainingListener} that samples a fixed grid of images at chosen epochs: the codes come from a generator
 * seeded the same way every time, so the snapshots of successive epochs show the same codes as training moves the
 * generator. Sampling runs in evaluation mode without grad and leaves the model unchanged
 * ({@link GanGenerator#sample(int, Generator)}), so taking snapshots does not change the training run.
 */
public final class SampleSnapshots implements TrainingListener {
    /** Receives the snapshot of one epoch. */
    @FunctionalInterface
    public interface Sink {
        /**
         * @param epoch  the 1-based epoch just finished
         * @param images the samples {@code [n, 1, 28, 28]} mapped to [0, 1] (ready to write as an image grid)
         */
        void accept(int epoch, Tensor images);
    }

    private final GanGenerator generator;
    private final int count;
    private final long seed;
    private final IntPredicate epochs;
    private final Sink sink;

    /**
     * @param generator the generator to sample
     * @param count     images per snapshot (at least 1)
     * @param seed      seed of the codes (the same for every snapshot)
     * @param epochs    which 1-based epochs get a snapshot, e.g. {@code e -> e % 5 == 0}
     * @param sink      where the snapshots go
     */
    public SampleSnapshots(GanGenerator generator, int count, long seed, IntPredicate epochs, Sink sink) {
        if (generator == null || epochs == null || sink == null) {
            throw new IllegalArgumentException("SampleSnapshots: generator, epoch filter and sink are required");
        }
        if (count < 1) {
            throw new IllegalArgumentException("SampleSnapshots: count must be at least 1, got " + count);
        }
        this.generator = generator;
        this.count = count;
        this.seed = seed;
        this.epochs = epochs;
        this.sink = sink;
    }

    /** The grid in [0, 1] from the current generator: the same codes whenever it is called. */
    public Tensor snapshot() {
        return toUnitRange(generator.sample(count, new Generator(seed)));
    }

    @Override
    public void onEpochEnd(EpochRecord record) {
        if (epochs.test(record.epoch())) {
            sink.accept(record.epoch(), snapshot());
        }
    }

    /** Maps tanh-range images from [-1, 1] to [0, 1] by {@code (x + 1) / 2}. */
    public static Tensor toUnitRange(Tensor images) {
        return images.add(1f).mul(0.5f);
    }
}
