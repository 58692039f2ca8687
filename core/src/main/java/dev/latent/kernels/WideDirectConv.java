package dev.latent.kernels;

import java.util.Arrays;

/**
 * Direct convolution forward for wide layers: output channels in whole register blocks (64 at 16 lanes), as
 * in Conv2d(64→128, k4, s2). The im2col path gathers every column element ({@code inChannels * kernelH * kernelW}
 * per output pixel, 1024 for that layer) before its GEMM, and in JFR of that forward (batch 256, 1 thread) the
 * gathers took about a fifth of the samples. Here each tile of images is first copied channels-last with its zero
 * border ({@code [image][row][column][channel]}, one gather per vector of channels: a sixteenth of the gathers of the
 * columns), and the kernel ({@link VectorKernels#wideDirectConv}) then reads every kernel row of a window as one
 * contiguous run of {@code kernelW * inChannels} values, broadcasting each and multiplying it by the weights of 64
 * output channels.
 *
 * <p>Every output element is summed from the bias in a fixed order (kernel rows, then kernel columns and channels),
 * whatever the tiles and threads, so results do not depend on the thread count. The order differs from the GEMM
 * path's, so results differ from it by rounding.
 */
final class WideDirectConv {
    private static final GeometryPlans<Plan> PLANS = new GeometryPlans<>(WideDirectConv::newPlan);
    /**
     * Fewest input channels to take this path: a kernel row's run is {@code kernelW * inChannels} long, and with
     * one input channel (Conv2d(1→64)) a run of 4 would spend more on the tile buffer than on arithmetic.
     */
    static final int MIN_IN_CHANNELS = 16;

    private WideDirectConv() {
    }

    /**
     * Whether {@code g}'s forward runs here: SIMD kernels, one group, whole groups of four channel vectors, and
     * images small enough for the per-shape tables (one entry per output element of an image, cached).
     */
    static boolean applies(ConvGeometry g) {
        if (!VectorSupport.enabled() || g.groups() != 1) {
            return false;
        }
        return g.outChannels() % width() == 0 && g.inChannels() >= MIN_IN_CHANNELS && fitsTables(g);
    }

    /** Most entries of a per-shape table: one image's input or output elements. */
    static final int MAX_TABLE_ENTRIES = 1 << 20;

    /** Whether one image's input and output fit {@link #MAX_TABLE_ENTRIES}. */
    static boolean fitsTables(ConvGeometry g) {
        return g.inImage() <= MAX_TABLE_ENTRIES && g.outImage() <= MAX_TABLE_ENTRIES;
    }

    /** Output channels of the kernel's register block: four vectors (two with 16 vector registers). */
    static int width() {
        return VectorSupport.kernels().wideDirectConvChannels();
    }

