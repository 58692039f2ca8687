package dev.latent.kernels;

/**
 * The convolution's input gradient (the transposed convolution's forward) for wide layers, as one stride-1 direct
 * convolution per stride phase on the wide kernel ({@link VectorKernels#wideDirectConv}). With stride {@code s} and
 * a kernel of {@code s * T} taps per dimension, each input position of phase {@code (h mod s, w mod s)} receives the
 * output gradient through the same {@code T x T} taps, from a {@code T x T} window of the output gradient: a
 * convolution over the output gradient's {@code outChannels} with {@code inChannels} outputs. The output gradient is
 * copied channels-last with a zero border once per tile, so every window row is one contiguous run, and gathers
 * interleave the phases' results back into NCHW, an image at a time.
 *
 * <p>The GEMM path computes {@code w^T dy} as a column matrix ({@code inChannels * kernelH * kernelW} rows per pixel)
 * and sums it back into the image; for Conv2d(64→128, k4, s2) at batch 256 on 1 thread its tile epilogues and the
 * gathered sums took about a tenth of the backward's samples beside the GEMM. The arithmetic is the same.
 *
 * <p>Every input-gradient element is summed from the bias in a fixed order (window rows, then columns and output
 * channels), whatever the tiles and threads.
 */
final class WidePhaseConv {
    private static final GeometryPlans<Plan> PLANS = new GeometryPlans<>(WidePhaseConv::newPlan);

    private WidePhaseConv() {
    }

    /**
     * Whether {@code g}'s input gradient runs here: SIMD kernels, one group, input channels (this product's outputs)
     * in whole register blocks ({@link WideDirectConv#width}), at least {@link WideDirectConv#MIN_IN_CHANNELS}
     * output channels, no dilation, kernel and input sizes that divide by the stride (so every phase has the same
     * taps and size), and images within {@link WideDirectConv#fitsTables}.
     */
    static boolean applies(ConvGeometry g) {
        if (!VectorSupport.enabled() || g.groups() != 1 || g.dilationH() != 1 || g.dilationW() != 1) {
            return false;
        }
        return g.inChannels() % WideDirectConv.width() == 0 && g.outChannels() >= WideDirectConv.MIN_IN_CHANNELS
                && WideDirectConv.fitsTables(g)
                && g.kernelH() % g.strideH() == 0 && g.kernelW() % g.strideW() == 0
                && g.inH() % g.strideH() == 0 && g.inW() % g.strideW() == 0;
    }

    /**
     * The weights of every phase, in a workspace array to give back: phase {@code q = qh * strideW + qw} holds
     * {@code [input-channel group][window row][window column][output channel][channel in group]}, the order in which
     * the kernel walks a window.
     */
    static float[] phaseWeights(ConvGeometry g, float[] w, int wOff) {
        Plan plan = PLANS.of(g);
        int width = WideDirectConv.width();
        int cin = g.inChannels();
        int cout = g.outChannels();
        int th = g.kernelH() / g.strideH();
        int tw = g.kernelW() / g.strideW();
        int phaseSize = cin * cout * th * tw;
        float[] wP = Workspace.take(g.weightSize());
        for (int q = 0; q < plan.columnOffsets().length; q++) {
            int qh = q / g.strideW();
            int qw = q % g.strideW();
            int d = q * phaseSize;
            for (int c0 = 0; c0 < cin; c0 += width) {
                for (int a = 0; a < th; a++) {
                    int kh = tap(qh, g.padH(), g.strideH(), th, a);
                    for (int b = 0; b < tw; b++) {
                        int kw = tap(qw, g.padW(), g.strideW(), tw, b);
                        for (int co = 0; co < cout; co++) {
                            int src = wOff + ((co * cin + c0) * g.kernelH() + kh) * g.kernelW() + kw;
                            for (int lane = 0; lane < width; lane++, d++) {
                                wP[d] = w[src + lane * g.kernelH() * g.kernelW()];
                            }
                        }
                    }
                }
            }
        }
        return wP;
    }

    /**
     * {@code dx = conv^T(dy, w) + bias} for images {@code [n0, n0 + images)}, overwriting them, with
     * {@link #phaseWeights}.
     *
     * @param bias per input channel (the transposed convolution's bias), or null
     */
    static void inputGradient(ConvGeometry g, float[] phaseWeights, float[] dy, int dyOff, float[] bias, int bOff,
                              int n0, int images, float[] dx, int dxOff) {
        Plan plan = PLANS.of(g);
        int phases = plan.columnOffsets().length;
        int phasePixels = g.inPixels() / phases;
        int capacity = plan.capacity();
        float[] in = Workspace.take(images * plan.imageStride());
        float[] out = Workspace.take(phases * g.inChannels() * capacity);
        try {
            WideDirectConv.channelsLast(dy, dyOff + n0 * g.outImage(), images, g.outH(), g.outW(), g.outChannels(),
                    plan.rowIndex(), plan.top(), plan.left(), plan.rowP(), plan.imageStride(), in);
            int phaseSize = g.weightSize() / phases;
            for (int q = 0; q < phases; q++) {
                WideDirectConv.run(in, plan.columnOffsets()[q], images * phasePixels, plan.runOffsets(),
                        plan.runLength(), phaseWeights, q * phaseSize, g.inChannels(), bias, bOff, out,
                        q * g.inChannels() * capacity, capacity);
            }
            // the phases interleaved back into NCHW, an image at a time with contiguous stores
            for (int i = 0; i < images; i++) {
                WideDirectConv.gather(out, i * phasePixels * WideDirectConv.width(), plan.inputIndex(), dx,
                        dxOff + (n0 + i) * g.inImage(), g.inImage());
            }
        } finally {
            Workspace.give(out);
            Workspace.give(in);
        }
    }

