package dev.latent.benchmarks;

import dev.latent.kernels.Gemm;
import dev.latent.kernels.Parallel;
import dev.latent.kernels.VectorSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Latent's GEMM on its scalar fallback: the fork replaces the JVM arguments, so {@code jdk.incubator.vector} is
 * absent as on a JVM started without the flag. Square {@code n x n}, {@code 2 n^3} flops per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class GemmScalarBenchmark {
    /** Matrix order. */
    @Param({"256", "1024"})
    public int size;

    /** Threads of Latent's pool. */
    @Param({"1", "2"})
    public int threads;

    private float[] a;
    private float[] b;
    private float[] c;

    /** Random operands; refuses to run if the Vector API is present (the numbers would not be the fallback's). */
    @Setup
    public void setUp() {
        if (VectorSupport.enabled()) {
            throw new IllegalStateException("GemmScalarBenchmark must run without jdk.incubator.vector");
        }
        Parallel.setThreads(threads);
        a = Operands.random(size * size, 1);
        b = Operands.random(size * size, 2);
        c = new float[size * size];
        Operands.log("GemmScalarBenchmark", VectorSupport.describe() + ", " + threads + " thread(s)");
    }

    /** Latent's GEMM on the scalar engine. */
    @Benchmark
    public float[] latent() {
        Gemm.sgemm(false, false, size, size, size, 1f, a, 0, size, b, 0, size, 0f, c, 0, size);
        return c;
    }
}
