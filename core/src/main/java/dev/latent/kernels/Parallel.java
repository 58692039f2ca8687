package dev.latent.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * The library-wide worker pool that kernels split their work over. Its size defaults to the number of available
 * processors and can be set with {@link #setThreads(int)} (or the {@code latent.threads} system property).
 *
 * <p>Kernels split work into a fixed number of tasks that depends only on the problem shape, never on the thread
 * count, and each task writes its own part of the output: results are bit-identical whatever the thread count.
 */
public final class Parallel {
    private static volatile ForkJoinPool pool;
    private static volatile int threads = initialThreads();

    private Parallel() {
    }

    private static int initialThreads() {
        String p = System.getProperty("latent.threads");
        if (p != null) {
            try {
                int n = Integer.parseInt(p.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the default
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** The number of threads kernels use. */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads kernels use (1 runs everything on the calling thread). */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + n);
        }
        if (n != threads) {
            ForkJoinPool old = pool;
            pool = null;
            threads = n;
            if (old != null) {
                old.shutdown();
            }
        }
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(threads, pool -> {
                        var w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                        w.setName("latent-worker-" + w.getPoolIndex());
                        w.setDaemon(true);
                        return w;
                    }, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }

    /**
     * Runs {@code task.accept(i)} for every {@code i} in {@code [0, tasks)}, in parallel when more than one thread
     * is configured, and returns when all are done. Tasks must write disjoint outputs.
     */
    public static void forEach(int tasks, IntConsumer task) {
        if (tasks <= 0) {
            return;
        }
        if (tasks == 1 || threads == 1 || ForkJoinTask.inForkJoinPool()) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        pool().invoke(new Range(task, 0, tasks));
    }

    private static final class Range extends RecursiveAction {
        private final IntConsumer task;
        private final int from;
        private final int to;

        Range(IntConsumer task, int from, int to) {
            this.task = task;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                task.accept(from);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Range(task, from, mid), new Range(task, mid, to));
        }
    }
}