    /**
     * Kernel row (or column) of window row {@code a} of phase {@code q}: the taps of phase {@code q} are {@code r, r +
     * s, ...} with {@code r = (q + pad) mod s}; window rows run up the output gradient, so the first is the last tap.
     */
    private static int tap(int q, int pad, int stride, int taps, int a) {
        return (q + pad) % stride + stride * (taps - 1 - a);
    }

    /**
     * The first output-gradient row (or column) of phase {@code q}'s window at phase position 0, before the border:
     * position {@code i} of the phase reads rows {@code i + first} to {@code i + first + taps - 1}.
     */
    private static int first(int q, int pad, int stride, int taps) {
        int r = (q + pad) % stride;
        return (q + pad - r) / stride - (taps - 1);
    }

    /**
     * The tables of a geometry: the output gradient channels-last in images of {@code imageStride} floats, rows
     * {@code rowP} pixels wide, placed {@code top} rows and {@code left} columns into a zero border wide enough for
     * every window; per phase, where the window of each position {@code p} of a tile's image {@code i} starts
     * ({@code columnOffsets[q][i * positions + p]}, for the largest tile); a window's rows
     * ({@code runOffsets}, each {@code runLength} floats); the gather table of an output-gradient row
     * ({@code rowIndex}); the kernel's output rows per channel group and phase ({@code capacity}, for the largest
     * tile) and, for each input channel and pixel of an image, where the kernel left it ({@code inputIndex}, from the
     * image's first column).
     */
    private record Plan(int imageStride, int rowP, int top, int left, int[][] columnOffsets, int[] runOffsets,
                        int runLength, int[] rowIndex, int capacity, int[] inputIndex) {
    }

    /**
     * Zero rows (or columns) the output gradient needs before ({@code before}) or after its {@code out} positions so
     * that every phase's windows stay inside: phase positions {@code [0, positions)} read from {@code first} to
     * {@code positions - 1 + first + taps - 1}.
     */
    private static int border(boolean before, int pad, int stride, int taps, int positions, int out) {
        int border = 0;
        for (int q = 0; q < stride; q++) {
            int f = first(q, pad, stride, taps);
            border = Math.max(border, before ? -f : positions - 1 + f + taps - 1 - (out - 1));
        }
        return border;
    }

    private static Plan newPlan(ConvGeometry g) {
        int sh = g.strideH();
        int sw = g.strideW();
        int th = g.kernelH() / sh;
        int tw = g.kernelW() / sw;
        int rows = g.inH() / sh;
        int cols = g.inW() / sw;
        int top = border(true, g.padH(), sh, th, rows, g.outH());
        int bottom = border(false, g.padH(), sh, th, rows, g.outH());
        int left = border(true, g.padW(), sw, tw, cols, g.outW());
        int right = border(false, g.padW(), sw, tw, cols, g.outW());
        int channels = g.outChannels();
        int rowP = left + g.outW() + right;
        int imageStride = (top + g.outH() + bottom) * rowP * channels;
        int[][] pixels = new int[sh * sw][rows * cols];
        int capacity = WideDirectConv.capacity(ConvKernels.maxTileImages(g) * rows * cols);
        int[] inputIndex = new int[g.inImage()];
        for (int qh = 0; qh < sh; qh++) {
            int fh = first(qh, g.padH(), sh, th) + top;
            for (int qw = 0; qw < sw; qw++) {
                int fw = first(qw, g.padW(), sw, tw) + left;
                int q = qh * sw + qw;
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        pixels[q][i * cols + j] = ((i + fh) * rowP + j + fw) * channels;
                        int pixel = (i * sh + qh) * g.inW() + j * sw + qw;
                        int column = q * g.inChannels() * capacity + (i * cols + j) * WideDirectConv.width();
                        for (int c = 0; c < g.inChannels(); c++) {
                            inputIndex[c * g.inPixels() + pixel] = column + WideDirectConv.channelOffset(c, capacity);
                        }
                    }
                }
            }
        }
        int[] runs = new int[th];
        for (int a = 0; a < th; a++) {
            runs[a] = a * rowP * channels;
        }
        int[][] columns = new int[sh * sw][];
        for (int q = 0; q < columns.length; q++) {
            columns[q] = WideDirectConv.columnOffsets(pixels[q], imageStride, ConvKernels.maxTileImages(g));
        }
        return new Plan(imageStride, rowP, top, left, columns, runs, tw * channels,
                WideDirectConv.rowIndex(channels, g.outH(), g.outW()), capacity, inputIndex);
    }
}
