package dev.latent.kernels;

/**
 * Kernels that have a Vector API implementation. The interface uses only plain Java types, so callers never load
 * a {@code jdk.incubator.vector} class; {@link VectorSupport} instantiates the implementation only when the module
 * is present. Each method returns {@code false} when it does not handle the case, and the caller then runs its
 * scalar loop.
 */
public interface VectorKernels {
    /** Number of float lanes of the preferred species (16 with AVX-512, 8 with AVX2). */
    int floatLanes();

    /** The Vector API GEMM engine. */
    BlockedGemm<?> gemm();

    /** Contiguous binary elementwise operation; see {@link BinaryKernels#contiguous}. */
    boolean binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int n);

    /** Contiguous unary forward operation; see {@link UnaryKernels#forward}. */
    boolean unary(UnaryOp op, float p, float q, float[] x, int xo, float[] y, int yo, int n);
}
