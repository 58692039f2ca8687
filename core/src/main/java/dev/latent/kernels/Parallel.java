package dev.latent.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The library-wide worker pool that kernels split their work over. Its size defaults to the number of available
 * processors and can be set with {@link #setThreads(int)} (or the {@code latent.threads} system property).
 *
 * <p>The calling thread is one of the threads: with {@code n} threads, {@link #forEach} hands its tasks to the
 * caller and {@code n - 1} pool workers, which take them from a shared counter. Keeping the caller busy (instead of
 * parking it while workers run everything) keeps its share of the data in its own core's cache for the serial ops
 * that follow, and saves a wake-up per call; with a pool of {@code n} workers and a waiting caller, two threads
 * ran the conv autoencoder no faster than one.
 *
 * <p>A worker that runs out of tasks spins for a while ({@link #WORKER_SPIN_NANOS}) and joins the next call's tasks
 * itself, as BLAS and OpenMP runtimes do, instead of waiting to be woken from the pool.
 *
 * <p>Kernels split work into a fixed number of tasks that depends only on the problem shape, never on the thread
 * count, and each task writes its own part of the output: results are bit-identical whatever the thread count and
 * whichever thread runs a task. Work started inside a task runs serially on that task's thread.
 */
public final class Parallel {
    private static final AtomicInteger WORKER_NUMBER = new AtomicInteger();
    /** Whether this thread is running a task of some {@link #forEach} (nested calls then run serially). */
    private static final ThreadLocal<boolean[]> IN_TASK = ThreadLocal.withInitial(() -> new boolean[1]);
    /** How long a caller spins for the workers' last tasks before it parks. */
    private static final long SPIN_NANOS = 50_000;
    /**
     * How long a worker spins after its last task, watching for the next call's batch, before it returns to the
     * pool (which parks it): {@code latent.workerSpinMicros}, default 50 (0 parks at once). A parked worker took
     * 6-10 us to wake, so in products of 40-100 us it joined late: on 2 threads, 12544 x 16 x 72 went 253-274 ->
     * 325-327 GFLOPS and the conv autoencoder's training at batch 64 56,300-57,200 -> 61,100-62,000 images/s; the
     * VAE and the DCGAN at batch 256 stayed level.
     */
    static final long WORKER_SPIN_NANOS = 1000L * Long.getLong("latent.workerSpinMicros", 50L);
    /** The batch most recently started and not yet finished (else null), which spinning workers join. */
    private static final AtomicReference<Batch> LATEST = new AtomicReference<>();
    /** Workers spinning for a next batch: each one saves a wake-up request. */
    private static final AtomicInteger SPINNING = new AtomicInteger();
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

    /** The number of threads kernels use, the calling thread included. */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads kernels use, the calling thread included (1 runs everything on it). */
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

    /** The pool of {@code threads - 1} workers, created on first use after each {@link #setThreads}. */
    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(Math.max(1, threads - 1), fjp -> {
                        var w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(fjp);
                        // the pool index is not assigned yet here, so number the workers ourselves
                        w.setName("latent-worker-" + WORKER_NUMBER.getAndIncrement());
                        w.setDaemon(true);
                        return w;
                    }, null, true);
                    pool = p;
                }
            }
        }
        return p;
    }

    /**
     * Whether {@link #forEach} called here would run its tasks one after another on this thread: one thread is
     * configured, or this thread is already running a parallel task. Callers can then skip splitting work that
     * costs something to split (a GEMM's tasks each pack their own B panels).
     */
    public static boolean runsSerially() {
        return runsSerially(IN_TASK.get());
    }

    /** {@link #runsSerially()} with this thread's in-task flag already at hand. */
    private static boolean runsSerially(boolean[] inTask) {
        return threads == 1 || inTask[0] || ForkJoinTask.inForkJoinPool();
    }

    /**
     * Runs {@code task.accept(i)} for every {@code i} in {@code [0, tasks)}, in parallel when more than one thread
     * is configured, and returns when all are done. Tasks must write disjoint outputs. If tasks throw, the first
     * exception (with the others suppressed in it) is rethrown here once all tasks have finished. Called from a
     * thread of any {@link ForkJoinPool} (a parallel stream, say), it runs the tasks serially on that thread.
     */
    public static void forEach(int tasks, IntConsumer task) {
        if (tasks <= 0) {
            return;
        }
        boolean[] inTask = IN_TASK.get();
        if (tasks == 1 || runsSerially(inTask)) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        Batch batch = new Batch(tasks, task, Thread.currentThread());
        LATEST.set(batch);
        try {
            ForkJoinPool p = pool();
            int helpers = Math.min(p.getParallelism(), tasks - 1);
            for (int h = helpers - Math.min(helpers, SPINNING.get()); h > 0; h--) {
                p.execute(batch::help);
            }
        } catch (RejectedExecutionException e) {
            // setThreads shut the pool down meanwhile: helpers are optional, the caller claims what is left
        }
        inTask[0] = true;
        try {
            batch.work();
        } finally {
            inTask[0] = false;
        }
        try {
            batch.awaitDone();
        } finally {
            // no reference to the batch, and so to the task and the arrays it captured, outlives the call
            LATEST.compareAndSet(batch, null);
        }
    }

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of {@code chunk} elements (the last may be shorter), in
     * parallel: for loops whose elements are independent, where any split gives the same result.
     */
    public static void forChunks(int n, int chunk, RangeBody body) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be at least 1, got " + chunk);
        }
        int chunks = (int) (((long) n + chunk - 1) / chunk);
        if (chunks <= 1) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        forEach(chunks, c -> body.run(c * chunk, (int) Math.min(n, (long) (c + 1) * chunk)));
    }

    /** A loop body over element indices {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        /** Processes elements {@code from} (inclusive) to {@code to} (exclusive). */
        void run(int from, int to);
    }

    /** The tasks of one {@link #forEach} call, claimed one at a time by the caller and the helping workers. */
    private static final class Batch {
        private final int tasks;
        private final IntConsumer task;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Batch(int tasks, IntConsumer task, Thread caller) {
            this.tasks = tasks;
            this.task = task;
            this.caller = caller;
        }

        /**
         * A worker's part: the worker is marked as inside a task, so nested calls run on it serially. Then it spins
         * for {@link #WORKER_SPIN_NANOS}, joining any later batch that still has tasks to claim.
         */
        void help() {
            boolean[] inTask = IN_TASK.get();
            boolean before = inTask[0];
            inTask[0] = true;
            try {
                work();
                Batch done = this;
                SPINNING.incrementAndGet();
                try {
                    long until = System.nanoTime() + WORKER_SPIN_NANOS;
                    while (System.nanoTime() < until) {
                        Batch next = LATEST.get();
                        if (next != null && next != done && next.next.get() < next.tasks) {
                            next.work();
                            done = next;
                            until = System.nanoTime() + WORKER_SPIN_NANOS;
                        } else {
                            Thread.onSpinWait();
                        }
                    }
                } finally {
                    SPINNING.decrementAndGet();
                }
            } finally {
                inTask[0] = before;
            }
        }

        void work() {
            for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                try {
                    task.accept(i);
                } catch (Throwable t) {
                    if (!failure.compareAndSet(null, t) && failure.get() != t) {
                        failure.get().addSuppressed(t);
                    }
                } finally {
                    if (finished.incrementAndGet() == tasks && Thread.currentThread() != caller) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }

        /** Waits until every task has finished (all are claimed by now), then rethrows the first failure. */
        void awaitDone() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            boolean interrupted = false;
            while (finished.get() < tasks) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                    // park returns at once while the flag is set: clear it for the wait, restore it after
                    interrupted |= Thread.interrupted();
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable t = failure.get();
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }
}
