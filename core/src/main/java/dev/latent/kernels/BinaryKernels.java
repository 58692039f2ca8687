package dev.latent.kernels;

/**
 * Strided loops for {@link BinaryOp}: {@code o[i] = op(a[i], b[i])} over {@code n} elements with per-operand
 * strides (0 for a broadcast operand). Each hot operation has its own loop so the JIT compiles a tight,
 * monomorphic body; contiguous runs go to the vectorized path when it is available.
 */
public final class BinaryKernels {
    private BinaryKernels() {
    }

    /** One strided run. */
    public static void run(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs,
                           float[] o, int oo, int os, int n) {
        if (as == 1 && bs == 1 && os == 1) {
            contiguous(op, a, ao, b, bo, o, oo, n);
            return;
        }
        if (as == 1 && bs == 0 && os == 1) {
            scalarRight(op, a, ao, b[bo], o, oo, n);
            return;
        }
        if (as == 0 && bs == 1 && os == 1 && VectorSupport.enabled()
                && VectorSupport.kernels().binaryScalar(op, a[ao], true, b, bo, o, oo, n)) {
            return;
        }
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] + b[bo + i * bs];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] - b[bo + i * bs];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] * b[bo + i * bs];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] / b[bo + i * bs];
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = op.apply(a[ao + i * as], b[bo + i * bs]);
                }
            }
        }
    }

    /** Contiguous run of all three operands. */
    public static void contiguous(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        if (n >= UnaryKernels.PARALLEL_MIN) {
            Parallel.forChunks(n, UnaryKernels.CHUNK, (from, to) -> contiguousRun(op, a, ao + from, b, bo + from, o,
                    oo + from, to - from));
        } else {
            contiguousRun(op, a, ao, b, bo, o, oo, n);
        }
    }

    private static void contiguousRun(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        if (VectorSupport.enabled() && VectorSupport.kernels().binary(op, a, ao, b, bo, o, oo, n)) {
            return;
        }
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = a[ao + i] + b[bo + i];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = a[ao + i] - b[bo + i];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = a[ao + i] * b[bo + i];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = a[ao + i] / b[bo + i];
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = op.apply(a[ao + i], b[bo + i]);
                }
            }
        }
    }

    /** Contiguous {@code a} and {@code o} with one scalar right operand. */
    public static void scalarRight(BinaryOp op, float[] a, int ao, float b, float[] o, int oo, int n) {
        if (VectorSupport.enabled() && VectorSupport.kernels().binaryScalar(op, b, false, a, ao, o, oo, n)) {
            return;
        }
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = a[ao + i] + b;
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = a[ao + i] - b;
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = a[ao + i] * b;
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = a[ao + i] / b;
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = op.apply(a[ao + i], b);
                }
            }
        }
    }
}
