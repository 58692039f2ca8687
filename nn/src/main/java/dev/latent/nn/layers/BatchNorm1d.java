package dev.latent.nn.layers;

import dev.latent.tensor.Tensor;

/**
 * Batch normalization of {@code [N, C]} or {@code [N, C, L]} inputs, like PyTorch's {@code nn.BatchNorm1d}; see
 * {@link BatchNorm}.
 */
public final class BatchNorm1d extends BatchNorm {
    /** PyTorch's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /** Explicit settings; see {@link BatchNorm#BatchNorm(int, double, Double, boolean, boolean)}. */
    public BatchNorm1d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInput(Tensor input) {
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException("BatchNorm1d: expected 2D or 3D input, got shape " + input.shape());
        }
    }
}
