package dev.latent.models.gan;

import dev.latent.nn.Sequential;
import dev.latent.nn.layers.Embedding;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

/**
 * The label-conditioned fully connected discriminator (cGAN): the class label is embedded and concatenated to the
 * flattened image,
 *
 * <pre>
 * label_emb: Embedding(C, e)
 * net: Linear(784+e,512) LeakyReLU(0.2) Linear(512,256) LeakyReLU(0.2) Linear(256,1)
 *      cat(flatten(x), label_emb(y)) [N, 784+e] -> [N, 1] logits
 * </pre>
 *
 * Linear layers get the DCGAN initialisation ({@link GanInit}); the embedding keeps N(0, 1).
 */
public final class ConditionalMlpDiscriminator extends GanDiscriminator {
    private final Embedding labelEmbedding;
    private final Sequential net;

    /** 10 classes embedded in 10 dimensions, initialised from {@code gen}. */
    public ConditionalMlpDiscriminator(Generator gen) {
        this(10, 10, gen);
    }

    /**
     * @param numClasses   number of classes (at least 1)
     * @param embeddingDim size of the label embedding (at least 1)
     * @param gen          generator for the initial weights
     */
    public ConditionalMlpDiscriminator(int numClasses, int embeddingDim, Generator gen) {
        super(GanShapes.requireClasses("ConditionalMlpDiscriminator", numClasses));
        this.labelEmbedding = registerModule("label_emb", new Embedding(numClasses, embeddingDim, gen));
        this.net = registerModule("net", MlpBodies.discriminator(GanShapes.PIXELS + embeddingDim, gen));
        GanInit.apply(this, gen);
    }

    @Override
    protected Tensor classify(Tensor images, Tensor labels) {
        return net.forward(Tensor.cat(1, images.flatten(1, -1), labelEmbedding.forward(labels)));
    }

    @Override
    protected String extraRepr() {
        return "numClasses=" + numClasses();
    }
}
