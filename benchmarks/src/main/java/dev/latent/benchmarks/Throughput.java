package dev.latent.benchmarks;

import dev.latent.benchmarks.throughput.ModelStep;
import dev.latent.benchmarks.throughput.Steps;
import dev.latent.benchmarks.throughput.ThroughputRun;
import dev.latent.kernels.Parallel;

import java.util.Locale;

/**
 * Training-throughput harness: trains one reference model for a fixed number of steps after warm-up and reports
 * images/s (median over steps, with p10/p90), allocation per step, GC share of wall time and peak heap. The last
 * line printed is JSON with at least {@code images_per_s}.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.latent.benchmarks.Throughput \
 *     --model conv-ae|vae|dcgan|mlp-gan --batch 256 --threads 2 [--steps 50] [--warmup 10] [--warmup-seconds 0]
 *     [--infer]
 * </pre>
 *
 * <p>Each step runs in a {@link dev.latent.kernels.Workspace#recycleResults() result-recycling scope}, so a step
 * reuses the previous step's result arrays; {@code -Dlatent.reuse=false} turns every kind of buffer reuse off (to
 * compare allocation, or to check that reuse changes no result). Give the JVM {@code -Xmx1g} to hold it to the
 * issue's heap budget.
 */
public final class Throughput {
    private Throughput() {
    }

    /**
     * Runs the harness.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) {
        String model = null;
        int batch = 256;
        int threads = Runtime.getRuntime().availableProcessors();
        int steps = 50;
        int warmup = 10;
        double warmupSeconds = 0;
        int latentDim = 16;
        boolean infer = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--model" -> model = args[++i];
                    case "--batch" -> batch = Integer.parseInt(args[++i]);
                    case "--threads" -> threads = Integer.parseInt(args[++i]);
                    case "--steps" -> steps = Integer.parseInt(args[++i]);
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(args[++i]);
                    case "--latent-dim" -> latentDim = Integer.parseInt(args[++i]);
                    case "--infer" -> infer = true;
                    case "--help", "-h" -> {
                        usage();
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (model == null) {
                throw new IllegalArgumentException("--model is required");
            }
            if (batch < 1 || threads < 1 || steps < 1 || warmup < 0 || !(warmupSeconds >= 0)) {
                throw new IllegalArgumentException("--batch, --threads and --steps must be positive, --warmup and"
                        + " --warmup-seconds not negative");
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            System.err.println("Throughput: " + (e instanceof ArrayIndexOutOfBoundsException
                    ? "an option is missing its value" : e.getMessage()));
            usage();
            System.exit(2);
            return;
        }
        Parallel.setThreads(threads);
        ModelStep step = Steps.create(model, batch, latentDim, infer);
        ThroughputRun.Result r = ThroughputRun.measure(step, warmup, warmupSeconds, steps);
        System.out.println(String.format(Locale.ROOT, "%s %s batch %d threads %d: median %.2f ms [p10 %.2f, p90 %.2f]"
                        + " = %.0f images/s; %.1f MB allocated/step; GC %.1f%% of wall; peak heap %.0f MB",
                model, infer ? "inference" : "train", batch, threads, r.medianMs(), r.p10Ms(), r.p90Ms(),
                r.imagesPerSecond(), r.allocatedMbPerStep(), 100 * r.gcFraction(), r.peakHeapMb()));
        System.out.println(r.toJson(model, infer ? "inference" : "train", batch, threads));
    }

    private static void usage() {
        System.err.println("usage: Throughput --model " + String.join("|", Steps.MODELS)
                + " --batch N --threads N [--steps N] [--warmup N] [--warmup-seconds S] [--latent-dim N] [--infer]");
    }
}
