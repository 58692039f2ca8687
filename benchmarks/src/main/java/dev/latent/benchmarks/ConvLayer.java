package dev.latent.benchmarks;

import dev.latent.kernels.ConvGeometry;

/**
 * The convolution and transposed-convolution layers of the reference models (conv autoencoder, conv VAE, DCGAN) on
 * 28 x 28 single-channel images. The VAE's layers are also the DCGAN's (its discriminator's convolutions and its
 * generator's transposed convolutions), so they are listed once. {@code benchmarks/pytorch/conv_layers.py} times
 * the same list in PyTorch.
 */
public enum ConvLayer {
    /** AE encoder Conv2d(1, 8, 3, stride 2, padding 1), 28 to 14. */
    AE_CONV1(false, 1, 8, 3, 2, 1, 0, 28),
    /** AE encoder Conv2d(8, 16, 3, stride 2, padding 1), 14 to 7. */
    AE_CONV2(false, 8, 16, 3, 2, 1, 0, 14),
    /** AE encoder Conv2d(16, 32, 3, stride 2), 7 to 3. */
    AE_CONV3(false, 16, 32, 3, 2, 0, 0, 7),
    /** AE decoder ConvTranspose2d(32, 16, 3, stride 2), 3 to 7. */
    AE_CONVT1(true, 32, 16, 3, 2, 0, 0, 3),
    /** AE decoder ConvTranspose2d(16, 8, 3, stride 2, padding 1, output padding 1), 7 to 14. */
    AE_CONVT2(true, 16, 8, 3, 2, 1, 1, 7),
    /** AE decoder ConvTranspose2d(8, 1, 3, stride 2, padding 1, output padding 1), 14 to 28. */
    AE_CONVT3(true, 8, 1, 3, 2, 1, 1, 14),
    /** VAE encoder / DCGAN discriminator Conv2d(1, 64, 4, stride 2, padding 1), 28 to 14. */
    VAE_CONV1(false, 1, 64, 4, 2, 1, 0, 28),
    /** VAE encoder / DCGAN discriminator Conv2d(64, 128, 4, stride 2, padding 1), 14 to 7. */
    VAE_CONV2(false, 64, 128, 4, 2, 1, 0, 14),
    /** VAE decoder / DCGAN generator ConvTranspose2d(128, 64, 4, stride 2, padding 1), 7 to 14. */
    VAE_CONVT1(true, 128, 64, 4, 2, 1, 0, 7),
    /** VAE decoder / DCGAN generator ConvTranspose2d(64, 1, 4, stride 2, padding 1), 14 to 28. */
    VAE_CONVT2(true, 64, 1, 4, 2, 1, 0, 14);

    /** Whether the layer is a transposed convolution. */
    public final boolean transposed;
    /** Input channels of the layer. */
    public final int in;
    /** Output channels of the layer. */
    public final int out;
    /** Square kernel size. */
    public final int kernel;
    /** Stride. */
    public final int stride;
    /** Zero padding. */
    public final int padding;
    /** Output padding (transposed convolutions only). */
    public final int outputPadding;
    /** Square input size of the layer. */
    public final int size;

    ConvLayer(boolean transposed, int in, int out, int kernel, int stride, int padding, int outputPadding,
              int size) {
        this.transposed = transposed;
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.outputPadding = outputPadding;
        this.size = size;
    }

    /** Square output size of the layer. */
    public int outSize() {
        return transposed ? ConvGeometry.transposedOutputSize(size, kernel, stride, padding, 1, outputPadding)
                : ConvGeometry.convOutputSize(size, kernel, stride, padding, 1);
    }

    /**
     * The kernels' geometry for a batch: the layer's own for a convolution; for a transposed convolution, that of
     * the convolution it is the adjoint of (its output is the geometry's input).
     */
    public ConvGeometry geometry(int batch) {
        int o = outSize();
        return transposed
                ? new ConvGeometry(batch, out, o, o, in, size, size, kernel, kernel, stride, stride, padding, padding,
                1, 1, 1)
                : new ConvGeometry(batch, in, size, size, out, o, o, kernel, kernel, stride, stride, padding, padding,
                1, 1, 1);
    }

    /** Floats in the layer's input for a batch. */
    public int inputSize(int batch) {
        return batch * in * size * size;
    }

    /** Floats in the layer's output for a batch. */
    public int outputSize(int batch) {
        return batch * out * outSize() * outSize();
    }

    /** Floats in the weight ({@code [in, out, k, k]} transposed, {@code [out, in, k, k]} otherwise). */
    public int weightSize() {
        return in * out * kernel * kernel;
    }
}
