package dev.latent.benchmarks;

import dev.latent.kernels.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What this machine can do at all, as the yardstick for the kernels' GFLOPS and their scaling from 1 to 2 threads:
 * {@link #fma} runs independent vector FMA chains with no memory traffic (the arithmetic peak), {@link #stream}
 * sums a large array (the memory bandwidth). Both split the same fixed work into {@value #TASKS} tasks on Latent's
 * pool, so 1 thread runs them one after the other and 2 threads side by side.
 *
 * <p>Scores read directly: {@code fma} in GFLOPS (one operation is 1 MFLOP, reported per millisecond) and
 * {@code stream} in GB/s (one operation is 1 MB read, per millisecond).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx3g"})
public class PeakBenchmark {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Tasks the fixed work is split into. */
    static final int TASKS = 2;
    /** MFLOP per invocation: each task runs 96 MFLOP whatever the vector width. */
    static final int FMA_MFLOP = 192;
    /** Loop trips per task: 12 chains x L lanes x 2 flops per trip, 96 MFLOP in all. */
    static final int FMA_TRIPS = 96_000_000 / (24 * F.length());
    /** MB read per invocation. */
    static final int STREAM_MB = 1024;
    private static final int STREAM_FLOATS_PER_TASK = STREAM_MB / TASKS * 1_000_000 / Float.BYTES;

    /** Threads of Latent's pool. */
    @Param({"1", "2"})
    public int threads;

    private float[] data;
    private final float[] sums = new float[TASKS];

    /** The pool size and the array to stream: 1 GB, over 3x the 300 MB last-level cache this VM reports. */
    @Setup
    public void setUp() {
        Parallel.setThreads(threads);
        data = new float[TASKS * STREAM_FLOATS_PER_TASK];
        java.util.Arrays.fill(data, 1f);
        Operands.log("PeakBenchmark", F.length() + " float lanes, " + threads + " thread(s)");
    }

    /** The arithmetic peak: 12 independent FMA chains per task (enough to cover the FMA latency on 2 ports). */
    @Benchmark
    @OperationsPerInvocation(FMA_MFLOP)
    public float[] fma() {
        Parallel.forEach(TASKS, t -> sums[t] = fmaChains(FMA_TRIPS, 1f + t));
        return sums;
    }

    /** Memory bandwidth: each task sums its half of the array with 4 vector accumulators. */
    @Benchmark
    @OperationsPerInvocation(STREAM_MB)
    public float[] stream() {
        Parallel.forEach(TASKS, t -> sums[t] = sum(data, t * STREAM_FLOATS_PER_TASK, STREAM_FLOATS_PER_TASK));
        return sums;
    }

    private static float fmaChains(int trips, float seed) {
        FloatVector x = FloatVector.broadcast(F, 0.999f);
        FloatVector y = FloatVector.broadcast(F, 1e-4f);
        FloatVector c0 = FloatVector.broadcast(F, seed);
        FloatVector c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0;
        FloatVector c11 = c0;
        for (int i = 0; i < trips; i++) {
            c0 = c0.fma(x, y); c1 = c1.fma(x, y); c2 = c2.fma(x, y); c3 = c3.fma(x, y);
            c4 = c4.fma(x, y); c5 = c5.fma(x, y); c6 = c6.fma(x, y); c7 = c7.fma(x, y);
            c8 = c8.fma(x, y); c9 = c9.fma(x, y); c10 = c10.fma(x, y); c11 = c11.fma(x, y);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }

    private static float sum(float[] a, int off, int len) {
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
        int step = 4 * F.length();
        int i = 0;
        for (; i + step <= len; i += step) {
            s0 = s0.add(FloatVector.fromArray(F, a, off + i));
            s1 = s1.add(FloatVector.fromArray(F, a, off + i + F.length()));
            s2 = s2.add(FloatVector.fromArray(F, a, off + i + 2 * F.length()));
            s3 = s3.add(FloatVector.fromArray(F, a, off + i + 3 * F.length()));
        }
        float s = s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            s += a[off + i];
        }
        return s;
    }
}
