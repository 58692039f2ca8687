package dev.latent.nn.layers;

import dev.latent.nn.DType;
import dev.latent.nn.Module;
import dev.latent.ops.Normalization;
import dev.latent.tensor.GradMode;
import dev.latent.tensor.Tensor;

/**
 * Batch normalization over the channel dimension (dimension 1), the common base of {@link BatchNorm1d} and
 * {@link BatchNorm2d}, with PyTorch's semantics: in training mode the batch statistics normalize the input and move
 * the running statistics ({@code running = (1 - momentum) * running + momentum * batch}, the variance unbiased); in
 * evaluation mode the running statistics normalize. With momentum {@code null} the running statistics are the
 * cumulative average over all batches seen. The state dict holds {@code weight}, {@code bias},
 * {@code running_mean}, {@code running_var} and {@code num_batches_tracked} (int64), exactly as PyTorch's. The
 * computation is one fused op with its own backward ({@link Normalization#batchNorm}).
 */
public abstract class BatchNorm extends Module {
    private final int numFeatures;
    private final double eps;
    private final Double momentum;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    /**
     * Creates the layer.
     *
     * @param numFeatures       channels C
     * @param eps               added to the variance for stability (PyTorch: 1e-5)
     * @param momentum          weight of each batch in the running statistics (PyTorch: 0.1), or null for a
     *                          cumulative average
     * @param affine            whether to learn a per-channel scale ({@code weight}, initially 1) and shift
     *                          ({@code bias}, initially 0)
     * @param trackRunningStats whether to keep running statistics; without them both modes use batch statistics
     */
    protected BatchNorm(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        if (numFeatures <= 0) {
            throw new IllegalArgumentException(typeName() + ": numFeatures must be positive, got " + numFeatures);
        }
        if (!(eps >= 0)) {
            throw new IllegalArgumentException(typeName() + ": eps must be non-negative, got " + eps);
        }
        if (momentum != null && !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(typeName() + ": momentum must be in [0, 1] or null, got " + momentum);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? registerParameter("weight", Tensor.ones(numFeatures)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(numFeatures)) : null;
        if (trackRunningStats) {
            runningMean = registerBuffer("running_mean", Tensor.zeros(numFeatures));
            runningVar = registerBuffer("running_var", Tensor.ones(numFeatures));
            numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.scalar(0f), DType.I64);
        } else {
            runningMean = null;
            runningVar = null;
            numBatchesTracked = null;
        }
    }

    /** Checks that the input has a rank this layer accepts and {@code numFeatures} channels. */
    protected abstract void checkInput(Tensor input);

    @Override
    protected final Tensor compute(Tensor input) {
        checkInput(input);
        if (input.size(1) != numFeatures) {
            throw new IllegalArgumentException(typeName() + ": expected " + numFeatures + " channels (dimension 1),"
                    + " got input of shape " + input.shape());
        }
        double factor = momentum == null ? 0 : momentum;
        boolean training = isTraining();
        if (training && numBatchesTracked != null) {
            long tracked = (long) numBatchesTracked.item() + 1;
            try (var scope = GradMode.noGrad()) {
                numBatchesTracked.fill(tracked);
            }
            if (momentum == null) {
                factor = 1.0 / tracked;
            }
        }
        boolean useBatchStats = training || runningMean == null;
        return Normalization.batchNorm(input, weight, bias, runningMean, runningVar, useBatchStats, factor, eps);
    }

    /** The per-channel scale, or null without affine parameters. */
    public final Tensor weight() {
        return weight;
    }

    /** The per-channel shift, or null without affine parameters. */
    public final Tensor bias() {
        return bias;
    }

    /** The running mean, or null when running statistics are not tracked. */
    public final Tensor runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance, or null when running statistics are not tracked. */
    public final Tensor runningVar() {
        return runningVar;
    }

    /** Number of training batches seen (a float holding an integer; stored as int64). */
    public final Tensor numBatchesTracked() {
        return numBatchesTracked;
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + momentum + ", affine=" + (weight != null)
                + ", track_running_stats=" + (runningMean != null);
    }
}
