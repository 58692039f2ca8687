package dev.latent.ops;

import dev.latent.kernels.Parallel;
import dev.latent.tensor.Generator;
import dev.latent.tensor.GradCheck;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvolutionTest {
    private static final int[][] SPATIAL = {{1, 1}, {5, 7}, {7, 5}, {13, 13}, {6, 9}};
    private static final int[][] KERNELS = {{1, 1}, {3, 3}, {2, 3}, {3, 1}, {4, 4}};

    static Stream<Arguments> spatialAndKernels() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int[] s : SPATIAL) {
            for (int[] k : KERNELS) {
                b.add(Arguments.of(s[0], s[1], k[0], k[1]));
            }
        }
        return b.build();
    }

    /** Every stride (1-3), padding (0-2), dilation (1-2) and groups (1-3) combination with a valid output. */
    private static List<Conv2dSpec> convSpecs(int h, int w, int kh, int kw) {
        List<Conv2dSpec> specs = new ArrayList<>();
        for (int stride = 1; stride <= 3; stride++) {
            for (int pad = 0; pad <= 2; pad++) {
                for (int dil = 1; dil <= 2; dil++) {
                    for (int groups = 1; groups <= 3; groups++) {
                        // different strides per dimension too: the width stride cycles
                        Conv2dSpec s = new Conv2dSpec(stride, 1 + (stride + pad) % 3, pad, (pad + dil) % 3, dil,
                                3 - dil, 0, 0, groups);
                        if (h + 2 * s.padH() >= s.dilationH() * (kh - 1) + 1
                                && w + 2 * s.padW() >= s.dilationW() * (kw - 1) + 1) {
                            specs.add(s);
                        }
                    }
                }
            }
        }
        return specs;
    }

    private static void assertClose(String what, Tensor expected, Tensor actual, int terms) {
        float atol = 2e-5f * (1 + (float) Math.sqrt(terms));
        String mismatch = actual.mismatch(expected, 1e-4f, atol);
        assertNull(mismatch, what + ": " + mismatch);
    }

    private static void checkConv(String what, Tensor x, Tensor w, Tensor b, Conv2dSpec s, Generator gen) {
        check(what, false, x, w, b, s, gen);
    }

    private static void checkTransposed(String what, Tensor x, Tensor w, Tensor b, Conv2dSpec s, Generator gen) {
        check(what, true, x, w, b, s, gen);
    }

    /** Forward and all three gradients of conv2d or conv_transpose2d against the naive reference. */
    private static void check(String what, boolean transposed, Tensor x, Tensor w, Tensor b, Conv2dSpec s,
                              Generator gen) {
        x.setRequiresGrad(true);
        w.setRequiresGrad(true);
        if (b != null) {
            b.setRequiresGrad(true);
        }
        Tensor y = transposed ? Convolution.convTranspose2d(x, w, b, s) : Convolution.conv2d(x, w, b, s);
        Tensor dy = Tensor.randn(gen, y.shape().toArray());
        NaiveConv.Result ref = transposed ? NaiveConv.convTranspose2d(x, w, b, s, dy)
                : NaiveConv.conv2d(x, w, b, s, dy);
        assertEquals(ref.y().shape(), y.shape(), what);
        int taps = w.size(2) * w.size(3);
        // products summed per element: forward over input channels per group x taps, input gradient over the
        // output channels per group x taps, weight and bias gradient over the batch x pixels
        int cinPerGroup = transposed ? x.size(1) / s.groups() : w.size(1);
        int coutPerGroup = transposed ? w.size(1) : w.size(0) / s.groups();
        assertClose(what + " forward", ref.y(), y, cinPerGroup * taps);
        y.backward(dy);
        assertClose(what + " input grad", ref.dx(), x.grad(), coutPerGroup * taps);
        Tensor wide = transposed ? x : y;
        assertClose(what + " weight grad", ref.dw(), w.grad(), wide.numel() / wide.size(1));
        if (b != null) {
            assertClose(what + " bias grad", ref.db(), b.grad(), y.numel() / y.size(1));
        }
    }

    @ParameterizedTest(name = "{0}x{1} input, {2}x{3} kernel")
    @MethodSource("spatialAndKernels")
    void conv2dMatchesNaiveReference(int h, int w, int kh, int kw) {
        Generator gen = new Generator(h * 1000L + w * 100L + kh * 10L + kw);
        for (Conv2dSpec s : convSpecs(h, w, kh, kw)) {
            int g = s.groups();
            // batch 5 is split into tiles of 2, 2 and 1 images: multi-image tiles and several weight tasks
            Tensor x = Tensor.randn(gen, 5, 2 * g, h, w);
            Tensor wt = Tensor.randn(gen, 3 * g, 2, kh, kw);
            Tensor b = g == 2 ? null : Tensor.randn(gen, 3 * g);
            checkConv(s.toString(), x, wt, b, s, gen);
        }
    }

    @ParameterizedTest(name = "{0}x{1} input, {2}x{3} kernel")
    @MethodSource("spatialAndKernels")
    void convTranspose2dMatchesNaiveReference(int h, int w, int kh, int kw) {
        Generator gen = new Generator(h * 999L + w * 101L + kh * 11L + kw);
        for (Conv2dSpec c : convSpecs(h, w, kh, kw)) {
            // output padding below the stride or the dilation, as large as allowed
            int oph = Math.max(c.strideH(), c.dilationH()) - 1;
            int opw = Math.max(c.strideW(), c.dilationW()) - 1;
            Conv2dSpec s = new Conv2dSpec(c.strideH(), c.strideW(), c.padH(), c.padW(), c.dilationH(),
                    c.dilationW(), oph, opw, c.groups());
            for (Conv2dSpec spec : new Conv2dSpec[] {c, s}) {
                if ((h - 1) * spec.strideH() - 2 * spec.padH() + spec.dilationH() * (kh - 1) + spec.outputPadH() < 0
                        || (w - 1) * spec.strideW() - 2 * spec.padW() + spec.dilationW() * (kw - 1)
                        + spec.outputPadW() < 0) {
                    continue;
                }
                int g = spec.groups();
                Tensor x = Tensor.randn(gen, 5, 2 * g, h, w);
                Tensor wt = Tensor.randn(gen, 2 * g, 3, kh, kw);
                Tensor b = g == 2 ? null : Tensor.randn(gen, 3 * g);
                checkTransposed(spec.toString(), x, wt, b, spec, gen);
            }
        }
    }

    /** The conv and conv-transpose layers of the reference models (conv AE, VAE, DCGAN), at batch 3. */
    static Stream<Arguments> referenceLayers() {
        return Stream.of(
                Arguments.of("conv 1->8 k3 s2 p1", false, 1, 8, 28, 3, Conv2dSpec.of(2, 1)),
                Arguments.of("conv 8->16 k3 s2 p1", false, 8, 16, 14, 3, Conv2dSpec.of(2, 1)),
                Arguments.of("conv 16->32 k3 s2 p0", false, 16, 32, 7, 3, Conv2dSpec.of(2, 0)),
                Arguments.of("convT 32->16 k3 s2", true, 32, 16, 3, 3, Conv2dSpec.of(2, 0)),
                Arguments.of("convT 16->8 k3 s2 p1 op1", true, 16, 8, 7, 3, Conv2dSpec.of(2, 1).withOutputPadding(1)),
                Arguments.of("convT 8->1 k3 s2 p1 op1", true, 8, 1, 14, 3, Conv2dSpec.of(2, 1).withOutputPadding(1)),
                Arguments.of("conv 1->64 k4 s2 p1", false, 1, 64, 28, 4, Conv2dSpec.of(2, 1)),
                Arguments.of("conv 64->128 k4 s2 p1", false, 64, 128, 14, 4, Conv2dSpec.of(2, 1)),
                Arguments.of("convT 128->64 k4 s2 p1", true, 128, 64, 7, 4, Conv2dSpec.of(2, 1)),
                Arguments.of("convT 64->1 k4 s2 p1", true, 64, 1, 14, 4, Conv2dSpec.of(2, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceLayers")
    void referenceModelLayersMatchNaiveReference(String name, boolean transposed, int cin, int cout, int size,
                                                 int k, Conv2dSpec s) {
        Generator gen = new Generator(name.hashCode());
        Tensor x = Tensor.randn(gen, 3, cin, size, size);
        Tensor b = Tensor.randn(gen, cout);
        if (transposed) {
            checkTransposed(name, x, Tensor.randn(gen, cin, cout, k, k).mul(0.1f), b, s, gen);
        } else {
            checkConv(name, x, Tensor.randn(gen, cout, cin, k, k).mul(0.1f), b, s, gen);
        }
    }

    /**
     * Output channel counts of one or two vectors at 8 and 16 lanes run the direct convolution forward (and the
     * transposed convolution's input gradient, which is that forward): every stride, padding and dilation, batch 5
     * so that the last block of pixels is short.
     */
    @ParameterizedTest(name = "{0} output channels")
    @ValueSource(ints = {8, 16, 32})
    void directConvolutionMatchesNaiveReference(int channels) {
        Generator gen = new Generator(channels);
        for (int[] size : new int[][] {{5, 7}, {13, 13}}) {
            for (int[] k : new int[][] {{1, 1}, {3, 3}, {2, 3}, {4, 4}}) {
                for (Conv2dSpec s : convSpecs(size[0], size[1], k[0], k[1])) {
                    if (s.groups() != 1) {
                        continue;
                    }
                    Tensor x = Tensor.randn(gen, 5, 3, size[0], size[1]);
                    Tensor b = s.padH() == 1 ? null : Tensor.randn(gen, channels);
                    checkConv(s.toString(), x, Tensor.randn(gen, channels, 3, k[0], k[1]), b, s, gen);
                    Tensor xt = Tensor.randn(gen, 5, channels, size[0], size[1]);
                    Conv2dSpec t = new Conv2dSpec(s.strideH(), s.strideW(), s.padH(), s.padW(), s.dilationH(),
                            s.dilationW(), 0, 0, 1);
                    if ((size[0] - 1) * t.strideH() - 2 * t.padH() + t.dilationH() * (k[0] - 1) >= 0
                            && (size[1] - 1) * t.strideW() - 2 * t.padW() + t.dilationW() * (k[1] - 1) >= 0) {
                        checkTransposed(t.toString(), xt, Tensor.randn(gen, channels, 3, k[0], k[1]), null, t, gen);
                    }
                }
            }
        }
    }

    @Test
    void largeMapsSplitIntoManyTilesPerWeightTask() {
        // 24x24 outputs: one image per tile, seven tiles over four weight-gradient tasks of one or two tiles
        Generator gen = new Generator(12);
        checkConv("conv 24x24", Tensor.randn(gen, 7, 3, 24, 24), Tensor.randn(gen, 4, 3, 3, 3),
                Tensor.randn(gen, 4), Conv2dSpec.of(1, 1), gen);
        checkTransposed("conv_transpose 24x24", Tensor.randn(gen, 7, 3, 24, 24), Tensor.randn(gen, 3, 2, 3, 3),
                Tensor.randn(gen, 2), Conv2dSpec.of(1, 1), gen);
    }

    @Test
    void outputSizesFollowPyTorch() {
        Tensor x = Tensor.zeros(2, 1, 28, 28);
        assertEquals(Shape.of(2, 8, 14, 14), Convolution.conv2d(x, Tensor.zeros(8, 1, 3, 3), null,
                Conv2dSpec.of(2, 1)).shape());
        assertEquals(Shape.of(2, 32, 3, 3), Convolution.conv2d(Tensor.zeros(2, 16, 7, 7), Tensor.zeros(32, 16, 3, 3),
                null, Conv2dSpec.of(2, 0)).shape());
        assertEquals(Shape.of(2, 16, 7, 7), Convolution.convTranspose2d(Tensor.zeros(2, 32, 3, 3),
                Tensor.zeros(32, 16, 3, 3), null, Conv2dSpec.of(2, 0)).shape());
        assertEquals(Shape.of(2, 8, 14, 14), Convolution.convTranspose2d(Tensor.zeros(2, 16, 7, 7),
                Tensor.zeros(16, 8, 3, 3), null, Conv2dSpec.of(2, 1).withOutputPadding(1)).shape());
        assertEquals(Shape.of(2, 1, 28, 28), Convolution.convTranspose2d(Tensor.zeros(2, 64, 14, 14),
                Tensor.zeros(64, 1, 4, 4), null, Conv2dSpec.of(2, 1)).shape());
        // groups multiply the transposed weight's second dimension
        assertEquals(Shape.of(1, 6, 9, 9), Convolution.convTranspose2d(Tensor.zeros(1, 4, 5, 5),
                Tensor.zeros(4, 3, 3, 3), null, Conv2dSpec.of(2, 1).withGroups(2)).shape());
        // dilation 2: effective kernel 5
        assertEquals(Shape.of(1, 2, 3, 3), Convolution.conv2d(Tensor.zeros(1, 1, 7, 7), Tensor.zeros(2, 1, 3, 3),
                null, Conv2dSpec.of(1, 0).withDilation(2)).shape());
    }

    @Test
    void knownValues() {
        // 1 input channel of [[1, 2, 3], [4, 5, 6], [7, 8, 9]] with a 2x2 kernel of ones, plus bias 10
        Tensor x = Tensor.arange(1, 10, 1).reshape(1, 1, 3, 3);
        Tensor y = Convolution.conv2d(x, Tensor.ones(1, 1, 2, 2), Tensor.of(10f), Conv2dSpec.of(1, 0));
        assertArrayEquals(new float[] {22, 26, 34, 38}, y.toArray());
        // the transposed convolution with stride 2 places a copy of the kernel at every input pixel
        Tensor t = Convolution.convTranspose2d(Tensor.of(1f, 2f).reshape(1, 1, 1, 2), Tensor.of(1f, 10f)
                .reshape(1, 1, 1, 2), null, Conv2dSpec.of(2, 0));
        assertArrayEquals(new float[] {1, 10, 2, 20}, t.toArray());
    }

    @Test
    void gradCheckConv2d() {
        Generator gen = new Generator(7);
        GradCheck.assertGradients(in -> Convolution.conv2d(in[0], in[1], in[2], Conv2dSpec.of(2, 1).withGroups(2)),
                Tensor.randn(gen, 2, 4, 5, 4).setRequiresGrad(true), Tensor.randn(gen, 4, 2, 3, 2).setRequiresGrad(true),
                Tensor.randn(gen, 4).setRequiresGrad(true));
        GradCheck.assertGradients(in -> Convolution.conv2d(in[0], in[1], in[2],
                        new Conv2dSpec(1, 2, 2, 0, 2, 1, 0, 0, 1)),
                Tensor.randn(gen, 1, 2, 5, 6).setRequiresGrad(true), Tensor.randn(gen, 3, 2, 2, 3).setRequiresGrad(true),
                Tensor.randn(gen, 3).setRequiresGrad(true));
    }

    @Test
    void gradCheckConvTranspose2d() {
        Generator gen = new Generator(8);
        GradCheck.assertGradients(in -> Convolution.convTranspose2d(in[0], in[1], in[2],
                        Conv2dSpec.of(2, 1).withOutputPadding(1).withGroups(2)),
                Tensor.randn(gen, 2, 4, 3, 3).setRequiresGrad(true), Tensor.randn(gen, 4, 1, 3, 3).setRequiresGrad(true),
                Tensor.randn(gen, 2).setRequiresGrad(true));
        // output padding 1 allowed by dilation 2 with stride 1
        GradCheck.assertGradients(in -> Convolution.convTranspose2d(in[0], in[1], in[2],
                        Conv2dSpec.of(1, 1).withDilation(2).withOutputPadding(1)),
                Tensor.randn(gen, 1, 2, 3, 4).setRequiresGrad(true), Tensor.randn(gen, 2, 3, 2, 2).setRequiresGrad(true),
                Tensor.randn(gen, 3).setRequiresGrad(true));
    }

    @Test
    void stridedInputsGiveTheSameResults() {
        Generator gen = new Generator(9);
        Conv2dSpec s = Conv2dSpec.of(2, 1);
        // input stored as [N, H, C, W], weight as [kW, Cin, kH, Cout], bias every other element
        Tensor x = Tensor.randn(gen, 3, 9, 4, 8).permute(0, 2, 1, 3);
        Tensor w = Tensor.randn(gen, 3, 4, 3, 5).permute(3, 1, 2, 0);
        Tensor b = Tensor.randn(gen, 10).slice(0, 0, 10, 2);
        assertTrue(!x.isContiguous() && !w.isContiguous() && !b.isContiguous());
        checkConv("strided conv2d", x, w, b, s, gen);

        Tensor xt = Tensor.randn(gen, 3, 5, 4, 6).permute(0, 2, 1, 3).narrow(3, 1, 4);
        Tensor wt = Tensor.randn(gen, 4, 3, 3, 6).transpose(1, 3).narrow(1, 0, 5);
        Tensor bt = Tensor.randn(gen, 10).slice(0, 1, 10, 2);
        checkTransposed("strided conv_transpose2d", xt, wt, bt, s.withOutputPadding(1), gen);

        // a non-contiguous output gradient
        Tensor xc = Tensor.randn(gen, 2, 3, 6, 6).setRequiresGrad(true);
        Tensor wc = Tensor.randn(gen, 4, 3, 3, 3).setRequiresGrad(true);
        Tensor y = Convolution.conv2d(xc, wc, null, s);
        Tensor dy = Tensor.randn(gen, 3, 3, 4, 2).permute(3, 2, 0, 1);
        y.backward(dy);
        NaiveConv.Result ref = NaiveConv.conv2d(xc, wc, null, s, dy);
        assertClose("input grad from strided dy", ref.dx(), xc.grad(), 36);
        assertClose("weight grad from strided dy", ref.dw(), wc.grad(), 18);
    }

    /**
     * 6 output channels take the GEMM path; 16 and 32 the direct convolution (one or two vectors of them); 64, from
     * 8 input channels, the GEMM path with the weight gradient transposed; 128, from 16 input channels, the wide
     * direct forward (also the transposed convolution's input gradient) beside that weight gradient.
     */
    @ParameterizedTest(name = "{0} output channels")
    @ValueSource(ints = {6, 16, 32, 64, 128})
    void resultsAreBitIdenticalForAnyThreadCount(int channels) {
        Generator gen = new Generator(10 + channels);
        int in = channels == 128 ? 16 : channels == 64 ? 8 : 3;
        Tensor x = Tensor.randn(gen, 37, in, 13, 11);
        Tensor w = Tensor.randn(gen, channels, in, 3, 3);
        Tensor b = Tensor.randn(gen, channels);
        Tensor xt = Tensor.randn(gen, 37, channels, 7, 5);
        assertSameForOneTwoAndThreeThreads(() -> runAll(x, w, b, xt));
    }

    /**
     * Conv2d(64→64, k4, s2, p1) on 6 x 6: the wide direct forward, the input gradient by phases on the wide kernel,
     * and (the transposed convolution's backward on 7 x 7) the wide forward again.
     */
    @Test
    void wideLayersAreBitIdenticalForAnyThreadCount() {
        Generator gen = new Generator(12);
        Tensor x = Tensor.randn(gen, 9, 64, 6, 6);
        Tensor w = Tensor.randn(gen, 64, 64, 4, 4);
        Tensor b = Tensor.randn(gen, 64);
        Tensor xt = Tensor.randn(gen, 9, 64, 3, 3);
        assertSameForOneTwoAndThreeThreads(() -> runAll(x, w, b, xt));
    }

    private static void assertSameForOneTwoAndThreeThreads(Supplier<float[][]> run) {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[][] one = run.get();
            Parallel.setThreads(2);
            float[][] two = run.get();
            Parallel.setThreads(3);
            float[][] three = run.get();
            for (int i = 0; i < one.length; i++) {
                assertTrue(Arrays.equals(one[i], two[i]), "result " + i + " differs between 1 and 2 threads");
                assertTrue(Arrays.equals(one[i], three[i]), "result " + i + " differs between 1 and 3 threads");
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static float[][] runAll(Tensor x0, Tensor w0, Tensor b0, Tensor xt0) {
        Tensor x = x0.detach().setRequiresGrad(true);
        Tensor w = w0.detach().setRequiresGrad(true);
        Tensor b = b0.detach().setRequiresGrad(true);
        Tensor y = Convolution.conv2d(x, w, b, Conv2dSpec.of(2, 1));
        y.backward(y.detach());
        Tensor xt = xt0.detach().setRequiresGrad(true);
        Tensor wt = w0.detach().setRequiresGrad(true);
        Tensor yt = Convolution.convTranspose2d(xt, wt, null, Conv2dSpec.of(2, 1).withOutputPadding(1));
        yt.backward(yt.detach());
        return new float[][] {y.toArray(), x.grad().toArray(), w.grad().toArray(), b.grad().toArray(),
                yt.toArray(), xt.grad().toArray(), wt.grad().toArray()};
    }

    @Test
    void onlyRequestedGradientsAreComputed() {
        Generator gen = new Generator(11);
        Tensor x = Tensor.randn(gen, 2, 2, 5, 5);
        Tensor w = Tensor.randn(gen, 3, 2, 3, 3).setRequiresGrad(true);
        Tensor y = Convolution.conv2d(x, w, null, Conv2dSpec.of(1, 1));
        y.sum().backward();
        assertNull(x.grad());
        NaiveConv.Result ref = NaiveConv.conv2d(x, w, null, Conv2dSpec.of(1, 1), Tensor.ones(2, 3, 5, 5));
        assertClose("weight grad alone", ref.dw(), w.grad(), 50);

        Tensor xi = Tensor.randn(gen, 2, 2, 5, 5).setRequiresGrad(true);
        Tensor wi = Tensor.randn(gen, 2, 3, 3, 3);
        Tensor yi = Convolution.convTranspose2d(xi, wi, null, Conv2dSpec.of(2, 1));
        yi.sum().backward();
        NaiveConv.Result refT = NaiveConv.convTranspose2d(xi, wi, null, Conv2dSpec.of(2, 1),
                Tensor.ones(yi.shape().toArray()));
        assertClose("transposed input grad alone", refT.dx(), xi.grad(), 27);
    }

    @Test
    void badArgumentsAreRejectedWithClearMessages() {
        Tensor x = Tensor.zeros(2, 4, 8, 8);
        assertMessage(() -> Convolution.conv2d(x, Tensor.zeros(6, 3, 3, 3), null, Conv2dSpec.of(1, 0)),
                "conv2d", "[6, 3, 3, 3]", "[2, 4, 8, 8]");
        assertMessage(() -> Convolution.conv2d(x, Tensor.zeros(6, 2, 3, 3), null, Conv2dSpec.of(1, 0).withGroups(3)),
                "conv2d", "groups=3");
        assertMessage(() -> Convolution.conv2d(x, Tensor.zeros(6, 4, 3, 3), Tensor.zeros(5), Conv2dSpec.of(1, 0)),
                "conv2d", "bias [5]");
        assertMessage(() -> Convolution.conv2d(x, Tensor.zeros(6, 4, 9, 9), null, Conv2dSpec.of(1, 0)),
                "conv2d", "[2, 4, 8, 8]", "[6, 4, 9, 9]");
        assertMessage(() -> Convolution.conv2d(Tensor.zeros(4, 8, 8), Tensor.zeros(6, 4, 3, 3), null,
                Conv2dSpec.of(1, 0)), "conv2d", "4-D", "[4, 8, 8]");
        assertMessage(() -> Convolution.conv2d(x, Tensor.zeros(6, 4, 3, 3), null,
                Conv2dSpec.of(2, 0).withOutputPadding(1)), "conv2d", "output padding");
        assertMessage(() -> Convolution.convTranspose2d(x, Tensor.zeros(3, 2, 3, 3), null, Conv2dSpec.of(1, 0)),
                "conv_transpose2d", "[3, 2, 3, 3]", "[2, 4, 8, 8]");
        assertMessage(() -> Convolution.convTranspose2d(x, Tensor.zeros(4, 2, 3, 3), Tensor.zeros(3),
                Conv2dSpec.of(1, 0).withGroups(2)), "conv_transpose2d", "bias [3]");
        assertMessage(() -> Convolution.convTranspose2d(Tensor.zeros(1, 1, 1, 1), Tensor.zeros(1, 1, 1, 1), null,
                Conv2dSpec.of(1, 1)), "conv_transpose2d", "too small");
        assertMessage(() -> Conv2dSpec.of(0, 0), "stride");
        assertMessage(() -> Conv2dSpec.of(1, -1), "padding");
        assertMessage(() -> Conv2dSpec.of(1, 0).withDilation(0), "dilation");
        assertMessage(() -> Conv2dSpec.of(1, 0).withGroups(0), "groups");
        assertMessage(() -> Conv2dSpec.of(2, 0).withOutputPadding(2), "output padding", "smaller than");
        // allowed: output padding below the dilation even with stride 1
        assertEquals(1, Conv2dSpec.of(1, 0).withDilation(2).withOutputPadding(1).outputPadH());
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks '" + part + "'");
        }
    }
}
