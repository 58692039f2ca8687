package dev.latent.models.gan;

import dev.latent.nn.Sequential;
import dev.latent.nn.layers.BatchNorm1d;
import dev.latent.nn.layers.BatchNorm2d;
import dev.latent.nn.layers.ConvTranspose2d;
import dev.latent.nn.layers.Linear;
import dev.latent.nn.layers.ReLU;
import dev.latent.nn.layers.Tanh;
import dev.latent.nn.layers.Unflatten;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

/**
 * The DCGAN generator for 28x28 images:
 *
 * <pre>
 * net: Linear(d,6272) BatchNorm1d(6272) ReLU Unflatten(1,128,7,7)
 *      ConvTranspose2d(128,64,4,s2,p1) BatchNorm2d(64) ReLU                  -> [N, 64, 14, 14]
 *      ConvTranspose2d(64,1,4,s2,p1) Tanh                                    -> [N, 1, 28, 28] in (-1, 1)
 * </pre>
 *
 * with the DCGAN initialisation ({@link GanInit}). Parameter names are PyTorch's for an {@code nn.Sequential}
 * attribute {@code net}: {@code net.0} (Linear), {@code net.1} (BatchNorm1d), {@code net.4} (ConvTranspose2d),
 * {@code net.5} (BatchNorm2d), {@code net.7} (ConvTranspose2d).
 */
public final class DcganGenerator extends GanGenerator {
    private static final int FEATURES = 128 * 7 * 7;

    private final Sequential net;

    /** A generator for codes of size 100, initialised from {@code gen}. */
    public DcganGenerator(Generator gen) {
        this(MlpGenerator.DEFAULT_LATENT_DIM, gen);
    }

    /**
     * @param latentDim size of the noise code
     * @param gen       generator for the initial weights
     */
    public DcganGenerator(int latentDim, Generator gen) {
        super(latentDim, 0);
        this.net = registerModule("net", new Sequential(
                new Linear(latentDim, FEATURES, true, gen), new BatchNorm1d(FEATURES), new ReLU(),
                new Unflatten(1, 128, 7, 7),
                ConvTranspose2d.builder(128, 64, 4).stride(2).padding(1).generator(gen).build(),
                new BatchNorm2d(64), new ReLU(),
                ConvTranspose2d.builder(64, 1, 4).stride(2).padding(1).generator(gen).build(), new Tanh()));
        GanInit.apply(this, gen);
    }

    @Override
    protected Tensor synthesize(Tensor z, Tensor labels) {
        return net.forward(z);
    }
}
