package dev.latent.benchmarks;

import dev.latent.kernels.Gemm;
import dev.latent.kernels.Parallel;
import dev.latent.kernels.VectorSupport;
import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;
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
 * Square single-precision GEMM, {@code C = A * B} with {@code n x n} row-major matrices: Latent's {@link Gemm#sgemm}
 * against EJML's {@code CommonOps_FDRM.mult} (its multithreaded variant for more than one thread) in the same run.
 * One operation is {@code 2 n^3} flops; {@link GflopsReport} turns JMH's ops/s into GFLOPS.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class GemmBenchmark {
    /** Matrix order. */
    @Param({"64", "128", "256", "512", "1024", "2048"})
    public int size;

    /** Threads of Latent's pool (and EJML's). */
    @Param({"1", "2"})
    public int threads;

    private float[] a;
    private float[] b;
    private float[] c;
    private FMatrixRMaj ea;
    private FMatrixRMaj eb;
    private FMatrixRMaj ec;

    /** Random operands and the thread count. */
    @Setup
    public void setUp() {
        Parallel.setThreads(threads);
        EjmlConcurrency.setMaxThreads(threads);
        a = Operands.random(size * size, 1);
        b = Operands.random(size * size, 2);
        c = new float[size * size];
        ea = new FMatrixRMaj(size, size, true, a);
        eb = new FMatrixRMaj(size, size, true, b);
        ec = new FMatrixRMaj(size, size);
        Operands.log("GemmBenchmark", VectorSupport.describe() + ", " + threads + " thread(s)");
    }

    /** Latent's GEMM (the Vector API engine: the fork adds the module). */
    @Benchmark
    public float[] latent() {
        Gemm.sgemm(false, false, size, size, size, 1f, a, 0, size, b, 0, size, 0f, c, 0, size);
        return c;
    }

    /** EJML's float GEMM. */
    @Benchmark
    public FMatrixRMaj ejml() {
        if (threads == 1) {
            CommonOps_FDRM.mult(ea, eb, ec);
        } else {
            CommonOps_MT_FDRM.mult(ea, eb, ec);
        }
        return ec;
    }
}
