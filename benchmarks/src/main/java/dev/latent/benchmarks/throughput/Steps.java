package dev.latent.benchmarks.throughput;

import dev.latent.kernels.Workspace;
import dev.latent.models.ConvAutoencoder;
import dev.latent.models.ConvVae;
import dev.latent.nn.loss.Losses;
import dev.latent.nn.optim.Adam;
import dev.latent.nn.optim.Optimizer;
import dev.latent.tensor.Generator;
import dev.latent.tensor.GradMode;
import dev.latent.tensor.Tensor;

import java.util.List;

/**
 * The reference models' steps, with the same shapes, losses and optimizers as {@code benchmarks/pytorch/throughput.py}
 * (inputs are uniform random images, as there).
 */
public final class Steps {
    /** The model names the harness accepts. */
    public static final List<String> MODELS = List.of("conv-ae", "vae");

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
