package dev.latent.models.gan;

import dev.latent.nn.Sequential;
import dev.latent.nn.layers.LeakyReLU;
import dev.latent.nn.layers.Linear;
import dev.latent.nn.layers.Tanh;
import dev.latent.nn.layers.Unflatten;
import dev.latent.tensor.Generator;

/** The fully connected stacks shared by the plain and the label-conditioned MLP GAN. */
final class MlpBodies {
    /** Slope of the leaky ReLUs. */
    static final float SLOPE = 0.2f;

    private MlpBodies() {
    }

    /** {@code Linear(in,256) LeakyReLU Linear(256,512) LeakyReLU Linear(512,784) Tanh Unflatten(1,28,28)}. */
    static Sequential generator(int in, Generator gen) {
        return new Sequential(
                new Linear(in, 256, true, gen), new LeakyReLU(SLOPE),
                new Linear(256, 512, true, gen), new LeakyReLU(SLOPE),
                new Linear(512, GanShapes.PIXELS, true, gen), new Tanh(),
                new Unflatten(1, 1, GanShapes.SIDE, GanShapes.SIDE));
    }

    /** {@code Linear(in,512) LeakyReLU Linear(512,256) LeakyReLU Linear(256,1)}: one logit per row. */
    static Sequential discriminator(int in, Generator gen) {
        return new Sequential(
                new Linear(in, 512, true, gen), new LeakyReLU(SLOPE),
                new Linear(512, 256, true, gen), new LeakyReLU(SLOPE),
                new Linear(256, 1, true, gen));
    }
}
