package dev.latent.kernels.simd;

import dev.latent.kernels.BinaryOp;
import dev.latent.kernels.BlockedGemm;
import dev.latent.kernels.UnaryOp;
import dev.latent.kernels.VectorKernels;
import jdk.incubator.vector.FloatVector;

/**
 * The Vector API implementation of {@link VectorKernels}. Loaded reflectively by
 * {@link dev.latent.kernels.VectorSupport} only when {@code jdk.incubator.vector} is present; the loops live in
 * {@link PanamaGemm}, {@link VectorPointwise}, {@link VectorReductions}, {@link VectorGather},
 * {@link VectorChunks}, {@link VectorNormalization}, {@link DirectConvKernel} and
 * {@link DirectConvWeights}.
 */
public final class PanamaVectorKernels implements VectorKernels {
    /** Created by {@link dev.latent.kernels.VectorSupport}. */
    public PanamaVectorKernels() {
    }

    @Override
    public int floatLanes() {
        return FloatVector.SPECIES_PREFERRED.length();
    }

    @Override
    public int vectorRegisters() {
        return VectorHardware.SIXTEEN_REGISTERS ? 16 : 32;
    }

    @Override
    public boolean vectorGathers() {
        return VectorHardware.GATHERS;
    }

    @Override
    public BlockedGemm<?> gemm() {
        return PanamaGemm.INSTANCE;
    }

