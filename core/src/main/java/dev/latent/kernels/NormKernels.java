package dev.latent.kernels;

/**
 * The contiguous loops of batch normalization over one channel plane of {@code n} floats: the centred sums of the
 * statistics (accumulated in double), the normalizing affine map and the input gradient. The Vector API path runs
 * them in vector lanes (the double sums widen each float vector into double lanes); the scalar loops below are the
 * fallback. Either path gives the same result for any thread count, as each plane is summed in a fixed order.
 */
public final class NormKernels {
    private NormKernels() {
    }

    /** {@code sum((x[i] - mean)^2)} over the plane, in double. */
    public static double sumSquaredDeviations(float[] x, int off, int n, double mean) {
        if (VectorSupport.enabled()) {
            return VectorSupport.kernels().sumSquaredDeviations(x, off, n, mean);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = x[off + i] - mean;
            s += d * d;
        }
        return s;
    }

    /** {@code sum(g[i] * (x[i] - mean))} over the plane, in double (the difference is taken in float). */
    public static double dotCentered(float[] g, int go, float[] x, int xo, int n, float mean) {
        if (VectorSupport.enabled()) {
            return VectorSupport.kernels().dotCentered(g, go, x, xo, n, mean);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += g[go + i] * (double) (x[xo + i] - mean);
        }
        return s;
    }

    /** {@code y[i] = x[i] * scale + shift}. */
    public static void scaleShift(float[] x, int xo, float scale, float shift, float[] y, int yo, int n) {
        if (VectorSupport.enabled() && VectorSupport.kernels().scaleShift(x, xo, scale, shift, y, yo, n)) {
            return;
        }
        for (int i = 0; i < n; i++) {
            y[yo + i] = x[xo + i] * scale + shift;
        }
    }

    /**
     * The input gradient of a training-mode batch norm: {@code dx[i] = (g[i] - gMean - (x[i] - mean) * k) * scale}
     * with {@code gMean} the mean of the gradient and {@code k = mean(g * (x - mean)) * invStd^2}.
     */
    public static void inputGrad(float[] g, int go, float[] x, int xo, float mean, float gMean, float k, float scale,
                                 float[] dx, int dxo, int n) {
        if (VectorSupport.enabled()
                && VectorSupport.kernels().batchNormInputGrad(g, go, x, xo, mean, gMean, k, scale, dx, dxo, n)) {
            return;
        }
        for (int i = 0; i < n; i++) {
            dx[dxo + i] = (g[go + i] - gMean - (x[xo + i] - mean) * k) * scale;
        }
    }
}
