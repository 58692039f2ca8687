package dev.latent.datasets;

import dev.latent.datasets.transforms.Transform;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batches of a {@link Dataset}, optionally shuffled, transformed and corrupted, assembled one batch ahead on a
 * background thread.
 *
 * <pre>{@code
 * try (DataLoader loader = DataLoader.builder(train).batchSize(256).shuffle(true).seed(42).build()) {
 *     for (int epoch = 0; epoch < 10; epoch++) {
 *         for (Batch b : loader) {          // each for-loop runs the next epoch
 *             Tensor x = b.images();        // [256, 1, 28, 28]
 *             int[] y = b.labelIndices();
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Reproducible and resumable.</b> The order of epoch {@code e} depends only on the seed and {@code e}, and the
 * randomness a batch's transforms draw depends only on the seed, {@code e} and the batch index. So
 * {@code loader.epoch(e, k)} yields exactly the batches {@code k, k+1, ...} that an uninterrupted run saw, and a
 * training run can resume mid-epoch. Plain iteration ({@code for (Batch b : loader)}) runs epoch 0, then 1, and so
 * on; {@link #setEpoch} moves that counter.
 *
 * <p><b>Prefetch.</b> With {@code prefetch(n)} (default 1) the next {@code n} batches are built on a daemon thread
 * while the current one is used; an exception there is rethrown by {@code next()} in the consuming thread. The
 * thread ends by itself when idle; {@link #close()} stops it at once. With {@code prefetch(0)} batches are built in
 * the consuming thread.
 *
 * <p><b>Denoising.</b> A {@link Builder#corruption corruption} transform makes each batch carry both the clean
 * images and a corrupted copy ({@link Batch#corrupted()}).
 */
public final class DataLoader implements Iterable<Batch>, AutoCloseable {
    private static final long ORDER_STREAM = 1;
    private static final long TRANSFORM_STREAM = 2;
    private static final AtomicInteger THREAD_COUNT = new AtomicInteger();

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final Transform transform;
    private final Transform corruption;
    private final int prefetch;
    private final Shape batchExampleShape;

    private int nextEpoch;
    private ThreadPoolExecutor executor;
    private boolean closed;

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        this.transform = b.transform;
        this.corruption = b.corruption;
        this.prefetch = b.prefetch;
        this.batchExampleShape = dataset.exampleShape();
    }

    /** A builder for a loader over {@code dataset}. */
    public static Builder builder(Dataset dataset) {
        return new Builder(dataset);
    }

    /** The dataset. */
    public Dataset dataset() {
        return dataset;
    }

    /** The batch size (the last batch of an epoch may be smaller unless drop-last is on). */
    public int batchSize() {
        return batchSize;
    }

    /** Batches per epoch. */
    public int numBatches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The order in which epoch {@code epoch} visits the examples (the identity without shuffling). */
    public int[] order(int epoch) {
        checkEpoch(epoch);
        if (shuffle) {
            return new Generator(Seeds.derive(seed, ORDER_STREAM, epoch, 0)).permutation(dataset.size());
        }
        int[] order = new int[dataset.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return order;
    }

    /** Batch {@code index} of epoch {@code epoch}, built now in this thread: the same batch iteration yields. */
    public Batch batch(int epoch, int index) {
        Objects.checkIndex(index, numBatches());
        return assemble(order(epoch), epoch, index);
    }

    /** The next epoch's batches; each call advances the epoch counter (see {@link #setEpoch}). */
    @Override
    public Iterator<Batch> iterator() {
        int epoch;
        synchronized (this) {
            epoch = nextEpoch++;
        }
        return new BatchIterator(this, epoch, 0);
    }

    /** The batches of epoch {@code epoch}, without touching the epoch counter. */
    public Iterable<Batch> epoch(int epoch) {
        return epoch(epoch, 0);
    }

    /** The batches {@code fromBatch, fromBatch + 1, ...} of epoch {@code epoch}: resumes an interrupted epoch. */
    public Iterable<Batch> epoch(int epoch, int fromBatch) {
        checkEpoch(epoch);
        if (fromBatch < 0 || fromBatch > numBatches()) {
            throw new IllegalArgumentException("epoch: start batch " + fromBatch + " is outside [0, " + numBatches()
                    + "]");
        }
        return () -> new BatchIterator(this, epoch, fromBatch);
    }

    /** Sets the epoch that the next plain iteration runs (for resuming). */
    public synchronized void setEpoch(int epoch) {
        checkEpoch(epoch);
        nextEpoch = epoch;
    }

    /** The epoch that the next plain iteration runs. */
    public synchronized int nextEpoch() {
        return nextEpoch;
    }

    /** Stops the prefetch thread; iterating afterwards throws {@link IllegalStateException}. */
    @Override
    public synchronized void close() {
        closed = true;
        if (executor != null) {
            // Cancel queued batches so that a consumer waiting for one gets an exception instead of waiting forever.
            for (Runnable queued : executor.shutdownNow()) {
                if (queued instanceof Future<?> batch) {
                    batch.cancel(false);
                }
            }
        }
    }

    int prefetch() {
        return prefetch;
    }

    /** Runs {@code task} on the prefetch thread, starting it if needed. */
    synchronized Future<Batch> submit(Callable<Batch> task) {
        checkOpen();
        if (executor == null) {
            executor = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "latent-dataloader-" + THREAD_COUNT.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            executor.allowCoreThreadTimeOut(true);
        }
        try {
            return executor.submit(task);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("DataLoader is closed", e);
        }
    }

    synchronized void checkOpen() {
        if (closed) {
            throw new IllegalStateException("DataLoader is closed");
        }
    }

    /** Builds batch {@code index} of an epoch whose example order is {@code order}, with bulk copies. */
    Batch assemble(int[] order, int epoch, int index) {
        int from = index * batchSize;
        int size = Math.min(batchSize, order.length - from);
        int per = batchExampleShape.numel();
        float[] pixels = new float[size * per];
        int[] labels = new int[size];
        float[] labelValues = new float[size];
        for (int i = 0; i < size; i++) {
            int example = order[from + i];
            dataset.copyExample(example, pixels, i * per);
            labels[i] = dataset.label(example);
            labelValues[i] = labels[i];
        }
        Tensor images = Tensor.wrap(pixels, batchExampleShape.insert(0, size));
        Generator random = new Generator(Seeds.derive(seed, TRANSFORM_STREAM, epoch, index));
        if (transform != null) {
            images = transform.apply(images, random);
        }
        Tensor corrupted = corruption == null ? null : corruption.apply(images, random);
        return new Batch(images, Tensor.wrap(labelValues, size), labels, corrupted);
    }

    private static void checkEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be non-negative, got " + epoch);
        }
    }

    /** Options of a {@link DataLoader}; defaults: batch size 64, no shuffle, seed 0, keep last, prefetch 1. */
    public static final class Builder {
        private final Dataset dataset;
        private int batchSize = 64;
        private boolean shuffle;
        private long seed;
        private boolean dropLast;
        private Transform transform;
        private Transform corruption;
        private int prefetch = 1;

        private Builder(Dataset dataset) {
            this.dataset = Objects.requireNonNull(dataset, "dataset");
        }

        /** Examples per batch (positive). */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Whether each epoch visits the examples in a new random order (derived from the seed and the epoch). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** The seed of the shuffling and of the transforms' randomness. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether to drop the last batch of an epoch when it is smaller than the batch size. */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** A transform applied to every batch's images (null for none). */
        public Builder transform(Transform transform) {
            this.transform = transform;
            return this;
        }

        /**
         * A corruption applied to a copy of the transformed images, kept beside the clean ones in
         * {@link Batch#corrupted()} (null for none). For denoising: train on {@code inputs()} against
         * {@code images()}.
         */
        public Builder corruption(Transform corruption) {
            this.corruption = corruption;
            return this;
        }

        /** How many batches to build ahead on a background thread; 0 builds them in the consuming thread. */
        public Builder prefetch(int batches) {
            if (batches < 0) {
                throw new IllegalArgumentException("prefetch must be non-negative, got " + batches);
            }
            this.prefetch = batches;
            return this;
        }

        /** The loader. */
        public DataLoader build() {
            return new DataLoader(this);
        }
    }
}