    @Override
    public boolean binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        return VectorPointwise.binary(op, a, ao, b, bo, o, oo, n);
    }

    @Override
    public boolean binaryScalar(BinaryOp op, float s, boolean scalarLeft, float[] x, int xo, float[] o, int oo,
                                int n) {
        return VectorPointwise.binaryScalar(op, s, scalarLeft, x, xo, o, oo, n);
    }

    @Override
    public boolean unary(UnaryOp op, float p, float q, float[] x, int xo, float[] y, int yo, int n) {
        return VectorPointwise.unary(op, p, q, x, xo, y, yo, n);
    }

    @Override
    public boolean unaryBackward(UnaryOp op, float p, float q, float[] x, int xo, float[] y, int yo, float[] g,
                                 int go, float[] dx, int dxo, int n) {
        return VectorPointwise.unaryBackward(op, p, x, xo, y, yo, g, go, dx, dxo, n);
    }

    @Override
    public double sum(float[] x, int off, int n) {
        return VectorReductions.sum(x, off, n);
    }

    @Override
    public float extreme(float[] x, int off, int n, boolean min) {
        return VectorReductions.extreme(x, off, n, min);
    }

    @Override
    public boolean copyRuns(float[] src, int srcOff, int runs, int runStride, int runLength, float[] dst,
                            int dstOff) {
        return VectorRuns.copy(src, srcOff, runs, runStride, runLength, dst, dstOff);
    }

    @Override
    public boolean gather(float[] src, int srcOff, int[] index, int[] clamped, int off, float[] dst, int dstOff,
                          int n) {
        if (!VectorGather.fits(index, clamped, off, n)) {
            return false;
        }
        VectorGather.gather(src, srcOff, index, clamped, off, dst, dstOff, n);
        return true;
    }

    @Override
    public boolean scatterAdd(float[] src, int srcOff, int[] index, int[] clamped, int off, float[] dst, int dstOff,
                              int n) {
        if (!VectorGather.fits(index, clamped, off, n)) {
            return false;
        }
        VectorGather.scatterAdd(src, srcOff, index, clamped, off, dst, dstOff, n);
        return true;
    }

    @Override
    public boolean gatherSum(float[] src, int srcOff, int[] index, int[] clamped, int off, int terms,
                             int termStride, float[] dst, int dstOff, int n) {
        if (terms < 1 || !VectorGather.fits(index, clamped, off, (long) (terms - 1) * termStride + n)) {
            return false;
        }
        VectorGather.gatherSum(src, srcOff, index, clamped, off, terms, termStride, dst, dstOff, n);
        return true;
    }

    @Override
    public double sumSquaredDeviations(float[] x, int off, int n, double mean) {
        return VectorNormalization.sumSquaredDeviations(x, off, n, mean);
    }

    @Override
    public double dotCentered(float[] g, int go, float[] x, int xo, int n, float mean) {
        return VectorNormalization.dotCentered(g, go, x, xo, n, mean);
    }

    @Override
    public boolean shiftedProduct(float[] wT, int wOff, int taps, int m, float[] in, int inOff, int[] shifts,
                                  float[] bias, int bOff, float[] out, int outOff, int outStride, int n) {
        if (n % ShiftedProduct.COLUMNS != 0) {
            return false;
        }
        ShiftedProduct.run(wT, wOff, taps, m, in, inOff, shifts, bias, bOff, out, outOff, outStride, n);
        return true;
    }

    @Override
    public boolean shiftedDot(float[] dy, int dyOff, int dyStride, int m, float[] in, int[] shifts, int n,
                              float beta, float[] partial, int pOff) {
        if (m % ShiftedDot.CHANNELS != 0 || n % floatLanes() != 0) {
            return false;
        }
        ShiftedDot.run(dy, dyOff, dyStride, m, in, shifts, n, beta, partial, pOff);
        return true;
    }

    @Override
    public int shiftedProductColumns() {
        return ShiftedProduct.COLUMNS;
    }

    @Override
    public boolean directConv(float[] x, int xOff, int imageStride, int images, int[] pixelOffsets, int[] tapOffsets,
                              float[] wT, int outChannels, float[] bias, int bOff, float[] y, int yOff,
                              int outImage) {
        if (!DirectConvKernel.handles(outChannels)) {
            return false;
        }
        DirectConvKernel.run(x, xOff, imageStride, images, pixelOffsets, tapOffsets, wT, outChannels, bias, bOff, y,
                yOff, outImage);
        return true;
    }

    @Override
    public boolean wideDirectConv(float[] x, int xOff, int[] columnOffsets, int columns, int[] runOffsets,
                                  int runLength, float[] w, int wOff, int outChannels, float[] bias, int bOff,
                                  float[] out, int outOff, int capacity) {
        if (!WideDirectConvKernel.handles(outChannels)) {
            return false;
        }
        WideDirectConvKernel.run(x, xOff, columnOffsets, columns, runOffsets, runLength, w, wOff, outChannels, bias,
                bOff, out, outOff, capacity);
        return true;
    }

    @Override
    public int wideDirectConvPixels() {
        return WideDirectConvKernel.PIXELS;
    }

    @Override
    public int wideDirectConvChannels() {
        return WideDirectConvKernel.WIDTH;
    }

    @Override
    public boolean directConvWeights(float[] x, int xOff, int[] columnOffsets, int columns, int pixels,
                                     int[] tapOffsets, float[] dy, int dyOff, int outImage, int outChannels,
                                     float[] dyT, float beta, float[] partial, int pOff) {
        if (!DirectConvKernel.handles(outChannels)) {
            return false;
        }
        DirectConvWeights.run(x, xOff, columnOffsets, columns, pixels, tapOffsets, dy, dyOff, outImage, outChannels,
                dyT, beta, partial, pOff);
        return true;
    }

    @Override
    public boolean copyChunks(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride,
                              int chunks, int len, float add) {
        VectorChunks.copy(src, srcOff, srcStride, dst, dstOff, dstStride, chunks, len, add);
        return true;
    }

    @Override
    public boolean scaleShift(float[] x, int xo, float scale, float shift, float[] y, int yo, int n) {
        VectorNormalization.scaleShift(x, xo, scale, shift, y, yo, n);
        return true;
    }

    @Override
    public boolean batchNormInputGrad(float[] g, int go, float[] x, int xo, float mean, float gMean, float k,
                                      float scale, float[] dx, int dxo, int n) {
        VectorNormalization.inputGrad(g, go, x, xo, mean, gMean, k, scale, dx, dxo, n);
        return true;
    }

    @Override
    public int adam(float[] p, int po, float[] g, int go, float[] m, float[] v, int from, int to, float b1, float c1,
                    float b2, float c2, float stepSize, float bias2Sqrt, float eps, boolean decoupled, float decay,
                    float wd) {
        return VectorAdam.step(p, po, g, go, m, v, from, to, b1, c1, b2, c2, stepSize, bias2Sqrt, eps, decoupled,
                decay, wd);
    }
}
