package dev.latent.benchmarks;

import dev.latent.kernels.ConvGeometry;
import dev.latent.kernels.ConvKernels;
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
 * Every convolution and transposed-convolution layer of the reference models ({@link ConvLayer}) at batch 64 and
 * 256, forward (with bias) and backward (input gradient, weight gradient and bias gradient), on Latent's kernels with
 * preallocated outputs. {@code benchmarks/pytorch/conv_layers.py} times the same calls in PyTorch
 * ({@code conv2d} / {@code conv_transpose2d} and {@code aten::convolution_backward}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class ConvBenchmark {
    /** The layer. */
    @Param({"AE_CONV1", "AE_CONV2", "AE_CONV3", "AE_CONVT1", "AE_CONVT2", "AE_CONVT3", "VAE_CONV1", "VAE_CONV2",
            "VAE_CONVT1", "VAE_CONVT2"})
    public ConvLayer layer;

    /** Images per batch. */
    @Param({"64", "256"})
    public int batch;

    /** Threads of Latent's pool. */
    @Param({"1", "2"})
    public int threads;

    private ConvGeometry g;
    private float[] x;
    private float[] w;
    private float[] bias;
    private float[] y;
    private float[] dy;
    private float[] dx;
    private float[] dw;
    private float[] db;

    /** Random operands, output buffers and the thread count. */
    @Setup
    public void setUp() {
        Parallel.setThreads(threads);
        g = layer.geometry(batch);
        x = Operands.random(layer.inputSize(batch), 1);
        w = Operands.random(layer.weightSize(), 2);
        bias = Operands.random(layer.out, 3);
        dy = Operands.random(layer.outputSize(batch), 4);
        y = new float[layer.outputSize(batch)];
        dx = new float[layer.inputSize(batch)];
        dw = new float[layer.weightSize()];
        db = new float[layer.out];
        Operands.log("ConvBenchmark", VectorSupport.describe() + ", " + threads + " thread(s), " + g);
    }

    /** The layer's forward pass with bias. */
    @Benchmark
    public float[] forward() {
        if (layer.transposed) {
            ConvKernels.backwardData(g, x, 0, w, 0, bias, 0, y, 0);
        } else {
            ConvKernels.forward(g, x, 0, w, 0, bias, 0, y, 0);
        }
        return y;
    }

    /** The layer's backward pass: input, weight and bias gradients from the output gradient. */
    @Benchmark
    public float[] backward() {
        int pixels = layer.outSize() * layer.outSize();
        if (layer.transposed) {
            ConvKernels.transposedBackward(g, x, 0, dy, 0, w, 0, dx, 0, dw, 0);
        } else {
            ConvKernels.backward(g, x, 0, dy, 0, w, 0, dx, 0, dw, 0);
        }
        ConvKernels.channelSums(batch, layer.out, pixels, dy, 0, db, 0);
        return dw;
    }
}
