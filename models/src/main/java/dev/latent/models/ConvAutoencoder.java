package dev.latent.models;

import dev.latent.nn.Module;
import dev.latent.nn.Sequential;
import dev.latent.nn.layers.Conv2d;
import dev.latent.nn.layers.ConvTranspose2d;
import dev.latent.nn.layers.Flatten;
import dev.latent.nn.layers.Linear;
import dev.latent.nn.layers.ReLU;
import dev.latent.nn.layers.Sigmoid;
import dev.latent.nn.layers.Unflatten;
import dev.latent.nn.loss.Losses;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

/**
 * The reference convolutional autoencoder for 28x28 grayscale images, trained with MSE:
 *
 * <pre>
 * encoder: Conv2d(1,8,3,s2,p1) ReLU Conv2d(8,16,3,s2,p1) ReLU Conv2d(16,32,3,s2,p0) ReLU Flatten
 *          Linear(288,64) ReLU Linear(64,d)                              [N,1,28,28] -> [N,d]
 * decoder: Linear(d,64) ReLU Linear(64,288) ReLU Unflatten(32,3,3)
 *          ConvTranspose2d(32,16,3,s2) ReLU ConvTranspose2d(16,8,3,s2,p1,op1) ReLU
 *          ConvTranspose2d(8,1,3,s2,p1,op1) Sigmoid                       [N,d] -> [N,1,28,28]
 * </pre>
 *
 * Parameter names match the same model written in PyTorch with {@code nn.Sequential} attributes
 * {@code encoder} and {@code decoder} ({@code encoder.0.weight}, ..., {@code decoder.9.bias}), so weights move
 * between the two through safetensors.
 */
public final class ConvAutoencoder extends Module {
    /** The default latent size. */
    public static final int DEFAULT_LATENT_DIM = 16;

    private final int latentDim;
    private final Sequential encoder;
    private final Sequential decoder;

    /** A model with latent size 16, initialised from the global generator. */
    public ConvAutoencoder() {
        this(DEFAULT_LATENT_DIM, Generator.global());
    }

    /**
     * @param latentDim size of the code (at least 1)
     * @param gen       generator for the initial weights (PyTorch's default initialisation)
     */
    public ConvAutoencoder(int latentDim, Generator gen) {
        if (latentDim < 1) {
            throw new IllegalArgumentException("ConvAutoencoder: latent size must be at least 1, got " + latentDim);
        }
        this.latentDim = latentDim;
        this.encoder = registerModule("encoder", new Sequential(
                Conv2d.builder(1, 8, 3).stride(2).padding(1).generator(gen).build(), new ReLU(),
                Conv2d.builder(8, 16, 3).stride(2).padding(1).generator(gen).build(), new ReLU(),
                Conv2d.builder(16, 32, 3).stride(2).padding(0).generator(gen).build(), new ReLU(),
                new Flatten(),
                new Linear(288, 64, true, gen), new ReLU(),
                new Linear(64, latentDim, true, gen)));
        this.decoder = registerModule("decoder", new Sequential(
                new Linear(latentDim, 64, true, gen), new ReLU(),
                new Linear(64, 288, true, gen), new ReLU(),
                new Unflatten(1, 32, 3, 3),
                ConvTranspose2d.builder(32, 16, 3).stride(2).padding(0).generator(gen).build(), new ReLU(),
                ConvTranspose2d.builder(16, 8, 3).stride(2).padding(1).outputPadding(1).generator(gen).build(),
                new ReLU(),
                ConvTranspose2d.builder(8, 1, 3).stride(2).padding(1).outputPadding(1).generator(gen).build(),
                new Sigmoid()));
    }

    /** The latent size. */
    public int latentDim() {
        return latentDim;
    }

    /** The encoder, {@code [N, 1, 28, 28] -> [N, d]} (shared, e.g. with a fine-tuned classifier). */
    public Sequential encoder() {
        return encoder;
    }

    /** The decoder, {@code [N, d] -> [N, 1, 28, 28]}. */
    public Sequential decoder() {
        return decoder;
    }

    /** Codes of images {@code [N, 1, 28, 28]}: {@code [N, d]}. */
    public Tensor encode(Tensor images) {
        ImageShapes.requireMnist("ConvAutoencoder.encode", images);
        return encoder.forward(images);
    }

    /** Images {@code [N, 1, 28, 28]} in (0, 1) decoded from codes {@code [N, d]}. */
    public Tensor decode(Tensor codes) {
        ImageShapes.requireCodes("ConvAutoencoder.decode", codes, latentDim);
        return decoder.forward(codes);
    }

    /** The reconstruction of {@code images}. */
    @Override
    protected Tensor compute(Tensor images) {
        return decode(encode(images));
    }

    /** Mean squared error between the reconstruction of {@code input} and {@code target}. */
    public Tensor loss(Tensor input, Tensor target) {
        return Losses.mse(forward(input), target);
    }

    @Override
    protected String extraRepr() {
        return "latentDim=" + latentDim;
    }
}
