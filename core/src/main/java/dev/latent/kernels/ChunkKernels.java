package dev.latent.kernels;

/**
 * Copies of equal-length chunks between two strided layouts. The convolutions move each tile of images between
 * the NCHW layout ({@code [images, channels, pixels]}) and the GEMM's channel rows ({@code [channels,
 * images * pixels]}) with it; on small feature maps the chunks are shorter than a vector (9 floats for a 3 x 3 map),
 * where a copy call per chunk cost more than the copying (13% of Conv2d(16→32)'s forward).
 */
public final class ChunkKernels {
    private ChunkKernels() {
    }

    /**
     * {@code dst[dstOff + j * dstStride + p] = src[srcOff + j * srcStride + p] + add} for {@code j < chunks} and
     * {@code p < len}; with {@code add == 0} a plain copy (a negative zero stays negative).
     */
    public static void copy(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride,
                            int chunks, int len, float add) {
        if (VectorSupport.enabled()
                && VectorSupport.kernels().copyChunks(src, srcOff, srcStride, dst, dstOff, dstStride, chunks, len,
                add)) {
            return;
        }
        for (int j = 0; j < chunks; j++) {
            int s = srcOff + j * srcStride;
            int d = dstOff + j * dstStride;
            if (add == 0f) {
                System.arraycopy(src, s, dst, d, len);
            } else {
                for (int p = 0; p < len; p++) {
                    dst[d + p] = src[s + p] + add;
                }
            }
        }
    }
}
