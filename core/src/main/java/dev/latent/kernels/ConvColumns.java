package dev.latent.kernels;

/**
 * A tile's column matrices as GEMM operands that are not stored ({@link ImplicitMatrix}): the GEMM gathers each
 * row segment from the images through the {@link ConvIndex} tables while it packs its panels. Before, the columns
 * were gathered into a matrix {@code colRows / inChannels} times the tile's size, which the packing then read
 * back: about a fifth of a 64→128 convolution's forward time went to that second pass.
 */
final class ConvColumns {
    private ConvColumns() {
    }

    /**
     * The column matrix {@code [colRows, images * pixels]} of {@code images} consecutive image groups, the first at
     * {@code x[xOff]}.
     */
    static ImplicitMatrix of(ConvIndex index, ConvGeometry g, float[] x, int xOff, int images) {
        return new Columns(index, x, xOff, images, g.colRows(), images * g.outPixels());
    }

    /** The transposed column matrix {@code [images * pixels, colRows]} of the same images. */
    static ImplicitMatrix transposed(ConvIndex index, ConvGeometry g, float[] x, int xOff, int images) {
        return new Transposed(index, x, xOff, images * g.outPixels(), g.colRows());
    }

    /** A stored row-major matrix, for geometries without tables: {@code data[off + r * ld + c]}. */
    static ImplicitMatrix stored(float[] data, int off, int ld, int rows, int cols) {
        return new Stored(data, off, ld, rows, cols);
    }

    private record Columns(ConvIndex index, float[] x, int xOff, int images, int rows, int cols)
            implements ImplicitMatrix {
        @Override
        public void copyRow(int row, int col0, int width, float[] dst, int dstOff) {
            index.columnRow(x, xOff, images, row, col0, width, dst, dstOff);
        }
    }

    private record Transposed(ConvIndex index, float[] x, int xOff, int rows, int cols) implements ImplicitMatrix {
        @Override
        public void copyRow(int row, int col0, int width, float[] dst, int dstOff) {
            index.transposedColumnRow(x, xOff, row, col0, width, dst, dstOff);
        }
    }

    private record Stored(float[] data, int off, int ld, int rows, int cols) implements ImplicitMatrix {
        @Override
        public void copyRow(int row, int col0, int width, float[] dst, int dstOff) {
            System.arraycopy(data, off + row * ld + col0, dst, dstOff, width);
        }
    }
}
