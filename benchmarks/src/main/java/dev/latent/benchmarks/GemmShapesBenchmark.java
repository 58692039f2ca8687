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

/** Latent's GEMM on the skinny and small shapes of the reference models ({@link GemmShape}), row-major, no transpose. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class GemmShapesBenchmark {
    /** The model shape. */
    @Param({"AE_CONV1", "AE_CONV2", "AE_CONV3", "AE_LINEAR", "VAE_CONV1", "VAE_CONV2", "VAE_CONV2_B64",
            "VAE_CONV2_WGRAD", "VAE_CONV2_DGRAD", "VAE_CONVT2", "VAE_ENC_LINEAR", "VAE_HEAD_WGRAD", "DCGAN_D_OUT",
            "DCGAN_D_OUT_WGRAD",
            "GAN_G_LINEAR", "MLP_784_512", "MLP_256_512", "MLP_512_784"})
    public GemmShape shape;

    /** Threads of Latent's pool. */
    @Param({"1", "2"})
    public int threads;

    private float[] a;
    private float[] b;
    private float[] c;

    /** Random operands and the thread count. */
    @Setup
    public void setUp() {
        Parallel.setThreads(threads);
        a = Operands.random(shape.m * shape.k, 1);
        b = Operands.random(shape.k * shape.n, 2);
        c = new float[shape.m * shape.n];
        Operands.log("GemmShapesBenchmark", VectorSupport.describe() + ", " + threads + " thread(s)");
    }

    /** Latent's GEMM. */
    @Benchmark
    public float[] latent() {
        Gemm.sgemm(false, false, shape.m, shape.n, shape.k, 1f, a, 0, shape.k, b, 0, shape.n, 0f, c, 0, shape.n);
        return c;
    }
}
