package dev.latent.benchmarks.throughput;

import dev.latent.kernels.Workspace;
import dev.latent.models.ConvAutoencoder;
import dev.latent.models.ConvVae;
import dev.latent.models.gan.DcganDiscriminator;
import dev.latent.models.gan.DcganGenerator;
import dev.latent.models.gan.GanDiscriminator;
import dev.latent.models.gan.GanGenerator;
import dev.latent.models.gan.GanLosses;
import dev.latent.models.gan.GeneratorLoss;
import dev.latent.models.gan.MlpDiscriminator;
import dev.latent.models.gan.MlpGenerator;
import dev.latent.nn.loss.Losses;
import dev.latent.nn.optim.Adam;
import dev.latent.nn.optim.Optimizer;
import dev.latent.tensor.Generator;
import dev.latent.tensor.GradMode;
import dev.latent.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference models' steps, with the same shapes, losses and optimizers as {@code benchmarks/pytorch/throughput.py}
 * (inputs are uniform random images, as there).
 */
public final class Steps {
    /** The model names the harness accepts. */
    public static final List<String> MODELS = List.of("conv-ae", "vae", "dcgan", "mlp-gan");

    private Steps() {
    }

    /**
     * The step for {@code model}.
     *
     * @param model     one of {@link #MODELS}
     * @param batch     images per step
     * @param latentDim latent size of the autoencoders
     * @param infer     forward only (inference) instead of a training step
     */
    public static ModelStep create(String model, int batch, int latentDim, boolean infer) {
        Generator gen = new Generator(0);
        Tensor x = Tensor.rand(gen, batch, 1, 28, 28);
        return switch (model) {
            case "conv-ae" -> convAutoencoder(x, latentDim, infer, gen);
            case "vae" -> {
                requireTraining(model, infer);
                yield vae(x, latentDim, gen);
            }
            case "dcgan", "mlp-gan" -> {
                requireTraining(model, infer);
                yield model.equals("dcgan")
                        ? gan(new DcganGenerator(gen), new DcganDiscriminator(gen), x)
                        : gan(new MlpGenerator(gen), new MlpDiscriminator(gen), x);
            }
            default -> throw new IllegalArgumentException("unknown model '" + model + "'; expected one of " + MODELS);
        };
    }

    private static void requireTraining(String model, boolean infer) {
        if (infer) {
            throw new IllegalArgumentException("--infer is supported for conv-ae only, not " + model);
        }
    }

    private static ModelStep convAutoencoder(Tensor x, int latentDim, boolean infer, Generator gen) {
        ConvAutoencoder ae = new ConvAutoencoder(latentDim, gen);
        if (infer) {
            ae.eval();
            return step(x.size(0), ae.parameters(), () -> {
                try (var scope = GradMode.noGrad()) {
                    ae.forward(x);
                }
            });
        }
        Optimizer opt = Adam.builder().lr(1e-3).weightDecay(1e-5).build(ae.parameters());
        return step(x.size(0), ae.parameters(), () -> {
            opt.zeroGrad();
            Tensor loss = Losses.mse(ae.forward(x), x);
            loss.backward();
            opt.step();
        });
    }

    private static ModelStep vae(Tensor x, int latentDim, Generator gen) {
        ConvVae vae = new ConvVae(latentDim, gen);
        Optimizer opt = Adam.builder().lr(1e-3).build(vae.parameters());
        Generator eps = new Generator(1);
        return step(x.size(0), vae.parameters(), () -> {
            opt.zeroGrad();
            Tensor loss = ConvVae.loss(vae.forward(x, eps), x, 1.0, ConvVae.Reconstruction.BCE).total();
            loss.backward();
            opt.step();
        });
    }

    /**
     * One discriminator step on real images (scaled to [-1, 1]) and a batch generated from fresh noise, then one
     * non-saturating generator step on the same generated batch (D's weights frozen for it, as in GanObjective);
     * Adam 2e-4, betas (0.5, 0.999) for both networks.
     */
    private static ModelStep gan(GanGenerator g, GanDiscriminator d, Tensor x) {
        Tensor real;
        try (var scope = GradMode.noGrad()) {
            real = x.mul(2f).sub(1f);
        }
        Optimizer optG = Adam.builder().lr(2e-4).betas(0.5, 0.999).build(g.parameters());
        Optimizer optD = Adam.builder().lr(2e-4).betas(0.5, 0.999).build(d.parameters());
        Generator noise = new Generator(2);
        List<Tensor> params = new ArrayList<>(g.parameters());
        params.addAll(d.parameters());
        return step(x.size(0), params, () -> {
            Tensor fake = g.generate(g.noise(x.size(0), noise), null);
            optD.zeroGrad();
            GanLosses.discriminator(d.logits(real, null), d.logits(fake.detach(), null)).backward();
            optD.step();
            optG.zeroGrad();
            d.requiresGrad(false); // the G step needs gradients through D's input, not D's weights (as GanObjective)
            GeneratorLoss.NON_SATURATING.loss(d.logits(fake, null)).backward();
            d.requiresGrad(true);
            optG.step();
        });
    }

    static ModelStep step(int batch, List<Tensor> parameters, Runnable body) {
        return new ModelStep() {
            @Override
            public void run() {
                // Nothing made during a step outlives it (parameters, moments and leaf gradients are updated in
                // place), so the next step reuses its result arrays, as PyTorch's caching allocator would.
                try (var results = Workspace.recycleResults()) {
                    body.run();
                }
            }

            @Override
            public int batchSize() {
                return batch;
            }

            @Override
            public List<Tensor> parameters() {
                return parameters;
            }
        };
    }
}
