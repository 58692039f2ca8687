package dev.latent.models.gan;

import dev.latent.nn.Sequential;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

/**
 * The fully connected GAN discriminator:
 *
 * <pre>
 * flatten, then net: Linear(784,512) LeakyReLU(0.2) Linear(512,256) LeakyReLU(0.2) Linear(256,1)
 *      [N, 1, 28, 28] -> [N, 1] logits
 * </pre>
 *
 * with the DCGAN initialisation ({@link GanInit}); parameters {@code net.0.weight} ... {@code net.4.bias}.
 */
public final class MlpDiscriminator extends GanDiscriminator {
    private final Sequential net;

    /** @param gen generator for the initial weights */
    public MlpDiscriminator(Generator gen) {
        super(0);
        this.net = registerModule("net", MlpBodies.discriminator(GanShapes.PIXELS, gen));
        GanInit.apply(this, gen);
    }

    @Override
    protected Tensor classify(Tensor images, Tensor labels) {
        return net.forward(images.flatten(1, -1));
    }
}
