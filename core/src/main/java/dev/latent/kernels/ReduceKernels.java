package dev.latent.kernels;

/**
 * Row reductions over contiguous runs: each of {@code rows} rows has {@code len} consecutive elements starting at
 * {@code off + r * len}. Sums accumulate in double so long rows keep float accuracy.
 */
public final class ReduceKernels {
    private ReduceKernels() {
    }

    /** Sum of each row into {@code out[oo + r]}. */
    public static void sumRows(float[] x, int off, int rows, int len, float[] out, int oo) {
        for (int r = 0; r < rows; r++) {
            out[oo + r] = (float) sum(x, off + r * len, len);
        }
    }

    /** Sum of {@code n} consecutive elements, in double. */
    public static double sum(float[] x, int off, int n) {
        if (VectorSupport.enabled()) {
            return VectorSupport.kernels().sum(x, off, n);
        }
        // Four partial sums break the dependency chain and keep the JIT's loop unrolled.
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[off + i];
            s1 += x[off + i + 1];
            s2 += x[off + i + 2];
            s3 += x[off + i + 3];
        }
        for (; i < n; i++) {
            s0 += x[off + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Max (or min when {@code min}) of each row and the index of its first occurrence; a NaN wins, as in PyTorch.
     * {@code idx} may be null.
     */
    public static void extremeRows(float[] x, int off, int rows, int len, boolean min, float[] out, int oo,
                                   float[] idx, int io) {
        for (int r = 0; r < rows; r++) {
            int base = off + r * len;
            float best = x[base];
            int bestAt = 0;
            if (VectorSupport.enabled()) {
                // One vector pass for the value, then the first element equal to it (or the first NaN).
                float v = VectorSupport.kernels().extreme(x, base, len, min);
                while (Float.isNaN(v) ? !Float.isNaN(x[base + bestAt]) : x[base + bestAt] != v) {
                    bestAt++;
                }
                best = x[base + bestAt];
            } else if (!Float.isNaN(best)) {
                for (int i = 1; i < len; i++) {
                    float v = x[base + i];
                    if (Float.isNaN(v)) {
                        best = v;
                        bestAt = i;
                        break;
                    }
                    if (min ? v < best : v > best) {
                        best = v;
                        bestAt = i;
                    }
                }
            }
            out[oo + r] = best;
            if (idx != null) {
                idx[io + r] = bestAt;
            }
        }
    }

    /** {@code log(sum(exp(x)))} of each row, shifted by the row max for stability. */
    public static void logSumExpRows(float[] x, int off, int rows, int len, float[] out, int oo) {
        for (int r = 0; r < rows; r++) {
            int base = off + r * len;
            float max = rowMax(x, base, len);
            if (Float.isInfinite(max)) {
                out[oo + r] = max; // all -inf gives -inf; any +inf gives +inf
                continue;
            }
            double s = 0;
            for (int i = 0; i < len; i++) {
                s += Math.exp(x[base + i] - max);
            }
            out[oo + r] = (float) (max + Math.log(s));
        }
    }

    /** Softmax (or log-softmax) of each row into {@code y} at the same layout. */
    public static void softmaxRows(float[] x, int off, int rows, int len, boolean log, float[] y, int yo) {
        for (int r = 0; r < rows; r++) {
            int base = off + r * len;
            int yb = yo + r * len;
            float max = rowMax(x, base, len);
            if (max == Float.NEGATIVE_INFINITY) {
                max = 0; // all -inf: keeps exp(-inf - 0) = 0 rather than NaN from -inf - -inf
            }
            double s = 0;
            for (int i = 0; i < len; i++) {
                s += Math.exp(x[base + i] - max);
            }
            if (log) {
                float logS = (float) Math.log(s);
                for (int i = 0; i < len; i++) {
                    y[yb + i] = x[base + i] - max - logS;
                }
            } else {
                float inv = (float) (1.0 / s);
                for (int i = 0; i < len; i++) {
                    y[yb + i] = (float) Math.exp(x[base + i] - max) * inv;
                }
            }
        }
    }

    /**
     * Backward of {@link #softmaxRows}: for softmax {@code dx = y * (g - sum(g * y))}, for log-softmax
     * {@code dx = g - exp(y) * sum(g)}.
     */
    public static void softmaxBackwardRows(float[] y, int yo, float[] g, int go, int rows, int len, boolean log,
                                           float[] dx, int dxo) {
        for (int r = 0; r < rows; r++) {
            int yb = yo + r * len;
            int gb = go + r * len;
            int db = dxo + r * len;
            if (log) {
                double s = sum(g, gb, len);
                for (int i = 0; i < len; i++) {
                    dx[db + i] = (float) (g[gb + i] - Math.exp(y[yb + i]) * s);
                }
            } else {
                double s = 0;
                for (int i = 0; i < len; i++) {
                    s += (double) g[gb + i] * y[yb + i];
                }
                for (int i = 0; i < len; i++) {
                    dx[db + i] = (float) (y[yb + i] * (g[gb + i] - s));
                }
            }
        }
    }

    private static float rowMax(float[] x, int base, int len) {
        if (VectorSupport.enabled() && len > 0) {
            return VectorSupport.kernels().extreme(x, base, len, false);
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            float v = x[base + i];
            if (v > max || Float.isNaN(v)) {
                max = v;
                if (Float.isNaN(v)) {
                    break;
                }
            }
        }
        return max;
    }
}
