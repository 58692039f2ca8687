package dev.latent.benchmarks.throughput;

import dev.latent.kernels.VectorSupport;
import dev.latent.nn.io.Json;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Times a {@link ModelStep}: warm-up, then per-step wall times, allocation, GC time and peak heap. */
public final class ThroughputRun {
    private ThroughputRun() {
    }

    /**
     * The measurements.
     *
     * @param stepMs             wall time of each measured step, sorted
     * @param batch              images per step
     * @param allocatedMbPerStep heap allocated per step, all threads
     * @param gcFraction         share of the measured wall time spent in GC
     * @param peakHeapMb         peak heap during the measured steps (upper bound)
     */
    public record Result(double[] stepMs, int batch, double allocatedMbPerStep, double gcFraction, double peakHeapMb) {
        /** Median step time. */
        public double medianMs() {
            return percentile(0.5);
        }

        /** 10th percentile step time. */
        public double p10Ms() {
            return percentile(0.1);
        }

        /** 90th percentile step time. */
        public double p90Ms() {
            return percentile(0.9);
        }

        /** Images per second at the median step time. */
        public double imagesPerSecond() {
            return batch / (medianMs() / 1e3);
        }

        private double percentile(double q) {
            double pos = q * (stepMs.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(stepMs.length - 1, lo + 1);
            return stepMs[lo] + (pos - lo) * (stepMs[hi] - stepMs[lo]);
        }

        /** The one-line JSON summary. */
        public String toJson(String model, String mode, int batchSize, int threads) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("framework", "latent");
            m.put("model", model);
            m.put("mode", mode);
            m.put("batch", (long) batchSize);
            m.put("threads", (long) threads);
            m.put("steps", (long) stepMs.length);
            m.put("median_ms", round(medianMs()));
            m.put("p10_ms", round(p10Ms()));
            m.put("p90_ms", round(p90Ms()));
            m.put("images_per_s", Math.round(imagesPerSecond() * 10) / 10.0);
            m.put("alloc_mb_per_step", round(allocatedMbPerStep));
            m.put("gc_fraction", Math.round(gcFraction * 10000) / 10000.0);
            m.put("peak_heap_mb", Math.round(peakHeapMb * 10) / 10.0);
            m.put("simd", VectorSupport.enabled());
            m.put("java", System.getProperty("java.version"));
            return Json.write(m);
        }

        private static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }
    }

    /** Runs {@code warmup} untimed steps, then {@code steps} timed ones. */
    public static Result measure(ModelStep step, int warmup, int steps) {
        return measure(step, warmup, 0, steps);
    }

    /**
     * Runs untimed steps until both {@code warmup} steps and {@code warmupSeconds} have passed, then {@code steps}
     * timed ones. A count alone warms a fast configuration for too short a time: kernels that a step calls only a
     * few times (a discriminator's one-row product) reach C2 seconds into a run, and until then run as the Vector
     * API's Java fallback.
     */
    public static Result measure(ModelStep step, int warmup, double warmupSeconds, int steps) {
        long until = System.nanoTime() + (long) (warmupSeconds * 1e9);
        for (int i = 0; i < warmup || System.nanoTime() < until; i++) {
            step.run();
        }
        System.gc();
        MemoryProbe.resetPeaks();
        long alloc0 = MemoryProbe.allocatedBytes();
        long gc0 = MemoryProbe.gcMillis();
        long wall0 = System.nanoTime();
        double[] ms = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            step.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        double wallMs = (System.nanoTime() - wall0) / 1e6;
        double allocMb = (MemoryProbe.allocatedBytes() - alloc0) / 1e6 / steps;
        double gcFraction = (MemoryProbe.gcMillis() - gc0) / wallMs;
        double peakMb = MemoryProbe.peakHeapBytes() / 1e6;
        Arrays.sort(ms);
        return new Result(ms, step.batchSize(), allocMb, gcFraction, peakMb);
    }
}
