package dev.latent.nn.optim;

import dev.latent.tensor.Tensor;

import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), like PyTorch's {@code torch.optim.AdamW}: parameters
 * shrink by {@code lr * weightDecay} each step instead of the decay entering the gradient. Default weight decay
 * 0.01, as PyTorch. Its state dict names it {@code AdamW}.
 */
public final class AdamW extends Adam {
    AdamW(List<Tensor> params, Builder b) {
        super(params, b);
    }

    /** AdamW with learning rate {@code lr} and PyTorch's defaults (weight decay 0.01). */
    public AdamW(List<Tensor> params, double lr) {
        this(params, builder().lr(lr).check());
    }

    /** A builder with PyTorch's AdamW defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public static Builder builder() {
        return new Builder(true, 0.01);
    }
}
