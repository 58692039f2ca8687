package dev.latent.models;

import dev.latent.datasets.Batch;
import dev.latent.datasets.DataLoader;
import dev.latent.nn.loss.Losses;
import dev.latent.nn.optim.Adam;
import dev.latent.nn.optim.Optimizer;
import dev.latent.tensor.Generator;
import dev.latent.tensor.GradCheck;
import dev.latent.tensor.GradMode;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelsTest {
    private static Batch batch(int n) {
        return DataLoader.builder(TestData.first(n)).batchSize(n).build().batch(0, 0);
    }

    @Test
    void convAutoencoderShapesAndPyTorchNames() {
        ConvAutoencoder ae = new ConvAutoencoder(16, new Generator(1));
        Tensor x = batch(4).images();
        assertEquals(Shape.of(4, 16), ae.encode(x).shape());
        assertEquals(Shape.of(4, 1, 28, 28), ae.forward(x).shape());
        assertEquals(List.of("encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias",
                "encoder.4.weight", "encoder.4.bias", "encoder.7.weight", "encoder.7.bias", "encoder.9.weight",
                "encoder.9.bias", "decoder.0.weight", "decoder.0.bias", "decoder.2.weight", "decoder.2.bias",
                "decoder.5.weight", "decoder.5.bias", "decoder.7.weight", "decoder.7.bias", "decoder.9.weight",
                "decoder.9.bias"), List.copyOf(ae.stateDict().names()));
        // parameter count of the PyTorch model: 80+1168+4640+18496+1040 (encoder) + 1088+18720+4624+1160+73 (decoder)
        assertEquals(51089, ae.parameterCount());
        assertThrows(IllegalArgumentException.class, () -> ae.encode(Tensor.zeros(2, 1, 32, 32)));
        assertThrows(IllegalArgumentException.class, () -> ae.decode(Tensor.zeros(2, 8)));
    }

    @Test
    void convVaeShapesNamesAndSampling() {
        ConvVae vae = new ConvVae(16, new Generator(2));
        Tensor x = batch(3).images();
        ConvVae.Output out = vae.forward(x, new Generator(3));
        assertEquals(Shape.of(3, 1, 28, 28), out.reconstruction().shape());
        assertEquals(Shape.of(3, 16), out.posterior().mu().shape());
        assertEquals(Shape.of(3, 16), out.z().shape());
        assertEquals(Shape.of(5, 1, 28, 28), vae.sample(5, new Generator(4)).shape());
        assertTrue(vae.stateDict().names().containsAll(List.of("encoder.0.weight", "encoder.2.weight",
                "fc_mu.weight", "fc_logvar.bias", "decoder.0.weight", "decoder.3.weight", "decoder.5.bias")));
        ConvVae.Loss loss = ConvVae.loss(out, x, 1.0, ConvVae.Reconstruction.BCE);
        assertEquals(loss.reconstruction().item() + loss.kl().item(), loss.total().item(), 1e-3);
        // An untrained decoder outputs ~0.5 everywhere: BCE per image is about 784 * ln 2 = 543.
        assertEquals(543, loss.reconstruction().item(), 60);
    }

    @Test
    void reparameterizationIsDifferentiableInMuAndLogVar() {
        Tensor mu = Tensor.randn(new Generator(5), 2, 3).setRequiresGrad(true);
        Tensor logVar = Tensor.randn(new Generator(6), 2, 3).mul(0.3f).setRequiresGrad(true);
        GradCheck.assertGradients(in -> ConvVae.reparameterize(new ConvVae.Posterior(in[0], in[1]),
                new Generator(7)), mu, logVar);
        Tensor z = ConvVae.reparameterize(new ConvVae.Posterior(Tensor.zeros(20000, 1), Tensor.full(
                (float) Math.log(4), 20000, 1)), new Generator(8));
        assertEquals(4.0, z.var().item(), 0.15, "z ~ N(0, sigma^2 = 4)");
    }

    /** Trains {@code steps} full-batch Adam steps and returns the losses before and after. */
    private static float[] fit(dev.latent.nn.Module model, java.util.function.Supplier<Tensor> loss, int steps,
                               double lr) {
        Optimizer opt = Adam.builder().lr(lr).build(model.parameters());
        float first = Float.NaN;
        float last = Float.NaN;
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad();
            Tensor l = loss.get();
            if (i == 0) {
                first = l.item();
            }
            last = l.item();
            l.backward();
            opt.step();
        }
        return new float[] {first, last};
    }

    @Test
    void shortTrainingRunsReduceTheLoss() {
        Batch b = batch(128);
        Tensor x = b.images();
        ConvAutoencoder ae = new ConvAutoencoder(16, new Generator(9));
        float[] aeLoss = fit(ae, () -> ae.loss(x, x), 150, 3e-3);
        assertTrue(aeLoss[1] < 0.5f * aeLoss[0], "conv AE MSE " + aeLoss[0] + " -> " + aeLoss[1]);

        DenoisingAutoencoder dae = new DenoisingAutoencoder(new ConvAutoencoder(16, new Generator(10)),
                Corruption.gaussian(0.3f));
        Tensor noisy = dae.corrupt(x, new Generator(11));
        assertTrue(noisy.min().item() >= 0 && noisy.max().item() <= 1, "Gaussian corruption is clipped to [0, 1]");
        float noiseMse = Losses.mse(noisy, x).item();
        assertEquals(0.05, noiseMse, 0.02, "std 0.3 clipped noise");
        float[] daeLoss = fit(dae.network(), () -> dae.loss(noisy, x), 150, 3e-3);
        assertTrue(daeLoss[1] < 0.5f * daeLoss[0], "denoising AE MSE " + daeLoss[0] + " -> " + daeLoss[1]);

        ConvVae vae = new ConvVae(8, new Generator(12));
        Generator eps = new Generator(13);
        float[] vaeLoss = fit(vae, () -> ConvVae.loss(vae.forward(x, eps), x, 1.0, ConvVae.Reconstruction.BCE)
                .total(), 25, 1e-3);
        assertTrue(vaeLoss[1] < 0.75f * vaeLoss[0], "VAE loss " + vaeLoss[0] + " -> " + vaeLoss[1]);
    }

    @Test
    void corruptionSpecsParse() {
        assertEquals(Corruption.gaussian(0.3f), Corruption.parse("gaussian:0.3"));
        assertEquals(Corruption.saltAndPepper(0.1f), Corruption.parse("salt-and-pepper:0.1"));
        assertEquals(Corruption.mask(0.25f), Corruption.parse("mask:0.25"));
        assertThrows(IllegalArgumentException.class, () -> Corruption.parse("blur:2"));
        assertThrows(IllegalArgumentException.class, () -> Corruption.parse("mask:1.5"));
        Tensor x = Tensor.full(0.5f, 1, 1, 28, 28);
        try (var scope = GradMode.noGrad()) {
            Tensor masked = Corruption.mask(0.25f).transform().apply(x, new Generator(1));
            assertEquals(0.25, masked.eq(0f).mean().item(), 0.06);
        }
    }
}
