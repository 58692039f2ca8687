package dev.latent.datasets;

import dev.latent.datasets.transforms.Transforms;
import dev.latent.tensor.Shape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataLoaderTest {
    private static List<int[]> ids(Iterable<Batch> batches) {
        List<int[]> out = new ArrayList<>();
        for (Batch b : batches) {
            out.add(Fixtures.ids(b));
        }
        return out;
    }

    private static String str(List<int[]> batches) {
        return batches.stream().map(Arrays::toString).toList().toString();
    }

    @Test
    void batchesInOrderWithASmallerLastBatch() {
        try (DataLoader loader = DataLoader.builder(Fixtures.counting(10)).batchSize(4).build()) {
            assertEquals(3, loader.numBatches());
            List<Batch> batches = new ArrayList<>();
            loader.forEach(batches::add);
            assertEquals("[[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]", str(ids(batches)));
            Batch last = batches.get(2);
            assertEquals(2, last.size());
            assertEquals(Shape.of(2, 1, 2, 2), last.images().shape());
            assertArrayEquals(new int[] {2, 0}, last.labelIndices());
            assertArrayEquals(new float[] {2, 0}, last.labels().toArray());
            assertNull(last.corrupted());
            assertSame(last.images(), last.inputs());
        }
    }

    @Test
    void dropLast() {
        try (DataLoader loader = DataLoader.builder(Fixtures.counting(10)).batchSize(4).dropLast(true).build()) {
            assertEquals(2, loader.numBatches());
            assertEquals("[[0, 1, 2, 3], [4, 5, 6, 7]]", str(ids(loader)));
        }
        try (DataLoader loader = DataLoader.builder(Fixtures.counting(3)).batchSize(4).dropLast(true).build()) {
            assertFalse(loader.iterator().hasNext());
        }
    }

    @Test
    void shuffleVisitsEveryExampleOnceInASeededOrderPerEpoch() {
        TensorDataset d = Fixtures.counting(50);
        try (DataLoader a = DataLoader.builder(d).batchSize(8).shuffle(true).seed(3).build();
             DataLoader b = DataLoader.builder(d).batchSize(8).shuffle(true).seed(3).build();
             DataLoader c = DataLoader.builder(d).batchSize(8).shuffle(true).seed(4).build()) {
            List<int[]> epoch0 = ids(a);
            List<int[]> epoch1 = ids(a);
            int[] seen = epoch0.stream().flatMapToInt(Arrays::stream).sorted().toArray();
            assertArrayEquals(IntStream.range(0, 50).toArray(), seen);
            assertNotEquals(str(epoch0), str(epoch1), "epochs are shuffled differently");
            assertEquals(str(epoch0), str(ids(b)), "same seed, same order");
            assertEquals(str(epoch1), str(ids(b.epoch(1))));
            assertNotEquals(str(epoch0), str(ids(c)), "another seed, another order");
            assertEquals(2, a.nextEpoch());
            a.setEpoch(0);
            assertEquals(str(epoch0), str(ids(a)));
            assertArrayEquals(a.order(1), b.order(1));
        }
    }

    @Test
    void resumingMidEpochGivesTheSameBatchesIncludingTheirNoise() {
        TensorDataset d = Fixtures.counting(40);
        try (DataLoader loader = DataLoader.builder(d).batchSize(6).shuffle(true).seed(11)
                .transform(Transforms.scale(0.01f)).corruption(Transforms.gaussianNoise(0.1f)).build()) {
            List<Batch> full = new ArrayList<>();
            loader.epoch(3).forEach(full::add);
            List<Batch> resumed = new ArrayList<>();
            loader.epoch(3, 4).forEach(resumed::add);
            assertEquals(full.size() - 4, resumed.size());
            for (int i = 0; i < resumed.size(); i++) {
                Batch x = full.get(i + 4);
                Batch y = resumed.get(i);
                assertArrayEquals(x.labelIndices(), y.labelIndices());
                assertArrayEquals(x.images().toArray(), y.images().toArray());
                assertArrayEquals(x.corrupted().toArray(), y.corrupted().toArray());
                assertArrayEquals(x.corrupted().toArray(), loader.batch(3, i + 4).corrupted().toArray());
            }
            assertFalse(loader.epoch(3, loader.numBatches()).iterator().hasNext());
            assertThrows(IllegalArgumentException.class, () -> loader.epoch(3, loader.numBatches() + 1));
        }
    }

    @Test
    void prefetchDoesNotChangeTheBatchesAndRunsOnADaemonThread() {
        TensorDataset d = Fixtures.counting(33);
        AtomicReference<Thread> worker = new AtomicReference<>();
        List<String> results = new ArrayList<>();
        for (int prefetch : new int[] {0, 1, 3}) {
            try (DataLoader loader = DataLoader.builder(d).batchSize(5).shuffle(true).seed(1).prefetch(prefetch)
                    .corruption((x, g) -> {
                        worker.set(Thread.currentThread());
                        return Transforms.saltAndPepper(0.3f).apply(x, g);
                    }).build()) {
                StringBuilder s = new StringBuilder();
                for (Batch b : loader) {
                    s.append(Arrays.toString(b.corrupted().toArray()));
                }
                results.add(s.toString());
                if (prefetch == 0) {
                    assertSame(Thread.currentThread(), worker.get());
                } else {
                    assertNotEquals(Thread.currentThread(), worker.get());
                    assertTrue(worker.get().isDaemon() && worker.get().getName().startsWith("latent-dataloader"));
                }
            }
        }
        assertEquals(results.get(0), results.get(1));
        assertEquals(results.get(0), results.get(2));
    }

    @Test
    void exceptionsOnThePrefetchThreadReachTheConsumer() {
        try (DataLoader loader = DataLoader.builder(Fixtures.counting(20)).batchSize(4).prefetch(2)
                .transform((x, g) -> {
                    if (x.toArray()[0] == 12) {
                        throw new IllegalStateException("example 12 is unreadable");
                    }
                    return x;
                }).build()) {
            Iterator<Batch> it = loader.iterator();
            it.next();
            it.next();
            it.next();
            IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
            assertEquals("example 12 is unreadable", e.getMessage());
            assertTrue(e.getSuppressed()[0].getMessage().contains("batch 3 of epoch 0"));
        }
    }

    @Test
    void closedLoadersRefuseToIterate() {
        DataLoader loader = DataLoader.builder(Fixtures.counting(20)).batchSize(4).build();
        Iterator<Batch> it = loader.iterator();
        it.next();
        loader.close();
        assertThrows(IllegalStateException.class, it::next);
        assertThrows(IllegalStateException.class, loader::iterator);
    }

    @Test
    void closingReleasesAConsumerWaitingForAQueuedBatch() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DataLoader loader = DataLoader.builder(Fixtures.counting(8)).batchSize(4).prefetch(1)
                .transform((x, g) -> {
                    if (x.toArray()[0] == 0) {
                        busy.countDown();
                        awaitUninterruptibly(release);
                    }
                    return x;
                }).build();
        Iterator<Batch> abandoned = loader.epoch(0).iterator();
        Thread first = Thread.ofVirtual().start(abandoned::next); // holds the prefetch thread on batch 0
        busy.await();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread waiting = Thread.ofVirtual().start(() -> {
            try {
                loader.epoch(1).iterator().next(); // queued behind batch 0 of epoch 0
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        while (waiting.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        loader.close();
        waiting.join(60_000); // a hang guard only
        release.countDown();
        first.join(60_000);
        assertTrue(outcome.get() instanceof IllegalStateException, String.valueOf(outcome.get()));
        assertEquals("DataLoader is closed", outcome.get().getMessage());
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // close() interrupts the prefetch thread; this batch still waits for the test to release it.
            }
        }
    }

    @Test
    void transformsAndCorruptionsKeepTheCleanImages() {
        try (DataLoader loader = DataLoader.builder(Fixtures.counting(8)).batchSize(8)
                .transform(Transforms.compose(Transforms.scale(0.1f), Transforms.flatten()))
                .corruption(Transforms.randomMask(0.5f, -1f)).build()) {
            Batch b = loader.iterator().next();
            assertEquals(Shape.of(8, 4), b.images().shape());
            float[] clean = b.images().toArray();
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(i * 0.1f, clean[i * 4 + j], 1e-6f);
                }
            }
            float[] corrupted = b.inputs().toArray();
            int masked = 0;
            for (int i = 0; i < clean.length; i++) {
                if (corrupted[i] == -1f) {
                    masked++;
                } else {
                    assertEquals(clean[i], corrupted[i]);
                }
            }
            assertTrue(masked > 4 && masked < 28, masked + " of 32 masked at p = 0.5");
        }
    }

    @Test
    void badOptions() {
        DataLoader.Builder b = DataLoader.builder(Fixtures.counting(3));
        assertThrows(IllegalArgumentException.class, () -> b.batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> b.prefetch(-1));
        try (DataLoader loader = b.build()) {
            assertThrows(IllegalArgumentException.class, () -> loader.epoch(-1));
            assertThrows(IndexOutOfBoundsException.class, () -> loader.batch(0, 1));
            assertEquals(3, loader.batch(0, 0).size(), "one batch of the default size 64 holds all 3");
        }
    }
}
