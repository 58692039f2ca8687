package dev.latent.kernels;

/**
 * Kernels that have a Vector API implementation. The interface uses only plain Java types, so callers never load
 * a {@code jdk.incubator.vector} class; {@link VectorSupport} instantiates the implementation only when the module
 * is present. Each {@code boolean} method returns {@code false} when it does not handle the case, and the caller
 * then runs its scalar loop.
 */
public interface VectorKernels {
    /** Number of float lanes of the preferred species (16 with AVX-512, 8 with AVX2). */
    int floatLanes();

    /**
     * Vector registers the register-blocked kernels plan for: 16 on x86 without AVX-512 (AVX2), where they use
     * blocks of 12 accumulators instead of 24, else 32.
     */
    int vectorRegisters();

    /**
     * Whether the kernels gather with vector instructions (AVX2, AVX-512, SVE); without them (NEON, or {@code
     * -Dlatent.simd.gathers=false}) gathers and scatters are scalar loops.
     */
    boolean vectorGathers();

    /** The Vector API GEMM engine. */
    BlockedGemm<?> gemm();

    /** Contiguous binary elementwise operation; see {@link BinaryKernels#contiguous}. */
    boolean binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int n);

    /**
     * Binary operation of a contiguous run and a scalar: {@code o = op(x, s)}, or {@code op(s, x)} when
     * {@code scalarLeft}.
     */
    boolean binaryScalar(BinaryOp op, float s, boolean scalarLeft, float[] x, int xo, float[] o, int oo, int n);

    /** Contiguous unary forward operation; see {@link UnaryKernels#forward}. */
    boolean unary(UnaryOp op, float p, float q, float[] x, int xo, float[] y, int yo, int n);

    /** Contiguous unary backward loop; see {@link UnaryKernels#backward}. */
    boolean unaryBackward(UnaryOp op, float p, float q, float[] x, int xo, float[] y, int yo, float[] g, int go,
                          float[] dx, int dxo, int n);

    /** Sum of {@code n} consecutive elements, accumulated in double. */
    double sum(float[] x, int off, int n);

    /** Max (or min when {@code min}) of {@code n >= 1} consecutive elements; NaN if any element is NaN. */
    float extreme(float[] x, int off, int n, boolean min);

    /**
     * Table-driven gather: {@code dst[dstOff + i] = index[off + i] < 0 ? 0 : src[srcOff + index[off + i]]} for
     * {@code i < n}. {@code clamped} is {@code index} with -1 replaced by 0 (both must hold the {@code n} entries
     * from {@code off}, else this returns {@code false}).
     */
    boolean gather(float[] src, int srcOff, int[] index, int[] clamped, int off, float[] dst, int dstOff, int n);

    /**
     * {@code runs} runs of {@code runLength} contiguous floats, run {@code r} from {@code src[srcOff + r *
     * runStride]} to {@code dst[dstOff + r * runLength]}, with one vector per run; returns {@code false} (copying
     * nothing) when {@code runLength} is not a vector width these kernels have (4, 8 or 16 floats, up to the
     * preferred width).
     */
    boolean copyRuns(float[] src, int srcOff, int runs, int runStride, int runLength, float[] dst, int dstOff);

    /**
     * Table-driven scatter-add, the adjoint of {@link #gather}: {@code dst[dstOff + index[off + i]] +=
     * src[srcOff + i]} where the index is not -1; the valid indices of one call must be distinct. Same table
     * requirements as {@link #gather}.
     */
    boolean scatterAdd(float[] src, int srcOff, int[] index, int[] clamped, int off, float[] dst, int dstOff, int n);

    /**
     * Table-driven sums of gathers: {@code dst[dstOff + i] = sum over s < terms of (index[e] < 0 ? 0 : src[srcOff +
     * index[e]])} with {@code e = off + s * termStride + i}, for {@code i < n}, added in the order of {@code s}. Same
     * table requirements as {@link #gather}, for all the entries it reads.
     */
    boolean gatherSum(float[] src, int srcOff, int[] index, int[] clamped, int off, int terms, int termStride,
                      float[] dst, int dstOff, int n);

    /**
     * {@link #gatherSum} in scalar code for the elements {@code [from, n)}: the fallback without the Vector API and
     * the SIMD version's tail, in the same order of terms.
     */
    static void gatherSumScalar(float[] src, int srcOff, int[] index, int off, int terms, int termStride, float[] dst,
                                int dstOff, int from, int n) {
        for (int i = from; i < n; i++) {
            float sum = 0f;
            for (int s = 0, e = off + i; s < terms; s++, e += termStride) {
                int o = index[e];
                float v = o >= 0 ? src[srcOff + o] : 0f;
                sum = s == 0 ? v : sum + v;
            }
            dst[dstOff + i] = sum;
        }
    }

    /**
     * Direct convolution of {@code images} images, vectorized over output channels; see {@link DirectConv}:
     * {@code y[yOff + i * outImage + c * P + p] = bias[c] + sum_t wT[t * outChannels + c] * x[xOff + i * imageStride
     * + pixelOffsets[p] + tapOffsets[t]]}, with {@code P = pixelOffsets.length}. Returns {@code false} when
     * {@code outChannels} is not one or two vectors.
     */
    boolean directConv(float[] x, int xOff, int imageStride, int images, int[] pixelOffsets, int[] tapOffsets,
                       float[] wT, int outChannels, float[] bias, int bOff, float[] y, int yOff, int outImage);

    /**
     * Direct convolution of a channels-last input for whole groups of {@link #wideDirectConvChannels} output
     * channels; see {@link WideDirectConv}: {@code out[outOff + (c / W * capacity + col) * W + c % W] = bias[c] + sum
     * over r, j of w[wOff + ((c / W * R + r) * runLength + j) * W + c % W] * x[xOff + columnOffsets[col] +
     * runOffsets[r] + j]} for the columns {@code col < columns}, with {@code R = runOffsets.length} and {@code W =
     * wideDirectConvChannels()}, runs {@code r} outer and {@code j} inner. Rows from {@code columns} up to the next
     * multiple of {@link #wideDirectConvPixels} are scratch. Returns {@code false} when {@code outChannels} is not a
     * multiple of {@code W}.
     */
    boolean wideDirectConv(float[] x, int xOff, int[] columnOffsets, int columns, int[] runOffsets, int runLength,
                           float[] w, int wOff, int outChannels, float[] bias, int bOff, float[] out, int outOff,
                           int capacity);

    /** Output pixels per register block of {@link #wideDirectConv}, the multiple its row capacity rounds up to. */
    int wideDirectConvPixels();

    /** Output channels per register block of {@link #wideDirectConv}: four vectors, or two with 16 registers. */
    int wideDirectConvChannels();

    /**
     * Direct convolution weight gradient, transposed, vectorized over output channels; see {@link DirectConv}:
     * {@code partial[pOff + t * outChannels + c] = beta * partial[...] + sum_j dy[dyOff + i * outImage + c * pixels
     * + p] * x[xOff + columnOffsets[j] + tapOffsets[t]]} over the columns {@code j = i * pixels + p < columns} in
     * order; {@code beta} is 0 or 1, {@code dyT} scratch of {@code columns * outChannels} floats. Returns
     * {@code false} when {@code outChannels} is not one or two vectors.
     */
    boolean directConvWeights(float[] x, int xOff, int[] columnOffsets, int columns, int pixels, int[] tapOffsets,
                              float[] dy, int dyOff, int outImage, int outChannels, float[] dyT, float beta,
                              float[] partial, int pOff);

    /**
     * A product whose right operand is read at shifted offsets; see {@link PhaseConv}: {@code out[outOff + c *
     * outStride + j] = bias[bOff + c] + sum_t wT[wOff + t * m + c] * in[inOff + shifts[t] + j]} for {@code c < m}
     * and {@code j < n}, the taps {@code t < taps} summed in order after the bias (null for none). Returns
     * {@code false} unless {@code n} is a multiple of {@link #shiftedProductColumns}.
     */
    boolean shiftedProduct(float[] wT, int wOff, int taps, int m, float[] in, int inOff, int[] shifts, float[] bias,
                           int bOff, float[] out, int outOff, int outStride, int n);

    /**
     * The weight gradient's dot products over a shifted grid; see {@link PhaseForward}: {@code partial[pOff + c *
     * taps + t] = beta * partial[...] + sum_j dy[dyOff + c * dyStride + j] * in[shifts[t] + j]} for {@code c < m},
     * {@code t < shifts.length} and {@code j < n}, in a fixed order; {@code beta} is 0 (overwrite) or 1. Returns
     * {@code false} unless {@code m} is a multiple of 4 and {@code n} of the lane count.
     */
    boolean shiftedDot(float[] dy, int dyOff, int dyStride, int m, float[] in, int[] shifts, int n, float beta,
                       float[] partial, int pOff);

    /** The column block of {@link #shiftedProduct}: its column count must be a multiple of this. */
    int shiftedProductColumns();

    /** Strided chunk copy with an added constant; see {@link ChunkKernels#copy}. */
    boolean copyChunks(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride, int chunks,
                       int len, float add);

    /** Batch-norm statistics: {@code sum((x[i] - mean)^2)} in double; see {@link NormKernels}. */
    double sumSquaredDeviations(float[] x, int off, int n, double mean);

    /** Batch-norm gradient statistics: {@code sum(g[i] * (x[i] - mean))} in double; see {@link NormKernels}. */
    double dotCentered(float[] g, int go, float[] x, int xo, int n, float mean);

    /** {@code y[i] = x[i] * scale + shift}; see {@link NormKernels#scaleShift}. */
    boolean scaleShift(float[] x, int xo, float scale, float shift, float[] y, int yo, int n);

    /** Batch-norm input gradient; see {@link NormKernels#inputGrad}. */
    boolean batchNormInputGrad(float[] g, int go, float[] x, int xo, float mean, float gMean, float k, float scale,
                               float[] dx, int dxo, int n);

    /**
     * One Adam step over elements {@code [from, to)}, bit for bit the loop of {@code dev.latent.nn.optim.Adam}
     * without AMSGrad: with {@code gi = g[go + i]} plus {@code wd * p[po + i]} (or {@code p[po + i] *= decay} first
     * when {@code decoupled}), {@code m[i] = m[i] * b1 + c1 * gi}, {@code v[i] = v[i] * b2 + c2 * gi * gi} and
     * {@code p[po + i] -= stepSize * (m[i] / (sqrt(v[i]) / bias2Sqrt + eps))}, each operation rounded to float.
     * Returns the index from which the caller's scalar loop must go on (whole vectors are done here).
     */
    int adam(float[] p, int po, float[] g, int go, float[] m, float[] v, int from, int to, float b1, float c1,
                 float b2, float c2, float stepSize, float bias2Sqrt, float eps, boolean decoupled, float decay,
                 float wd);
}
