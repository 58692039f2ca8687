package dev.latent.nn.optim;

import dev.latent.tensor.GradMode;
import dev.latent.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/** Gradient clipping, like PyTorch's {@code clip_grad_norm_} and {@code clip_grad_value_}. */
public final class GradClip {
    private GradClip() {
    }

    /** {@link #clipGradNorm(List, double, double, boolean)} with the 2-norm. */
    public static double clipGradNorm(List<Tensor> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, 2, false);
    }

    /**
     * Scales every gradient in place by {@code min(1, maxNorm / (total + 1e-6))}, where {@code total} is the norm of
     * all gradients taken together (as if concatenated into one vector). Parameters without a gradient are ignored.
     *
     * @param normType          p of the p-norm, or {@code Double.POSITIVE_INFINITY} for the max norm
     * @param errorIfNonfinite  throw instead of scaling when the total norm is NaN or infinite
     * @return the total norm before clipping
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm, double normType, boolean errorIfNonfinite) {
        if (!(normType > 0)) {
            throw new IllegalArgumentException("clipGradNorm: norm type must be positive, got " + normType);
        }
        List<Tensor> grads = grads(params);
        if (grads.isEmpty()) {
            return 0;
        }
        double total;
        if (Double.isInfinite(normType)) {
            total = 0;
            for (Tensor g : grads) {
                for (float v : g.toArray()) {
                    total = Double.isNaN(v) ? Double.NaN : Math.max(total, Math.abs(v));
                    if (Double.isNaN(total)) {
                        break;
                    }
                }
            }
        } else {
            // Each gradient's norm in float precision, then the norm of the norms, as PyTorch does.
            double sum = 0;
            for (Tensor g : grads) {
                double s = 0;
                for (float v : g.toArray()) {
                    s += Math.pow(Math.abs(v), normType);
                }
                float norm = (float) Math.pow(s, 1 / normType);
                sum += Math.pow(norm, normType);
            }
            total = (float) Math.pow(sum, 1 / normType);
        }
        if (errorIfNonfinite && (Double.isNaN(total) || Double.isInfinite(total))) {
            throw new IllegalStateException("clipGradNorm: the total norm of order " + normType + " of the gradients is"
                    + " non-finite (" + total + "), so it cannot be clipped");
        }
        float coef = (float) Math.min(1.0, (float) maxNorm / (float) (total + 1e-6));
        try (var scope = GradMode.noGrad()) {
            for (Tensor g : grads) {
                g.mulInPlace(coef);
            }
        }
        return total;
    }

    /** Clamps every gradient element in place to {@code [-clipValue, clipValue]}. */
    public static void clipGradValue(List<Tensor> params, double clipValue) {
        if (!(clipValue >= 0)) {
            throw new IllegalArgumentException("clipGradValue: clip value must be non-negative, got " + clipValue);
        }
        try (var scope = GradMode.noGrad()) {
            for (Tensor g : grads(params)) {
                g.clampInPlace((float) -clipValue, (float) clipValue);
            }
        }
    }

    private static List<Tensor> grads(List<Tensor> params) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : params) {
            if (p.grad() != null) {
                out.add(p.grad());
            }
        }
        return out;
    }
}