    /** {@code y = conv(x, w) + bias}, overwriting {@code y}; only call when {@link #applies}. */
    static void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias, int bOff,
                        float[] y, int yOff) {
        Plan plan = PLANS.of(g);
        float[] wR = runMajorWeights(g, w, wOff);
        ConvKernels.Tiles tiles = new ConvKernels.Tiles(g);
        try {
            Parallel.forEach(tiles.count, tile -> {
                int n0 = tiles.first(tile);
                int images = tiles.size(tile);
                int capacity = plan.capacity();
                float[] in = Workspace.take(images * plan.imageStride());
                float[] out = Workspace.take(g.outChannels() * capacity);
                try {
                    channelsLast(x, xOff + n0 * g.inImage(), images, g.inH(), g.inW(), g.inChannels(),
                            plan.rowIndex(), g.padH(), g.padW(), g.inW() + 2 * g.padW(), plan.imageStride(), in);
                    run(in, plan.columnOffsets(), images * g.outPixels(), plan.runOffsets(), plan.runLength(), wR, 0,
                            g.outChannels(), bias, bOff, out, 0, capacity);
                    // back to NCHW by gathers (about 1 ns a float here; a scatter per accumulator took 1.75)
                    for (int i = 0; i < images; i++) {
                        gather(out, i * g.outPixels() * width(), plan.outIndex(), y, yOff + (n0 + i) * g.outImage(),
                                g.outImage());
                    }
                } finally {
                    Workspace.give(out);
                    Workspace.give(in);
                }
            });
        } finally {
            Workspace.give(wR);
        }
    }

    /** {@link VectorKernels#wideDirectConv} on a channels-last copy at offset 0. */
    static void run(float[] x, int[] columnOffsets, int columns, int[] runOffsets, int runLength, float[] w,
                    int wOff, int outChannels, float[] bias, int bOff, float[] out, int outOff, int capacity) {
        if (!VectorSupport.kernels().wideDirectConv(x, 0, columnOffsets, columns, runOffsets, runLength, w, wOff,
                outChannels, bias, bOff, out, outOff, capacity)) {
            throw new IllegalStateException("the SIMD kernels do not run a wide direct convolution of "
                    + outChannels + " output channels");
        }
    }

    /** Rows the kernel's output needs for {@code columns} pixels: whole register blocks. */
    static int capacity(int columns) {
        int block = VectorSupport.kernels().wideDirectConvPixels();
        return ConvKernels.ceilDiv(columns, block) * block;
    }

    /**
     * Where channel {@code c} of column 0 lies in the kernel's output of {@code capacity} rows; column {@code col} is
     * {@code col * width()} further on.
     */
    static int channelOffset(int c, int capacity) {
        int width = width();
        return c / width * capacity * width + c % width;
    }

    /** {@link VectorKernels#gather} of {@code n} values through a table without padding entries. */
    static void gather(float[] src, int srcOff, int[] index, float[] dst, int dstOff, int n) {
        if (!VectorSupport.kernels().gather(src, srcOff, index, index, 0, dst, dstOff, n)) {
            throw new IllegalStateException("a gather table is shorter than " + n + " entries");
        }
    }

    /**
     * The weights as {@code [channel group][kernel row][kernel column][input channel][channel in group]}, groups of
     * {@link #width} output channels, in a workspace array to give back: the order in which the kernel walks a
     * window's runs, so that each step reads the next four weight vectors.
     */
    private static float[] runMajorWeights(ConvGeometry g, float[] w, int wOff) {
        float[] wT = ConvKernels.transposedWeights(g, w, wOff); // [channel][kernel position][output channel]
        float[] wR = Workspace.take(g.weightSize());
        int positions = g.kernelH() * g.kernelW();
        int channels = g.inChannels();
        int cout = g.outChannels();
        int width = width();
        for (int c0 = 0; c0 < cout; c0 += width) {
            int group = c0 * g.colRows();
            for (int c = 0; c < channels; c++) {
                for (int s = 0; s < positions; s++) {
                    System.arraycopy(wT, (c * positions + s) * cout + c0, wR, group + (s * channels + c) * width,
                            width);
                }
            }
        }
        Workspace.give(wT);
        return wR;
    }

    /**
     * Copies {@code images} NCHW images of {@code channels} planes of {@code h x w} into {@code dst} channels-last,
     * each image {@code imageStride} floats of rows {@code rowP} pixels wide, the image placed {@code top} rows and
     * {@code left} columns in and the rest zero: one gather per image row.
     *
     * @param rowIndex {@link #rowIndex} of the planes
     */
    static void channelsLast(float[] x, int xOff, int images, int h, int w, int channels, int[] rowIndex, int top,
                             int left, int rowP, int imageStride, float[] dst) {
        if (h * w * channels != imageStride) {
            Arrays.fill(dst, 0, images * imageStride, 0f);
        }
        for (int i = 0; i < images; i++) {
            int src = xOff + i * channels * h * w;
            for (int r = 0; r < h; r++) {
                gather(x, src + r * w, rowIndex, dst, i * imageStride + ((r + top) * rowP + left) * channels,
                        w * channels);
            }
        }
    }

    /**
     * The gather table of one image row of {@code channels} planes of {@code h x w}, channels-last: entry {@code iw *
     * channels + c} is {@code c * h * w + iw}.
     */
    static int[] rowIndex(int channels, int h, int w) {
        int[] index = new int[w * channels];
        for (int iw = 0; iw < w; iw++) {
            for (int c = 0; c < channels; c++) {
                index[iw * channels + c] = c * h * w + iw;
            }
        }
        return index;
    }

    /**
     * The offset tables of a geometry, in the channels-last padded copy of its images ({@code imageStride} floats
     * each): {@code columnOffsets[i * outPixels + p]} is where the window of output pixel {@code p} of a tile's image
     * {@code i} starts (for the largest tile), {@code runOffsets[r]} where run
     * {@code r} of a window lies from there, each {@code runLength} floats; {@code rowIndex} gathers an input row
     * channels-last ({@link #rowIndex}); the kernel's output has {@code capacity} rows per channel group (for the
     * largest tile, {@link ConvKernels#maxTileImages}), and {@code outIndex[c * outPixels + p]} is where channel
     * {@code c} of pixel {@code p} of an image lies in it, from the image's first column. With dilation 1 along the
     * width a run is a whole kernel row ({@code kernelW * inChannels}), else one kernel position ({@code inChannels}).
     */
    private record Plan(int imageStride, int[] columnOffsets, int[] runOffsets, int runLength, int[] rowIndex,
                        int capacity, int[] outIndex) {
    }

    private static Plan newPlan(ConvGeometry g) {
        int channels = g.inChannels();
        int rowP = g.inW() + 2 * g.padW();
        int imageStride = (g.inH() + 2 * g.padH()) * rowP * channels;
        int[] pixels = new int[g.outPixels()];
        for (int oh = 0; oh < g.outH(); oh++) {
            for (int ow = 0; ow < g.outW(); ow++) {
                pixels[oh * g.outW() + ow] = (oh * g.strideH() * rowP + ow * g.strideW()) * channels;
            }
        }
        boolean wholeRows = g.dilationW() == 1;
        int[] runs = new int[wholeRows ? g.kernelH() : g.kernelH() * g.kernelW()];
        for (int kh = 0; kh < g.kernelH(); kh++) {
            int row = kh * g.dilationH() * rowP * channels;
            if (wholeRows) {
                runs[kh] = row;
            } else {
                for (int kw = 0; kw < g.kernelW(); kw++) {
                    runs[kh * g.kernelW() + kw] = row + kw * g.dilationW() * channels;
                }
            }
        }
        int capacity = capacity(ConvKernels.maxTileImages(g) * g.outPixels());
        int[] out = new int[g.outImage()];
        for (int c = 0; c < g.outChannels(); c++) {
            for (int p = 0; p < g.outPixels(); p++) {
                out[c * g.outPixels() + p] = channelOffset(c, capacity) + p * width();
            }
        }
        return new Plan(imageStride, columnOffsets(pixels, imageStride, ConvKernels.maxTileImages(g)), runs,
                wholeRows ? g.kernelW() * channels : channels, rowIndex(channels, g.inH(), g.inW()), capacity, out);
    }

    /**
     * Where the window of each column {@code i * pixels.length + p} of a tile of {@code images} images starts:
     * {@code i * imageStride + pixels[p]}.
     */
    static int[] columnOffsets(int[] pixels, int imageStride, int images) {
        int[] offsets = new int[images * pixels.length];
        for (int j = 0; j < offsets.length; j++) {
            offsets[j] = j / pixels.length * imageStride + pixels[j % pixels.length];
        }
        return offsets;
    }
}
