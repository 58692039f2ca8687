package dev.latent.models.gan;

import dev.latent.nn.Sequential;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

/**
 * The fully connected GAN generator:
 *
 * <pre>
 * net: Linear(d,256) LeakyReLU(0.2) Linear(256,512) LeakyReLU(0.2) Linear(512,784) Tanh Unflatten(1,28,28)
 *      [N, d] -> [N, 1, 28, 28] in (-1, 1)
 * </pre>
 *
 * with the DCGAN initialisation ({@link GanInit}); parameters {@code net.0.weight} ... {@code net.4.bias}, as the
 * same model written in PyTorch with an {@code nn.Sequential} attribute {@code net}.
 */
public final class MlpGenerator extends GanGenerator {
    /** The default size of the noise code. */
    public static final int DEFAULT_LATENT_DIM = 100;

    private final Sequential net;

    /** A generator for codes of size 100, initialised from {@code gen}. */
    public MlpGenerator(Generator gen) {
        this(DEFAULT_LATENT_DIM, gen);
    }

    /**
     * @param latentDim size of the noise code
     * @param gen       generator for the initial weights
     */
    public MlpGenerator(int latentDim, Generator gen) {
        super(latentDim, 0);
        this.net = registerModule("net", MlpBodies.generator(latentDim, gen));
        GanInit.apply(this, gen);
    }

    @Override
    protected Tensor synthesize(Tensor z, Tensor labels) {
        return net.forward(z);
    }
}
