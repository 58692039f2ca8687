package dev.latent.nn.loss;

import dev.latent.ops.Indexing;
import dev.latent.tensor.Tensor;

/**
 * Loss functions with PyTorch's formulas, edge handling and gradients ({@code torch.nn.functional}), each with a
 * {@link Reduction}. The module forms ({@link MSELoss}, {@link CrossEntropyLoss}, ...) call these.
 *
 * <p>Class targets are tensors of integer-valued floats (as {@code argmax} returns them) or {@code int[]}. Input
 * and target shapes must match exactly where PyTorch expects them to (it only warns and broadcasts, which hides
 * bugs).
 */
public final class Losses {
    private Losses() {
    }

    /** Mean squared error {@code (x - y)^2}, averaged. */
    public static Tensor mse(Tensor input, Tensor target) {
        return mse(input, target, Reduction.MEAN);
    }

    /** Squared error {@code (x - y)^2} with the given reduction. */
    public static Tensor mse(Tensor input, Tensor target, Reduction reduction) {
        checkSameShape("mse", input, target);
        Tensor d = input.sub(target);
        return reduction.apply(d.mul(d));
    }

    /** Mean absolute error {@code |x - y|}, averaged. */
    public static Tensor l1(Tensor input, Tensor target) {
        return l1(input, target, Reduction.MEAN);
    }

    /** Absolute error with the given reduction (the gradient at {@code x == y} is 0, as PyTorch's sign). */
    public static Tensor l1(Tensor input, Tensor target, Reduction reduction) {
        checkSameShape("l1", input, target);
        return reduction.apply(input.sub(target).abs());
    }

    /**
     * Binary cross-entropy on probabilities, {@code -(y log x + (1 - y) log(1 - x))}, averaged. Both logarithms are
     * clamped to at least -100, as PyTorch does, so a probability of exactly 0 or 1 gives a finite loss.
     *
     * @throws IllegalArgumentException if an input or target value lies outside {@code [0, 1]}
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
        return binaryCrossEntropy(input, target, Reduction.MEAN);
    }

    /** Binary cross-entropy on probabilities with the given reduction. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Reduction reduction) {
        checkSameShape("binaryCrossEntropy", input, target);
        return reduction.apply(ElementwiseLosses.binaryCrossEntropy(input, target));
    }

    /**
     * Binary cross-entropy on logits, {@code -(y log s(x) + (1 - y) log(1 - s(x)))} with {@code s} the sigmoid,
     * computed in the stable form {@code (1 - y) x + log(1 + e^-x)} that never overflows; averaged. Prefer it to
     * a sigmoid followed by {@link #binaryCrossEntropy}.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
        return binaryCrossEntropyWithLogits(logits, target, Reduction.MEAN);
    }

    /** Binary cross-entropy on logits with the given reduction. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target, Reduction reduction) {
        checkSameShape("binaryCrossEntropyWithLogits", logits, target);
        return reduction.apply(ElementwiseLosses.binaryCrossEntropyWithLogits(logits, target));
    }

    /**
     * Negative log-likelihood {@code -logProbs[n, target[n]]}, averaged over the batch.
     *
     * @param logProbs log-probabilities {@code [N, C]} or {@code [N, C, d1, ...]} (e.g. from {@code logSoftmax(1)})
     * @param target   class indices {@code [N]} or {@code [N, d1, ...]}, integers in {@code [0, C)}
     */
    public static Tensor nll(Tensor logProbs, Tensor target) {
        return nll(logProbs, target, Reduction.MEAN);
    }

    /** Negative log-likelihood with the given reduction ({@code NONE} gives one loss per sample). */
    public static Tensor nll(Tensor logProbs, Tensor target, Reduction reduction) {
        Tensor[] io = classInputs("nll", logProbs, target);
        Tensor picked = Indexing.gather(io[0], 1, io[1].unsqueeze(1)).squeeze(1);
        return unbatch(reduction.apply(picked.neg()), logProbs, reduction);
    }

    /** Negative log-likelihood with class indices given as ints ({@code [N]}). */
    public static Tensor nll(Tensor logProbs, int[] target, Reduction reduction) {
        return nll(logProbs, indices(target), reduction);
    }

    /** Cross-entropy of logits against class indices, averaged: {@code logSoftmax} then {@link #nll}. */
    public static Tensor crossEntropy(Tensor logits, Tensor target) {
        return crossEntropy(logits, target, Reduction.MEAN, 0);
    }

    /**
     * Cross-entropy of logits {@code [N, C, ...]} against class indices {@code [N, ...]} or, when {@code target}
     * has the logits' shape, against class probabilities. With label smoothing {@code e} the target becomes a
     * mixture of the given one (weight {@code 1 - e}) and the uniform distribution (weight {@code e}), exactly as
     * PyTorch's {@code label_smoothing}.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, Reduction reduction, double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("crossEntropy: label smoothing must be in [0, 1], got "
                    + labelSmoothing);
        }
        if (logits.dim() < 1) {
            throw new IllegalArgumentException("crossEntropy: logits need a class dimension, got a scalar");
        }
        int classDim = logits.dim() == 1 ? 0 : 1;
        int classes = logits.size(classDim);
        Tensor logProbs = logits.logSoftmax(classDim);
        float e = (float) labelSmoothing;
        if (target.shape().equals(logits.shape())) {
            Tensor t = e == 0 ? target : target.mul(1 - e).add(e / classes);
            Tensor perSample = logProbs.mul(t).sum(classDim).neg();
            return reduction.apply(perSample);
        }
        Tensor nll = nll(logProbs, target, reduction);
        if (e == 0) {
            return nll;
        }
        Tensor smooth = reduction.apply(logProbs.sum(classDim).neg());
        return nll.mul(1 - e).add(smooth.mul(e / classes));
    }

    /** Cross-entropy with class indices given as ints. */
    public static Tensor crossEntropy(Tensor logits, int[] target, Reduction reduction, double labelSmoothing) {
        return crossEntropy(logits, indices(target), reduction, labelSmoothing);
    }

