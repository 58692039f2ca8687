package dev.latent.models.gan;

import dev.latent.nn.Module;
import dev.latent.tensor.Generator;
import dev.latent.tensor.GradMode;
import dev.latent.tensor.Tensor;

/**
 * The generator of a GAN: maps noise codes {@code z ~ N(0, I)} of size {@link #latentDim()} (and, for a
 * label-conditioned generator, class labels) to images {@code [N, 1, 28, 28]} in {@code (-1, 1)} (a tanh output).
 * Unconditional generators also work through {@link #forward(Tensor)}; conditional ones need
 * {@link #generate(Tensor, Tensor)} with labels.
 */
public abstract class GanGenerator extends Module {
    private final int latentDim;
    private final int numClasses;

    /**
     * @param latentDim  size of the noise code (at least 1)
     * @param numClasses number of classes a conditional generator takes, or 0 for an unconditional one
     */
    protected GanGenerator(int latentDim, int numClasses) {
        if (latentDim < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": latent size must be at least 1, got "
                    + latentDim);
        }
        if (numClasses < 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": number of classes must be 0"
                    + " (unconditional) or positive, got " + numClasses);
        }
        this.latentDim = latentDim;
        this.numClasses = numClasses;
    }

    /** The size of the noise code z. */
    public final int latentDim() {
        return latentDim;
    }

    /** The number of classes for a label-conditioned generator, 0 for an unconditional one. */
    public final int numClasses() {
        return numClasses;
    }

    /** Whether the generator takes class labels. */
    public final boolean conditional() {
        return numClasses > 0;
    }

    /** Noise codes {@code [n, latentDim]} drawn from N(0, 1) with {@code gen}. */
    public final Tensor noise(int n, Generator gen) {
        if (n < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": need at least one code, got " + n);
        }
        return Tensor.randn(gen, n, latentDim);
    }

    /**
     * Images {@code [N, 1, 28, 28]} from codes {@code [N, latentDim]}.
     *
     * @param z      noise codes
     * @param labels class indices {@code [N]} (integer-valued floats) for a conditional generator, null otherwise
     */
    public final Tensor generate(Tensor z, Tensor labels) {
        String name = getClass().getSimpleName();
        if (z.dim() != 2 || z.size(1) != latentDim) {
            throw new IllegalArgumentException(name + ": expects codes of shape [N, " + latentDim + "], got "
                    + z.shape());
        }
        GanShapes.checkLabels(name, numClasses, labels, z.size(0));
        return synthesize(z, labels);
    }

    /** The network itself, called with checked inputs ({@code labels} null exactly when unconditional). */
    protected abstract Tensor synthesize(Tensor z, Tensor labels);

    /** {@link #generate(Tensor, Tensor)} without labels (unconditional generators only). */
    @Override
    protected final Tensor compute(Tensor z) {
        return generate(z, null);
    }

    /**
     * {@code n} images from fresh codes drawn with {@code gen}, without grad and in evaluation mode (BatchNorm uses
     * its running statistics and updates nothing), so sampling leaves the model's state untouched; the previous
     * mode is restored. A conditional generator cycles through the classes: labels {@code 0, 1, ..., C-1, 0, ...}.
     * With a generator seeded the same way the result is the same grid every time.
     */
    public final Tensor sample(int n, Generator gen) {
        return sample(conditional() ? GanShapes.cycledLabels(0, n, numClasses) : null, n, gen);
    }

    /** {@code labels.size(0)} images of the given classes (conditional generators), as {@link #sample(int, Generator)}. */
    public final Tensor sample(Tensor labels, Generator gen) {
        if (labels == null || labels.dim() != 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": sample expects labels of shape [N], got "
                    + (labels == null ? "null" : labels.shape()));
        }
        return sample(labels, labels.size(0), gen);
    }

    private Tensor sample(Tensor labels, int n, Generator gen) {
        boolean wasTraining = isTraining();
        Tensor z = noise(n, gen);
        try (var scope = GradMode.noGrad()) {
            eval();
            return generate(z, labels);
        } finally {
            train(wasTraining);
        }
    }

    @Override
    protected String extraRepr() {
        return "latentDim=" + latentDim + (conditional() ? ", numClasses=" + numClasses : "");
    }
}
