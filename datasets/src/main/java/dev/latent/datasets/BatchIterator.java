package dev.latent.datasets;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Iterates the batches of one epoch, keeping up to {@code prefetch} batches in progress on the loader's thread. An
 * abandoned iterator leaves at most that many finished batches behind, which are garbage collected.
 */
final class BatchIterator implements Iterator<Batch> {
    private final DataLoader loader;
    private final int epoch;
    private final int[] order;
    private final int end;
    private final ArrayDeque<Future<Batch>> ahead = new ArrayDeque<>();
    private int next;
    private int submitted;

    BatchIterator(DataLoader loader, int epoch, int from) {
        loader.checkOpen();
        this.loader = loader;
        this.epoch = epoch;
        this.order = loader.order(epoch);
        this.end = loader.numBatches();
        this.next = from;
        this.submitted = from;
    }

    @Override
    public boolean hasNext() {
        return next < end;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has " + end + " batches");
        }
        if (loader.prefetch() == 0) {
            loader.checkOpen();
            return loader.assemble(order, epoch, next++);
        }
        topUp();
        Future<Batch> current = ahead.removeFirst();
        int index = next++;
        topUp();
        return await(current, index);
    }

    /** Keeps batches {@code next .. next + prefetch - 1} submitted. */
    private void topUp() {
        while (submitted < end && submitted - next < loader.prefetch()) {
            int index = submitted++;
            ahead.addLast(loader.submit(() -> loader.assemble(order, epoch, index)));
        }
    }

    private Batch await(Future<Batch> batch, int index) {
        try {
            return batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for batch " + index + " of epoch " + epoch, e);
        } catch (CancellationException e) {
            throw new IllegalStateException("DataLoader is closed", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            IllegalStateException here = new IllegalStateException("batch " + index + " of epoch " + epoch
                    + " failed on the prefetch thread");
            if (cause instanceof RuntimeException r) {
                r.addSuppressed(here);
                throw r;
            }
            if (cause instanceof Error err) {
                err.addSuppressed(here);
                throw err;
            }
            throw new IllegalStateException(here.getMessage(), cause);
        }
    }
}
