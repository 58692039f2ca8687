package dev.latent.kernels;

import java.util.Arrays;

/**
 * Direct convolution forward and weight gradient for layers with few output channels: one or two vectors of them
 * (16 or 32 at 16 lanes). The im2col path gathers every column element (K = inChannels * kernelH * kernelW per
 * output pixel) and then runs a GEMM whose M is only the output channel count; for Conv2d(8→16, k3, s2) at batch
 * 256 on 1 thread the gathers took about 59% of the forward's samples and the micro-kernel 25%. Here each input
 * value of a window is broadcast and multiplied by the output channels' weights as one vector
 * ({@link VectorKernels#directConv}), so the only data movement is a zero-padded copy of the input, and none when
 * the layer has no padding. The weight gradient works the same way per tap ({@link VectorKernels#directConvWeights}),
 * summed over a tile's pixels.
 *
 * <p>Images are split into the same tiles as {@link ConvKernels}, one task each, and the weight gradient's partial
 * sums are reduced in tile order there; every element is summed in a fixed order, so results do not depend on the
 * thread count.
 */
final class DirectConv {
    private static final GeometryPlans<Plan> PLANS = new GeometryPlans<>(DirectConv::newPlan);

    private DirectConv() {
    }

    /**
     * Whether {@code g} runs here: SIMD kernels, one group, one or two vectors of output channels. Measured on the
     * reference layers at 16 lanes (Conv2d(8→16), Conv2d(16→32) and the transposed convolutions whose input
     * gradient and weight gradient are theirs) and at 8 lanes (Conv2d(1→8) and Conv2d(8→16)). Groups of four
     * vectors (Conv2d(64→128)) as a 6x64 register tile over this NCHW loop were slower than the GEMM path; they run
     * channels-last in {@link WideDirectConv}.
     */
    static boolean applies(ConvGeometry g) {
        if (!VectorSupport.enabled() || g.groups() != 1) {
            return false;
        }
        int lanes = VectorSupport.kernels().floatLanes();
        return g.outChannels() == lanes || g.outChannels() == 2 * lanes;
    }

    /**
     * Whether {@link #weightGradient} runs {@code g}: as {@link #applies}, with at least one register block of taps
     * (12 for one channel vector, 6 for two). With fewer, every tap is a leftover summed outside the blocks:
     * Conv2d(1→8) at 8 lanes has 9 taps, and its backward took 15-30% longer than through the GEMM.
     */
    static boolean runsWeightGradient(ConvGeometry g) {
        // taps per block: the accumulators over the channel vectors (applies first: without SIMD there are no lanes)
        return applies(g) && g.colRows() >= REGISTER_BLOCK * VectorSupport.kernels().floatLanes() / g.outChannels();
    }

    /** Vector accumulators of the SIMD kernels' register blocks: {@code simd.DirectConvKernel.ACCUMULATORS}. */
    private static final int REGISTER_BLOCK = 12;

