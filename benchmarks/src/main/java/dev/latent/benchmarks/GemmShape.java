package dev.latent.benchmarks;

/**
 * The GEMMs of the reference models (im2col convolutions and linear layers at batch 256 unless named otherwise),
 * {@code C[M, N] = A[M, K] * B[K, N]}, as listed with their OpenBLAS and PyTorch figures in the project's reference
 * measurements.
 */
public enum GemmShape {
    /** Autoencoder conv1 forward, 1 to 8 channels, 3x3 stride 2. */
    AE_CONV1(50176, 8, 9),
    /** Autoencoder conv2 forward, 8 to 16 channels. */
    AE_CONV2(12544, 16, 72),
    /** Autoencoder conv3 forward, 16 to 32 channels, no padding. */
    AE_CONV3(2304, 32, 144),
    /** Autoencoder linear 288 to 64. */
    AE_LINEAR(256, 64, 288),
    /** VAE / discriminator conv1 forward, 1 to 64 channels, 4x4 stride 2. */
    VAE_CONV1(50176, 64, 16),
    /** VAE / discriminator conv2 forward, 64 to 128 channels. */
    VAE_CONV2(12544, 128, 1024),
    /** The same at batch 64. */
    VAE_CONV2_B64(3136, 128, 1024),
    /** VAE / discriminator conv2 weight gradient (K = batch * 49). */
    VAE_CONV2_WGRAD(1024, 128, 12544),
    /** VAE / discriminator conv2 input gradient; also the generator's 128 to 64 transposed conv (columns). */
    VAE_CONV2_DGRAD(12544, 1024, 128),
    /** VAE generator transposed conv 64 to 1 (columns). */
    VAE_CONVT2(50176, 16, 64),
    /** VAE encoder linear 6272 to 32. */
    VAE_ENC_LINEAR(256, 32, 6272),
    /** VAE fc_mu / fc_logvar, linear 6272 to 16, weight gradient {@code dW = dY^T X}: few rows. */
    VAE_HEAD_WGRAD(16, 6272, 256),
    /** DCGAN discriminator output linear 6272 to 1, forward: a single column. */
    DCGAN_D_OUT(256, 1, 6272),
    /** DCGAN discriminator output linear 6272 to 1, weight gradient: a single row. */
    DCGAN_D_OUT_WGRAD(1, 6272, 256),
    /** GAN generator linear 100 to 6272. */
    GAN_G_LINEAR(256, 6272, 100),
    /** MLP GAN linear 784 to 512. */
    MLP_784_512(256, 512, 784),
    /** MLP GAN linear 256 to 512. */
    MLP_256_512(256, 512, 256),
    /** MLP GAN linear 512 to 784. */
    MLP_512_784(256, 784, 512);

    /** Rows of A and C. */
    public final int m;
    /** Columns of B and C. */
    public final int n;
    /** Columns of A, rows of B. */
    public final int k;

    GemmShape(int m, int n, int k) {
        this.m = m;
        this.n = n;
        this.k = k;
    }

    /** Flops of one product. */
    public double flops() {
        return 2.0 * m * n * k;
    }
}
