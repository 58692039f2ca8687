package dev.latent.nn.layers;

import dev.latent.nn.Init;
import dev.latent.nn.Module;
import dev.latent.ops.Indexing;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

import java.util.Arrays;

/**
 * A lookup table of {@code numEmbeddings} vectors of size {@code embeddingDim}, like PyTorch's {@code nn.Embedding}
 * (weight initialised from N(0, 1)). The input holds integer indices (as floats, any shape); the output has the
 * input's shape plus a last dimension of {@code embeddingDim}. Label-conditioned GANs embed class labels with it.
 */
public final class Embedding extends Module {
    private final int numEmbeddings;
    private final int embeddingDim;
    private final Tensor weight;

    /** A table initialised from the global generator. */
    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, Generator.global());
    }

    /** A table initialised from {@code gen}. */
    public Embedding(int numEmbeddings, int embeddingDim, Generator gen) {
        if (numEmbeddings <= 0 || embeddingDim <= 0) {
            throw new IllegalArgumentException("Embedding: sizes must be positive, got " + numEmbeddings + " x "
                    + embeddingDim);
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.weight = registerParameter("weight", Tensor.zeros(numEmbeddings, embeddingDim));
        Init.normal(weight, gen, 0, 1);
    }

    /** The table, {@code [numEmbeddings, embeddingDim]}. */
    public Tensor weight() {
        return weight;
    }

    /** The rows for the indices in {@code input}. */
    @Override
    protected Tensor compute(Tensor input) {
        int[] indices = Indexing.toInts("Embedding", input);
        int[] outShape = Arrays.copyOf(input.shape().toArray(), input.dim() + 1);
        outShape[input.dim()] = embeddingDim;
        return Indexing.indexSelect(weight, 0, indices).reshape(outShape);
    }

    /** The rows for the given indices, as {@code [indices.length, embeddingDim]}. */
    public Tensor lookup(int... indices) {
        return Indexing.indexSelect(weight, 0, indices);
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim;
    }
}