    /** {@code y = conv(x, w) + bias}, overwriting {@code y}; only call when {@link #applies}. */
    static void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias, int bOff,
                        float[] y, int yOff) {
        Plan plan = plan(g);
        float[] wT = ConvKernels.transposedWeights(g, w, wOff);
        ConvKernels.Tiles tiles = new ConvKernels.Tiles(g);
        try {
            Parallel.forEach(tiles.count, tile -> {
                int n0 = tiles.first(tile);
                int images = tiles.size(tile);
                withInput(g, plan, x, xOff + n0 * g.inImage(), images, (in, inOff, imageStride) -> check(g,
                        VectorSupport.kernels().directConv(in, inOff, imageStride, images, plan.pixelOffsets(),
                                plan.tapOffsets(), wT, g.outChannels(), bias, bOff, y, yOff + n0 * g.outImage(),
                                g.outImage())));
            });
        } finally {
            Workspace.give(wT);
        }
    }

    /**
     * The weight gradient of images {@code [n0, n0 + images)}, transposed: {@code partial[pOff + t * outChannels + c]}
     * ({@code beta} 0 overwrites, 1 adds) gets {@code sum dy[c, pixel] * x[window of pixel, tap t]} over the images'
     * pixels in order. Only call when {@link #runsWeightGradient}.
     */
    static void weightGradient(ConvGeometry g, float[] x, int xOff, float[] dy, int dyOff, int n0, int images,
                               float beta, float[] partial, int pOff) {
        Plan plan = plan(g);
        float[] dyT = Workspace.take(images * g.outImage());
        try {
            withInput(g, plan, x, xOff + n0 * g.inImage(), images, (in, inOff, imageStride) -> check(g,
                    VectorSupport.kernels().directConvWeights(in, inOff, plan.columnOffsets(),
                            images * g.outPixels(), g.outPixels(), plan.tapOffsets(), dy, dyOff + n0 * g.outImage(),
                            g.outImage(), g.outChannels(), dyT, beta, partial, pOff)));
        } finally {
            Workspace.give(dyT);
        }
    }

    /** Where a kernel reads a tile's input: {@code x[off + i * imageStride + ...]} for image {@code i}. */
    @FunctionalInterface
    private interface InputUser {
        void use(float[] x, int off, int imageStride);
    }

    /** Hands {@code images} images from {@code x[xOff]} to {@code user}: in place, or zero-padded in scratch. */
    private static void withInput(ConvGeometry g, Plan plan, float[] x, int xOff, int images, InputUser user) {
        if (!plan.padded()) {
            user.use(x, xOff, g.inImage());
            return;
        }
        int imageStride = g.inChannels() * plan.planeSize();
        float[] padded = Workspace.take(images * imageStride);
        try {
            pad(g, plan, x, xOff, images, padded);
            user.use(padded, 0, imageStride);
        } finally {
            Workspace.give(padded);
        }
    }

    private static void check(ConvGeometry g, boolean done) {
        if (!done) {
            throw new IllegalStateException("the SIMD kernels do not run a direct convolution of " + g);
        }
    }

    /** Copies {@code images} images into {@code dst} with their zero border, every element written. */
    private static void pad(ConvGeometry g, Plan plan, float[] x, int xOff, int images, float[] dst) {
        int planes = images * g.inChannels();
        int rowP = g.inW() + 2 * g.padW();
        // one fill and one strided copy per plane: per-row fills and copies of 14 floats took a fifth of the time
        Arrays.fill(dst, 0, planes * plan.planeSize(), 0f);
        int first = g.padH() * rowP + g.padW();
        for (int plane = 0; plane < planes; plane++) {
            ChunkKernels.copy(x, xOff + plane * g.inPixels(), g.inW(), dst, plane * plan.planeSize() + first, rowP,
                    g.inH(), g.inW(), 0f);
        }
    }

    /**
     * The offset tables of a geometry: {@code pixelOffsets[p]} is where output pixel {@code p}'s window starts in
     * an (optionally padded) input plane, {@code tapOffsets[t]} where tap {@code t = (c * kernelH + kh) * kernelW +
     * kw} lies from there (the weight's column order), {@code columnOffsets[i * outPixels + p]} the window of pixel
     * {@code p} of a tile's image {@code i} (for the largest tile, {@link ConvKernels#maxTileImages}).
     */
    private record Plan(boolean padded, int planeSize, int[] pixelOffsets, int[] tapOffsets, int[] columnOffsets) {
    }

    private static Plan plan(ConvGeometry g) {
        return PLANS.of(g);
    }

    private static Plan newPlan(ConvGeometry g) {
        boolean padded = g.padH() > 0 || g.padW() > 0;
        int rowP = g.inW() + 2 * g.padW();
        int planeSize = (g.inH() + 2 * g.padH()) * rowP;
        int[] pixels = new int[g.outPixels()];
        for (int oh = 0; oh < g.outH(); oh++) {
            for (int ow = 0; ow < g.outW(); ow++) {
                pixels[oh * g.outW() + ow] = oh * g.strideH() * rowP + ow * g.strideW();
            }
        }
        int taps = g.kernelH() * g.kernelW();
        int[] tapOffsets = new int[g.inChannels() * taps];
        for (int c = 0; c < g.inChannels(); c++) {
            for (int kh = 0; kh < g.kernelH(); kh++) {
                for (int kw = 0; kw < g.kernelW(); kw++) {
                    tapOffsets[c * taps + kh * g.kernelW() + kw] = c * planeSize + kh * g.dilationH() * rowP
                            + kw * g.dilationW();
                }
            }
        }
        // the image stride is the one withInput hands over: the padded copy's, or the input's own
        int imageStride = padded ? g.inChannels() * planeSize : g.inImage();
        int[] columnOffsets = new int[ConvKernels.maxTileImages(g) * pixels.length];
        for (int j = 0; j < columnOffsets.length; j++) {
            int i = j / pixels.length;
            columnOffsets[j] = i * imageStride + pixels[j - i * pixels.length];
        }
        return new Plan(padded, planeSize, pixels, tapOffsets, columnOffsets);
    }
}
