package dev.latent.models.gan;

import dev.latent.nn.Sequential;
import dev.latent.nn.layers.Embedding;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

/**
 * The label-conditioned fully connected generator (cGAN, Mirza and Osindero 2014): the class label is embedded
 * and concatenated to the noise code,
 *
 * <pre>
 * label_emb: Embedding(C, e)
 * net: Linear(d+e,256) LeakyReLU(0.2) Linear(256,512) LeakyReLU(0.2) Linear(512,784) Tanh Unflatten(1,28,28)
 *      cat(z, label_emb(y)) [N, d+e] -> [N, 1, 28, 28] in (-1, 1)
 * </pre>
 *
 * Linear layers get the DCGAN initialisation ({@link GanInit}); the embedding keeps N(0, 1). Parameters:
 * {@code label_emb.weight}, {@code net.0.weight} ... {@code net.4.bias}.
 */
public final class ConditionalMlpGenerator extends GanGenerator {
    private final Embedding labelEmbedding;
    private final Sequential net;

    /** 100-dimensional codes, 10 classes embedded in 10 dimensions, initialised from {@code gen}. */
    public ConditionalMlpGenerator(Generator gen) {
        this(MlpGenerator.DEFAULT_LATENT_DIM, 10, 10, gen);
    }

    /**
     * @param latentDim    size of the noise code
     * @param numClasses   number of classes (at least 1)
     * @param embeddingDim size of the label embedding (at least 1)
     * @param gen          generator for the initial weights
     */
    public ConditionalMlpGenerator(int latentDim, int numClasses, int embeddingDim, Generator gen) {
        super(latentDim, GanShapes.requireClasses("ConditionalMlpGenerator", numClasses));
        this.labelEmbedding = registerModule("label_emb", new Embedding(numClasses, embeddingDim, gen));
        this.net = registerModule("net", MlpBodies.generator(latentDim + embeddingDim, gen));
        GanInit.apply(this, gen);
    }

    @Override
    protected Tensor synthesize(Tensor z, Tensor labels) {
        return net.forward(Tensor.cat(1, z, labelEmbedding.forward(labels)));
    }
}
