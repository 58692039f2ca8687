package dev.latent.models.gan;

import dev.latent.nn.Sequential;
import dev.latent.nn.layers.BatchNorm2d;
import dev.latent.nn.layers.Conv2d;
import dev.latent.nn.layers.Flatten;
import dev.latent.nn.layers.LeakyReLU;
import dev.latent.nn.layers.Linear;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

/**
 * The DCGAN discriminator for 28x28 images:
 *
 * <pre>
 * net: Conv2d(1,64,4,s2,p1) LeakyReLU(0.2)                                   -> [N, 64, 14, 14]
 *      Conv2d(64,128,4,s2,p1) BatchNorm2d(128) LeakyReLU(0.2)                -> [N, 128, 7, 7]
 *      Flatten Linear(6272,1)                                                -> [N, 1] logits
 * </pre>
 *
 * with the DCGAN initialisation ({@link GanInit}). Parameter names: {@code net.0} (Conv2d), {@code net.2}
 * (Conv2d), {@code net.3} (BatchNorm2d), {@code net.6} (Linear).
 */
public final class DcganDiscriminator extends GanDiscriminator {
    private final Sequential net;

    /** @param gen generator for the initial weights */
    public DcganDiscriminator(Generator gen) {
        super(0);
        this.net = registerModule("net", new Sequential(
                Conv2d.builder(1, 64, 4).stride(2).padding(1).generator(gen).build(), new LeakyReLU(MlpBodies.SLOPE),
                Conv2d.builder(64, 128, 4).stride(2).padding(1).generator(gen).build(), new BatchNorm2d(128),
                new LeakyReLU(MlpBodies.SLOPE),
                new Flatten(), new Linear(128 * 7 * 7, 1, true, gen)));
        GanInit.apply(this, gen);
    }

    @Override
    protected Tensor classify(Tensor images, Tensor labels) {
        return net.forward(images);
    }
}
