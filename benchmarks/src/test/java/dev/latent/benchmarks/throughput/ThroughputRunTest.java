package dev.latent.benchmarks.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputRunTest {
    /** A step that records when it ran. */
    private static final class Recorder implements ModelStep {
        final List<Long> starts = new ArrayList<>();

        @Override
        public void run() {
            starts.add(System.nanoTime());
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public int batchSize() {
            return 4;
        }

        @Override
        public List<Tensor> parameters() {
            return List.of();
        }
    }

    @Test
    void warmUpCountsStepsWhenNoTimeIsAsked() {
        Recorder step = new Recorder();
        ThroughputRun.Result r = ThroughputRun.measure(step, 3, 5);
        assertEquals(8, step.starts.size());
        assertEquals(5, r.stepMs().length);
    }

    @Test
    void warmUpLastsAtLeastTheAskedTimeAndTheAskedSteps() {
        Recorder step = new Recorder();
        long t0 = System.nanoTime();
        ThroughputRun.Result r = ThroughputRun.measure(step, 2, 0.05, 3);
        int warmupSteps = step.starts.size() - 3;
        assertTrue(warmupSteps >= 2, "warm-up steps: " + warmupSteps);
        // the first timed step starts only once 50 ms of warm-up have passed
        long firstTimed = step.starts.get(warmupSteps);
        assertTrue(firstTimed - t0 >= 50_000_000L, "timed steps began " + (firstTimed - t0) / 1e6 + " ms in");
        assertEquals(3, r.stepMs().length);
    }
}
