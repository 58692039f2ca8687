package dev.latent.models.gan;

import dev.latent.nn.Init;
import dev.latent.nn.Module;
import dev.latent.nn.layers.BatchNorm;
import dev.latent.nn.layers.Conv2d;
import dev.latent.nn.layers.ConvTranspose2d;
import dev.latent.nn.layers.Linear;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

/**
 * The DCGAN initialisation (Radford et al. 2015; PyTorch's DCGAN tutorial {@code weights_init}): every Linear,
 * Conv2d and ConvTranspose2d weight from N(0, 0.02) and its bias 0; every BatchNorm weight from N(1, 0.02) and its
 * bias 0. Embeddings keep their N(0, 1) initialisation.
 */
public final class GanInit {
    /** The standard deviation of the initial weights. */
    public static final double STD = 0.02;

    private GanInit() {
    }

    /** Re-initialises every layer of {@code model} (children first, in registration order) from {@code gen}. */
    public static <M extends Module> M apply(M model, Generator gen) {
        model.apply(m -> {
            switch (m) {
                case Linear l -> weightAndBias(l.weight(), l.bias(), 0, gen);
                case Conv2d c -> weightAndBias(c.weight(), c.bias(), 0, gen);
                case ConvTranspose2d c -> weightAndBias(c.weight(), c.bias(), 0, gen);
                case BatchNorm b when b.weight() != null -> weightAndBias(b.weight(), b.bias(), 1, gen);
                default -> {
                }
            }
        });
        return model;
    }

    private static void weightAndBias(Tensor weight, Tensor bias, double mean, Generator gen) {
        Init.normal(weight, gen, mean, STD);
        if (bias != null) {
            Init.zeros(bias);
        }
    }
}
