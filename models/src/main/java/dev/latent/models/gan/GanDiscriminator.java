package dev.latent.models.gan;

import dev.latent.nn.Module;
import dev.latent.tensor.Tensor;

/**
 * The discriminator of a GAN: maps images {@code [N, 1, 28, 28]} (and, for a label-conditioned discriminator, their
 * class labels) to one logit per image, {@code [N, 1]}; {@code sigmoid(logit)} is the probability that the image is
 * real. Logits rather than probabilities keep the losses finite ({@link GanLosses}, {@link GeneratorLoss}).
 */
public abstract class GanDiscriminator extends Module {
    private final int numClasses;

    /** @param numClasses number of classes a conditional discriminator takes, or 0 for an unconditional one */
    protected GanDiscriminator(int numClasses) {
        if (numClasses < 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": number of classes must be 0"
                    + " (unconditional) or positive, got " + numClasses);
        }
        this.numClasses = numClasses;
    }

    /** The number of classes for a label-conditioned discriminator, 0 for an unconditional one. */
    public final int numClasses() {
        return numClasses;
    }

    /** Whether the discriminator takes class labels. */
    public final boolean conditional() {
        return numClasses > 0;
    }

    /**
     * Logits {@code [N, 1]} of images {@code [N, 1, 28, 28]}.
     *
     * @param images real or generated images in {@code [-1, 1]}
     * @param labels class indices {@code [N]} for a conditional discriminator, null otherwise
     */
    public final Tensor logits(Tensor images, Tensor labels) {
        String name = getClass().getSimpleName();
        GanShapes.checkImages(name, images);
        GanShapes.checkLabels(name, numClasses, labels, images.size(0));
        return classify(images, labels);
    }

    /** The network itself, called with checked inputs ({@code labels} null exactly when unconditional). */
    protected abstract Tensor classify(Tensor images, Tensor labels);

    /** {@link #logits(Tensor, Tensor)} without labels (unconditional discriminators only). */
    @Override
    protected final Tensor compute(Tensor images) {
        return logits(images, null);
    }
}
