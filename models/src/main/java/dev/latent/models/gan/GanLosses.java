package dev.latent.models.gan;

import dev.latent.nn.loss.Losses;
import dev.latent.tensor.Tensor;

/** The discriminator's loss and the probabilities the training reports. */
public final class GanLosses {
    private GanLosses() {
    }

    /**
     * Binary cross-entropy with logits on real images (target 1) plus the same on generated images (target 0), each
     * averaged over its batch, as in PyTorch's DCGAN tutorial: {@code -(log D(x) + log(1 - D(G(z))))} on average.
     * Minimising it maximises the discriminator's side of the minimax game.
     *
     * @param realLogits logits on real images
     * @param fakeLogits logits on generated images (detach them so the generator is not updated)
     */
    public static Tensor discriminator(Tensor realLogits, Tensor fakeLogits) {
        Tensor real = Losses.binaryCrossEntropyWithLogits(realLogits, Tensor.onesLike(realLogits));
        Tensor fake = Losses.binaryCrossEntropyWithLogits(fakeLogits, Tensor.zerosLike(fakeLogits));
        return real.add(fake);
    }

    /** The mean of {@code sigmoid(logits)}: the average probability the discriminator gives to "real". */
    public static double meanProbability(Tensor logits) {
        return logits.detach().sigmoid().mean().item();
    }
}
