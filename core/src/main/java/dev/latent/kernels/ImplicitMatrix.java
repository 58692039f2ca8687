package dev.latent.kernels;

/**
 * A GEMM right operand that is never stored: the GEMM asks it for row segments while packing its panels. A
 * convolution's column matrix is one ({@link ConvColumns}): gathered from the image straight into the packed panels,
 * it skips writing and re-reading a matrix many times the image's size (the "implicit GEMM" of cuDNN and oneDNN).
 * Implementations must be safe to read from several threads at once.
 */
public interface ImplicitMatrix {
    /** Number of rows (the GEMM's {@code k}). */
    int rows();

    /** Number of columns (the GEMM's {@code n}). */
    int cols();

    /** Writes elements {@code [col0, col0 + width)} of row {@code row} to {@code dst[dstOff ...]}. */
    void copyRow(int row, int col0, int width, float[] dst, int dstOff);
}