    /**
     * KL divergence of the diagonal Gaussian {@code N(mu, exp(logVar))} from {@code N(0, I)}, the VAE's
     * regularizer: per sample {@code -0.5 * sum(1 + logVar - mu^2 - exp(logVar))} over every dimension but the
     * first. {@code NONE} returns the {@code [N]} per-sample values, {@code SUM} their sum over the batch and
     * {@code MEAN} their average over the batch (not over latent dimensions).
     */
    public static Tensor gaussianKl(Tensor mu, Tensor logVar, Reduction reduction) {
        checkSameShape("gaussianKl", mu, logVar);
        if (mu.dim() < 1) {
            throw new IllegalArgumentException("gaussianKl: expects [N, ...] inputs, got a scalar");
        }
        Tensor terms = logVar.add(1f).sub(mu.mul(mu)).sub(logVar.exp());
        Tensor perSample = mu.dim() == 1 ? terms : terms.flatten(1, -1).sum(1);
        return reduction.apply(perSample.mul(-0.5f));
    }

    /**
     * Gaussian negative log-likelihood of {@code target} under {@code N(input, var)}, as PyTorch's
     * {@code gaussian_nll_loss}: {@code 0.5 * (log(max(var, eps)) + (input - target)^2 / max(var, eps))}, plus
     * {@code 0.5 log(2 pi)} when {@code full}. {@code var} has the input's shape, or lacks (or has size 1 in) the last
     * dimension for a variance shared across it. The clamp to {@code eps} does not block the gradient (PyTorch clamps
     * under no_grad).
     *
     * @throws IllegalArgumentException if {@code var} has a negative entry or an incompatible shape
     */
    public static Tensor gaussianNll(Tensor input, Tensor target, Tensor var, boolean full, double eps,
                                     Reduction reduction) {
        checkSameShape("gaussianNll", input, target);
        Tensor v = var;
        if (!v.shape().equals(input.shape())) {
            int r = input.dim();
            boolean oneShort = v.dim() == r - 1 && r > 0 && sameLeading(v, input, r - 1);
            boolean lastIsOne = v.dim() == r && r > 0 && v.size(-1) == 1 && sameLeading(v, input, r - 1);
            if (oneShort) {
                v = v.unsqueeze(-1);
            } else if (!lastIsOne) {
                throw new IllegalArgumentException("gaussianNll: var of shape " + var.shape()
                        + " does not fit input of shape " + input.shape());
            }
        }
        for (float x : var.toArray()) {
            if (x < 0) {
                throw new IllegalArgumentException("gaussianNll: var has a negative entry (" + x + ")");
            }
        }
        Tensor clamped = ElementwiseLosses.clampMinStraightThrough(v, (float) eps);
        Tensor d = input.sub(target);
        Tensor loss = clamped.log().add(d.mul(d).div(clamped)).mul(0.5f);
        if (full) {
            loss = loss.add((float) (0.5 * Math.log(2 * Math.PI)));
        }
        return reduction.apply(loss);
    }

    private static boolean sameLeading(Tensor a, Tensor b, int n) {
        for (int i = 0; i < n; i++) {
            if (a.size(i) != b.size(i)) {
                return false;
            }
        }
        return true;
    }

    /** Checks class-target shapes and adds a batch dimension to an unbatched {@code [C]} input. */
    private static Tensor[] classInputs(String op, Tensor input, Tensor target) {
        if (input.dim() == 1) {
            if (target.numel() != 1 || target.dim() > 1) {
                throw new IllegalArgumentException(op + ": an unbatched input of shape " + input.shape()
                        + " needs a single target, got shape " + target.shape());
            }
            return new Tensor[] {input.unsqueeze(0), target.reshape(1)};
        }
        if (input.dim() < 1 || target.dim() != input.dim() - 1 || target.size(0) != input.size(0)) {
            throw new IllegalArgumentException(op + ": expects input [N, C, ...] and target [N, ...], got input "
                    + input.shape() + " and target " + target.shape());
        }
        for (int d = 2; d < input.dim(); d++) {
            if (target.size(d - 1) != input.size(d)) {
                throw new IllegalArgumentException(op + ": target shape " + target.shape()
                        + " does not match input shape " + input.shape() + " outside the class dimension");
            }
        }
        return new Tensor[] {input, target};
    }

    private static Tensor unbatch(Tensor loss, Tensor input, Reduction reduction) {
        return input.dim() == 1 && reduction == Reduction.NONE ? loss.reshape() : loss;
    }

    private static Tensor indices(int[] target) {
        float[] f = new float[target.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = target[i];
        }
        return Tensor.wrap(f, f.length);
    }

    static void checkSameShape(String op, Tensor input, Tensor target) {
        if (!input.shape().equals(target.shape())) {
            throw new IllegalArgumentException(op + ": input shape " + input.shape() + " and target shape "
                    + target.shape() + " differ");
        }
    }
}
