package dev.latent.ops;

import dev.latent.kernels.NormKernels;
import dev.latent.kernels.Parallel;
import dev.latent.kernels.ReduceKernels;
import dev.latent.kernels.UnaryKernels;
import dev.latent.kernels.UnaryOp;
import dev.latent.kernels.Workspace;
import dev.latent.tensor.Function;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;

/**
 * Batch normalization as one fused op with its own backward, like {@code torch.nn.functional.batch_norm}: one pass
 * per channel for the statistics, one for the output, and a two-pass backward, instead of a chain of ten tensor
 * ops. Statistics accumulate in double (as PyTorch's CPU kernel does), so the result does not depend on the order
 * of additions beyond float rounding. Channels are processed in parallel; each channel's work is the same whatever
 * the thread count.
 */
public final class Normalization {
    private Normalization() {
    }

    /**
     * Normalizes {@code input} of shape {@code [N, C, ...]} per channel (dimension 1).
     *
     * <p>In training mode the batch's mean and biased variance normalize the input, and the running statistics
     * (when given) move towards the batch's mean and <em>unbiased</em> variance:
     * {@code running = (1 - momentum) * running + momentum * batch}. In evaluation mode the running statistics
     * normalize the input and are left unchanged.
     *
     * @param input       {@code [N, C]} or {@code [N, C, d1, ...]}
     * @param weight      per-channel scale {@code [C]}, or null for 1
     * @param bias        per-channel shift {@code [C]}, or null for 0
     * @param runningMean {@code [C]}, updated in place in training mode; null to keep no statistics
     * @param runningVar  {@code [C]}, updated in place in training mode; null exactly when {@code runningMean} is
     * @param training    use (and update) the batch statistics rather than the running ones
     * @param momentum    weight of the batch statistics in the running update
     * @param eps         added to the variance before the square root
     * @return the normalized tensor, of {@code input}'s shape
     */
    public static Tensor batchNorm(Tensor input, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar,
                                   boolean training, double momentum, double eps) {
        if (input.dim() < 2) {
            throw new IllegalArgumentException("batchNorm: expects an input of shape [N, C, ...], got " + input.shape());
        }
        int channels = input.size(1);
        checkChannelVector("weight", weight, channels, input.shape());
        checkChannelVector("bias", bias, channels, input.shape());
        checkChannelVector("runningMean", runningMean, channels, input.shape());
        checkChannelVector("runningVar", runningVar, channels, input.shape());
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException("batchNorm: runningMean and runningVar must both be given or both null");
        }
        if (!training && runningMean == null) {
            throw new IllegalArgumentException("batchNorm: evaluation mode needs running statistics");
        }
        if (!(eps >= 0)) {
            throw new IllegalArgumentException("batchNorm: eps must be non-negative, got " + eps);
        }
        long perChannel = (long) input.numel() / Math.max(channels, 1);
        if (training && perChannel <= 1) {
            throw new IllegalArgumentException("batchNorm: expected more than 1 value per channel when training, got"
                    + " input shape " + input.shape());
        }
        return new BatchNormFunction(runningMean, runningVar, training, momentum, eps).apply(input, weight, bias);
    }

    private static void checkChannelVector(String name, Tensor t, int channels, Shape input) {
        if (t != null && (t.dim() != 1 || t.size(0) != channels)) {
            throw new IllegalArgumentException("batchNorm: " + name + " must have shape [" + channels + "] for input "
                    + input + ", got " + t.shape());
        }
    }

    private static final class BatchNormFunction extends Function {
        private final Tensor runningMean;
        private final Tensor runningVar;
        private final boolean training;
        private final double momentum;
        private final double eps;
        /** Per channel: the mean used to centre the input and the inverse standard deviation used to scale it. */
        private float[] mean;
        private float[] invStd;

        BatchNormFunction(Tensor runningMean, Tensor runningVar, boolean training, double momentum, double eps) {
            this.runningMean = runningMean;
            this.runningVar = runningVar;
            this.training = training;
            this.momentum = momentum;
            this.eps = eps;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor x = in[0].contiguous();
            int n = x.size(0);
            int c = x.size(1);
            int s = c == 0 || n == 0 ? 0 : x.numel() / (n * c);
            float[] w = values(in[1], c, 1f);
            float[] b = values(in[2], c, 0f);
            float[] xs = x.data();
            int xo = x.offset();
            mean = new float[c];
            invStd = new float[c];
            float[] y = Workspace.resultToOverwrite(x.numel());
            double[] unbiasedVar = new double[c];
            double count = (double) n * s;
            float[] rm = runningMean == null ? null : runningMean.toArray();
            float[] rv = runningVar == null ? null : runningVar.toArray();
            forEachChannelBlock(c, (c0, c1) -> {
                double[] stat = new double[c1 - c0];
                if (training) {
                    for (int i = 0; i < n; i++) {
                        if (s == 1) {
                            // BatchNorm1d, one value per channel and sample: a kernel call per value cost more than
                            // its one addition (6.4 million calls per DCGAN step). The same sums in the same order.
                            for (int ch = c0, row = xo + i * c; ch < c1; ch++) {
                                stat[ch - c0] += xs[row + ch];
                            }
                            continue;
                        }
                        for (int ch = c0; ch < c1; ch++) {
                            stat[ch - c0] += ReduceKernels.sum(xs, xo + (i * c + ch) * s, s);
                        }
                    }
                    double[] m = new double[c1 - c0]; // the centred sums use the mean in double
                    for (int ch = c0; ch < c1; ch++) {
                        m[ch - c0] = stat[ch - c0] / count;
                        stat[ch - c0] = 0;
                    }
                    for (int i = 0; i < n; i++) {
                        if (s == 1) {
                            for (int ch = c0, row = xo + i * c; ch < c1; ch++) {
                                double d = xs[row + ch] - m[ch - c0];
                                stat[ch - c0] += d * d;
                            }
                            continue;
                        }
                        for (int ch = c0; ch < c1; ch++) {
                            stat[ch - c0] += NormKernels.sumSquaredDeviations(xs, xo + (i * c + ch) * s, s,
                                    m[ch - c0]);
                        }
                    }
                    for (int ch = c0; ch < c1; ch++) {
                        double sq = stat[ch - c0];
                        unbiasedVar[ch] = count > 1 ? sq / (count - 1) : Double.NaN;
                        mean[ch] = (float) m[ch - c0];
                        invStd[ch] = (float) (1.0 / Math.sqrt(sq / count + eps));
                    }
                } else {
                    for (int ch = c0; ch < c1; ch++) {
                        mean[ch] = rm[ch];
                        invStd[ch] = (float) (1.0 / Math.sqrt((double) rv[ch] + eps));
                    }
                }
                float[] scale = new float[c1 - c0];
                float[] shift = new float[c1 - c0];
                for (int ch = c0; ch < c1; ch++) {
                    scale[ch - c0] = invStd[ch] * w[ch];
                    shift[ch - c0] = b[ch] - mean[ch] * scale[ch - c0];
                }
                for (int i = 0; i < n; i++) {
                    for (int ch = c0; ch < c1; ch++) {
                        int base = (i * c + ch) * s;
                        if (s == 1) {
                            y[base] = xs[xo + base] * scale[ch - c0] + shift[ch - c0];
                        } else {
                            NormKernels.scaleShift(xs, xo + base, scale[ch - c0], shift[ch - c0], y, base, s);
                        }
                    }
                }
            });
            if (training && rm != null) {
                float[] newMean = new float[c];
                float[] newVar = new float[c];
                for (int ch = 0; ch < c; ch++) {
                    newMean[ch] = (float) ((1 - momentum) * rm[ch] + momentum * mean[ch]);
                    newVar[ch] = (float) ((1 - momentum) * rv[ch] + momentum * unbiasedVar[ch]);
                }
                runningMean.copyFrom(Tensor.wrap(newMean, c));
                runningVar.copyFrom(Tensor.wrap(newVar, c));
            }
            saveForBackward(x, in[1]);
            return Tensor.wrap(y, x.shape());
        }

        @Override
        protected Tensor[] backward(Tensor gradOutput) {
            Tensor[] saved = savedTensors();
            Tensor x = saved[0];
            Tensor g = gradOutput.contiguous();
            int n = x.size(0);
            int c = x.size(1);
            int s = c == 0 || n == 0 ? 0 : x.numel() / (n * c);
            float[] w = values(saved[1], c, 1f);
            float[] xs = x.data();
            int xo = x.offset();
            float[] gs = g.data();
            int go = g.offset();
            boolean wantInput = needsInputGrad(0);
            float[] dx = wantInput ? Workspace.resultToOverwrite(x.numel()) : null;
            float[] dw = Workspace.result(c);
            float[] db = Workspace.result(c);
            double count = (double) n * s;
            forEachChannelBlock(c, (c0, c1) -> {
                double[] sumG = new double[c1 - c0];
                double[] sumGx = new double[c1 - c0]; // sum of g * (x - mean)
                for (int i = 0; i < n; i++) {
                    for (int ch = c0; ch < c1; ch++) {
                        int base = (i * c + ch) * s;
                        if (s == 1) { // one value: the kernels' sums of a single term, without the call
                            sumG[ch - c0] += gs[go + base];
                            sumGx[ch - c0] += gs[go + base] * (double) (xs[xo + base] - mean[ch]);
                        } else {
                            sumG[ch - c0] += ReduceKernels.sum(gs, go + base, s);
                            sumGx[ch - c0] += NormKernels.dotCentered(gs, go + base, xs, xo + base, s, mean[ch]);
                        }
                    }
                }
                for (int ch = c0; ch < c1; ch++) {
                    db[ch] = (float) sumG[ch - c0];
                    dw[ch] = (float) (sumGx[ch - c0] * invStd[ch]);
                }
                if (!wantInput) {
                    return;
                }
                for (int i = 0; i < n; i++) {
                    for (int ch = c0; ch < c1; ch++) {
                        int base = (i * c + ch) * s;
                        float inv = invStd[ch];
                        float scale = inv * w[ch];
                        if (training) {
                            // dx = (g - mean(g) - xhat * mean(g * xhat)) * invStd * w
                            float m = mean[ch];
                            float gMean = (float) (sumG[ch - c0] / count);
                            float k2 = (float) (sumGx[ch - c0] / count * inv * inv);
                            if (s == 1) {
                                dx[base] = (gs[go + base] - gMean - (xs[xo + base] - m) * k2) * scale;
                            } else {
                                NormKernels.inputGrad(gs, go + base, xs, xo + base, m, gMean, k2, scale, dx, base, s);
                            }
                        } else {
                            UnaryKernels.forward(UnaryOp.MUL, scale, 0f, gs, go + base, dx, base, s);
                        }
                    }
                }
            });
            return new Tensor[] {
                    wantInput ? Tensor.wrap(dx, x.shape()) : null,
                    needsInputGrad(1) ? Tensor.wrap(dw, c) : null,
                    needsInputGrad(2) ? Tensor.wrap(db, c) : null};
        }

        /**
         * Runs {@code body} over blocks of consecutive channels in parallel. Each channel is still summed in the
         * same order (sample by sample), so results do not depend on the blocking; blocks let a task read whole
         * rows when each channel has one value per sample (BatchNorm1d).
         */
        private static void forEachChannelBlock(int c, ChannelBlock body) {
            int block = Math.max(1, (c + BLOCKS - 1) / BLOCKS);
            int tasks = (c + block - 1) / block;
            Parallel.forEach(tasks, t -> body.run(t * block, Math.min(c, (t + 1) * block)));
        }

        /** Upper bound on the channel blocks of one pass. */
        private static final int BLOCKS = 32;

        /** Work on channels {@code [c0, c1)}. */
        @FunctionalInterface
        private interface ChannelBlock {
            void run(int c0, int c1);
        }

        private static float[] values(Tensor t, int c, float fill) {
            if (t == null) {
                float[] v = new float[c];
                java.util.Arrays.fill(v, fill);
                return v;
            }
            return t.toArray();
        }

        @Override
        public String name() {
            return "BatchNormBackward";
        }
    }
}
