package dev.latent.kernels;

/**
 * Contiguous loops for {@link UnaryOp}, forward ({@code y = f(x)}) and backward ({@code dx = g * f'(x)}). The
 * common activations have their own loops so the JIT compiles each one tight; the vectorized path takes them first
 * when available. Long runs are split into chunks over the {@link Parallel} pool (elements are independent, so
 * the split changes no result).
 */
public final class UnaryKernels {
    /** Elementwise runs at least this long are split over the worker threads. */
    static final int PARALLEL_MIN = 1 << 16;
    /** Elements per parallel chunk: large enough that a chunk outweighs the cost of handing it to a worker. */
    static final int CHUNK = 1 << 15;

    private UnaryKernels() {
    }

    /** {@code y[yo + i] = op(x[xo + i])} for {@code i < n}. */
    public static void forward(UnaryOp op, float p, float q, float[] x, int xo, float[] y, int yo, int n) {
        if (n >= PARALLEL_MIN) {
            Parallel.forChunks(n, CHUNK, (from, to) -> forwardRun(op, p, q, x, xo + from, y, yo + from, to - from));
        } else {
            forwardRun(op, p, q, x, xo, y, yo, n);
        }
    }

    private static void forwardRun(UnaryOp op, float p, float q, float[] x, int xo, float[] y, int yo, int n) {
        if (VectorSupport.enabled() && VectorSupport.kernels().unary(op, p, q, x, xo, y, yo, n)) {
            return;
        }
        switch (op) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xo + i];
                    y[yo + i] = v > 0 || v != v ? v : 0f;
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = x[xo + i] * p;
                }
            }
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = x[xo + i] + p;
                }
            }
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = -x[xo + i];
                }
            }
            case LEAKY_RELU -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xo + i];
                    y[yo + i] = v > 0 ? v : v * p;
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = UnaryOp.sigmoid(x[xo + i]);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = op.apply(x[xo + i], p, q);
                }
            }
        }
    }

    /**
     * {@code dx[i] = g[i] * op'(x[i])}; {@code x} or {@code y} may be null when {@link UnaryOp#backwardNeedsInput()}
     * or {@link UnaryOp#backwardNeedsOutput()} says the op does not read it.
     */
    public static void backward(UnaryOp op, float p, float q, float[] x, int xo, float[] y, int yo,
                                float[] g, int go, float[] dx, int dxo, int n) {
        if (n >= PARALLEL_MIN) {
            Parallel.forChunks(n, CHUNK, (from, to) -> backwardRun(op, p, q, x, xo + from, y, yo + from, g,
                    go + from, dx, dxo + from, to - from));
        } else {
            backwardRun(op, p, q, x, xo, y, yo, g, go, dx, dxo, n);
        }
    }

    private static void backwardRun(UnaryOp op, float p, float q, float[] x, int xo, float[] y, int yo,
                                    float[] g, int go, float[] dx, int dxo, int n) {
        if (VectorSupport.enabled()
                && VectorSupport.kernels().unaryBackward(op, p, q, x, xo, y, yo, g, go, dx, dxo, n)) {
            return;
        }
        switch (op) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    dx[dxo + i] = x[xo + i] > 0 ? g[go + i] : 0f;
                }
            }
            case LEAKY_RELU -> {
                for (int i = 0; i < n; i++) {
                    float gi = g[go + i];
                    dx[dxo + i] = x[xo + i] > 0 ? gi : gi * p;
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    float yi = y[yo + i];
                    dx[dxo + i] = g[go + i] * yi * (1 - yi);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    float yi = y[yo + i];
                    dx[dxo + i] = g[go + i] * (1 - yi * yi);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    float xi = x == null ? 0f : x[xo + i];
                    float yi = y == null ? 0f : y[yo + i];
                    dx[dxo + i] = op.derivative(xi, yi, g[go + i], p, q);
                }
            }
        }
    }
}
