package dev.latent.ci;

import dev.latent.datasets.DataLoader;
import dev.latent.datasets.Dataset;
import dev.latent.datasets.mnist.FashionMnist;
import dev.latent.kernels.VectorSupport;
import dev.latent.models.ConvAutoencoder;
import dev.latent.models.train.LossObjective;
import dev.latent.models.train.Trainer;
import dev.latent.models.train.TrainingResult;
import dev.latent.nn.StateDict;
import dev.latent.nn.io.SafeTensors;
import dev.latent.nn.optim.Adam;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Uses Latent from its installed artifacts: builds the conv autoencoder, trains it a few steps on the embedded
 * Fashion-MNIST images, saves the weights, reads them back into a fresh model and checks both give the same
 * output. Exits non-zero if anything is off.
 */
public final class Consumer {
    private Consumer() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target");
        String expected = args.length > 1 ? args[1] : "any";
        Files.createDirectories(dir);
        System.out.println("consumer: kernels " + VectorSupport.describe());
        check(expected.equals("any") || expected.equals(VectorSupport.enabled() ? "simd" : "scalar"),
                "expected the " + expected + " kernels");

        Dataset images = FashionMnist.embedded().limit(512);
        ConvAutoencoder ae = new ConvAutoencoder(8, new Generator(1));
        Adam opt = Adam.builder().lr(3e-3).build(ae.parameters());
        LossObjective objective = new LossObjective("ae", ae, opt,
                (b, rng) -> LossObjective.Loss.of(ae.loss(b.inputs(), b.images())));
        TrainingResult r;
        int steps;
        try (DataLoader loader = DataLoader.builder(images).batchSize(64).shuffle(true).seed(3).build()) {
            r = Trainer.builder(objective, loader).epochs(3).seed(3).build().fit();
            steps = 3 * loader.numBatches();
        }
        double first = r.history().records().get(0).train().loss();
        double last = r.history().last().train().loss();
        System.out.printf("consumer: training loss %.5f -> %.5f over %d steps%n", first, last, steps);
        check(Double.isFinite(last) && last < first, "the training loss did not fall");

        Path weights = dir.resolve("consumer-ae.safetensors");
        SafeTensors.save(weights, ae.stateDict());
        ConvAutoencoder copy = new ConvAutoencoder(8, new Generator(99));
        StateDict loaded = SafeTensors.load(weights);
        copy.loadStateDict(loaded);
        Tensor x = images.subset(0, 1, 2, 3).images();
        ae.eval();
        copy.eval();
        float[] a = ae.forward(x).toArray();
        float[] b = copy.forward(x).toArray();
        check(java.util.Arrays.equals(a, b), "the reloaded weights give a different output");
        System.out.println("consumer: ok, weights in " + weights + " (" + Files.size(weights) + " bytes)");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            System.err.println("consumer: FAILED: " + message);
            System.exit(1);
        }
    }
}
