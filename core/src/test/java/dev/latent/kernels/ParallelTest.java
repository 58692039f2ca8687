package dev.latent.kernels;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelTest {
    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    @Test
    void everyTaskRunsExactlyOnceForAnyThreadCount() {
        for (int threads = 1; threads <= 3; threads++) {
            Parallel.setThreads(threads);
            for (int tasks : new int[] {1, 2, 3, 7, 50}) {
                for (int round = 0; round < 20; round++) {
                    AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
                    Parallel.forEach(tasks, runs::incrementAndGet);
                    for (int i = 0; i < tasks; i++) {
                        assertEquals(1, runs.get(i), "task " + i + " of " + tasks + " on " + threads + " threads");
                    }
                }
            }
        }
    }

    @Test
    void nestedCallsRunEveryInnerTask() {
        Parallel.setThreads(2);
        AtomicIntegerArray runs = new AtomicIntegerArray(6 * 5);
        Parallel.forEach(6, outer -> Parallel.forEach(5, inner -> runs.incrementAndGet(outer * 5 + inner)));
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "inner task " + i);
        }
    }

    @Test
    void runsSeriallyOnOneThreadAndInsideATaskOnly() {
        Parallel.setThreads(1);
        assertTrue(Parallel.runsSerially());
        Parallel.setThreads(2);
        assertFalse(Parallel.runsSerially(), "top level with two threads");
        AtomicIntegerArray inside = new AtomicIntegerArray(4);
        Parallel.forEach(4, t -> inside.set(t, Parallel.runsSerially() ? 1 : 0));
        for (int t = 0; t < 4; t++) {
            assertEquals(1, inside.get(t), "task " + t);
        }
        assertFalse(Parallel.runsSerially(), "after the tasks");
    }

    @Test
    void aFailingTaskIsRethrownAfterTheOthersFinishAndThePoolStaysUsable() {
        Parallel.setThreads(2);
        IllegalStateException boom = new IllegalStateException("task 3 failed");
        AtomicIntegerArray runs = new AtomicIntegerArray(8);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Parallel.forEach(8, i -> {
            runs.incrementAndGet(i);
            if (i == 3) {
                throw boom;
            }
        }));
        assertSame(boom, thrown);
        for (int i = 0; i < 8; i++) {
            assertEquals(1, runs.get(i), "task " + i + " still ran once");
        }
        AtomicIntegerArray after = new AtomicIntegerArray(4);
        Parallel.forEach(4, after::incrementAndGet);
        for (int i = 0; i < 4; i++) {
            assertEquals(1, after.get(i));
        }
    }

    @Test
    void everyFailureIsReportedAndAnInterruptedCallerKeepsItsFlag() {
        Parallel.setThreads(2);
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> Parallel.forEach(6, i -> {
            if (i % 2 == 1) {
                throw new IllegalArgumentException("task " + i);
            }
        }));
        assertEquals(2, thrown.getSuppressed().length, "three failures: one thrown, two suppressed");

        Thread.currentThread().interrupt();
        try {
            AtomicIntegerArray runs = new AtomicIntegerArray(4);
            Parallel.forEach(4, runs::incrementAndGet);
            for (int i = 0; i < 4; i++) {
                assertEquals(1, runs.get(i));
            }
            assertTrue(Thread.currentThread().isInterrupted(), "the caller's interrupt flag survives the wait");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void backToBackCallsRunEveryTaskOnceWhileWorkersSpin() {
        // calls a few microseconds apart: a worker still spinning from one call claims tasks of the next
        Parallel.setThreads(2);
        for (int call = 0; call < 2000; call++) {
            int tasks = 1 + call % 7;
            AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
            Parallel.forEach(tasks, runs::incrementAndGet);
            for (int t = 0; t < tasks; t++) {
                assertEquals(1, runs.get(t), "call " + call + ", task " + t);
            }
            long until = System.nanoTime() + (call % 3) * 10_000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void chunksCoverTheRangeExactlyOnce() {
        Parallel.setThreads(2);
        for (int n : new int[] {0, 1, 9, 10, 11, 100}) {
            AtomicIntegerArray covered = new AtomicIntegerArray(Math.max(n, 1));
            Parallel.forChunks(n, 10, (from, to) -> {
                assertTrue(from < to && to - from <= 10, "chunk [" + from + ", " + to + ")");
                for (int i = from; i < to; i++) {
                    covered.incrementAndGet(i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, covered.get(i), "element " + i + " of " + n);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Parallel.forChunks(5, 0, (from, to) -> { }));
    }
}
