package dev.latent.models;

import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

/**
 * A denoising autoencoder: the {@link ConvAutoencoder} network trained to map corrupted images back to the clean
 * ones. The network is an ordinary {@code ConvAutoencoder} (same parameter names); this class adds the
 * {@link Corruption} and the denoising loss. For training through a DataLoader, pass {@code corruption().transform()}
 * as the loader's corruption so each batch carries both the clean images and a seeded corrupted copy.
 */
public final class DenoisingAutoencoder {
    private final ConvAutoencoder network;
    private final Corruption corruption;

    /**
     * @param network    the autoencoder network
     * @param corruption how inputs are corrupted during training
     */
    public DenoisingAutoencoder(ConvAutoencoder network, Corruption corruption) {
        if (network == null || corruption == null) {
            throw new IllegalArgumentException("DenoisingAutoencoder: network and corruption are required");
        }
        this.network = network;
        this.corruption = corruption;
    }

    /** The network (a module: train/eval, parameters, state dict). */
    public ConvAutoencoder network() {
        return network;
    }

    /** The corruption applied to training inputs. */
    public Corruption corruption() {
        return corruption;
    }

    /** A corrupted copy of {@code clean}, drawn from {@code gen}. */
    public Tensor corrupt(Tensor clean, Generator gen) {
        return corruption.transform().apply(clean, gen);
    }

    /** The network's reconstruction of (possibly corrupted) images. */
    public Tensor denoise(Tensor images) {
        return network.forward(images);
    }

    /** MSE between the reconstruction of {@code corrupted} and the {@code clean} target. */
    public Tensor loss(Tensor corrupted, Tensor clean) {
        if (!corrupted.shape().equals(clean.shape())) {
            throw new IllegalArgumentException("DenoisingAutoencoder.loss: corrupted " + corrupted.shape()
                    + " and clean " + clean.shape() + " images differ in shape");
        }
        return network.loss(corrupted, clean);
    }
}
