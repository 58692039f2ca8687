package dev.latent.nn.layers;

import dev.latent.tensor.Tensor;

/** Batch normalization of {@code [N, C, H, W]} inputs, like PyTorch's {@code nn.BatchNorm2d}; see {@link BatchNorm}. */
public final class BatchNorm2d extends BatchNorm {
    /** PyTorch's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /** Explicit settings; see {@link BatchNorm#BatchNorm(int, double, Double, boolean, boolean)}. */
    public BatchNorm2d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInput(Tensor input) {
        if (input.dim() != 4) {
            throw new IllegalArgumentException("BatchNorm2d: expected 4D input, got shape " + input.shape());
        }
    }
}
