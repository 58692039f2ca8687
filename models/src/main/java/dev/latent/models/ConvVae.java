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
import dev.latent.nn.loss.Reduction;
import dev.latent.tensor.Generator;
import dev.latent.tensor.GradMode;
import dev.latent.tensor.Tensor;

/**
 * The reference convolutional variational autoencoder for 28x28 images:
 *
 * <pre>
 * encoder:   Conv2d(1,64,4,s2,p1) ReLU Conv2d(64,128,4,s2,p1) ReLU Flatten       [N,1,28,28] -> [N,6272]
 * fc_mu, fc_logvar: Linear(6272,d)                                                -> mu, log sigma^2
 * z = mu + sigma * eps, eps ~ N(0, I)                   (the reparameterization trick)
 * decoder:   Linear(d,6272) ReLU Unflatten(128,7,7) ConvTranspose2d(128,64,4,s2,p1) ReLU
 *            ConvTranspose2d(64,1,4,s2,p1) Sigmoid                                -> [N,1,28,28]
 * loss = reconstruction (BCE or MSE, summed per image) + beta * KL(q(z|x) || N(0, I)), averaged over the batch
 * </pre>
 *
 * Parameter names match the PyTorch definition with attributes {@code encoder}, {@code fc_mu}, {@code fc_logvar},
 * {@code decoder}.
 */
public final class ConvVae extends Module {
    /** How the reconstruction term compares images. */
    public enum Reconstruction {
        /** Binary cross-entropy summed over pixels (images in [0, 1]). */
        BCE,
        /** Squared error summed over pixels. */
        MSE
    }

    /** The approximate posterior {@code N(mu, exp(logVar))} of a batch. */
    public record Posterior(Tensor mu, Tensor logVar) {
    }

    /** A training forward pass: reconstruction, posterior and the sampled code. */
    public record Output(Tensor reconstruction, Posterior posterior, Tensor z) {
    }

    /**
     * The loss terms, each averaged over the batch (per image).
     *
     * @param total          {@code reconstruction + beta * kl}, the value to minimise (negative ELBO when beta is 1)
     * @param reconstruction the reconstruction term
     * @param kl             the KL term
     */
    public record Loss(Tensor total, Tensor reconstruction, Tensor kl) {
    }

    private final int latentDim;
    private final Sequential encoder;
    private final Linear fcMu;
    private final Linear fcLogVar;
    private final Sequential decoder;

    /**
     * @param latentDim size of the code (at least 1)
     * @param gen       generator for the initial weights
     */
    public ConvVae(int latentDim, Generator gen) {
        if (latentDim < 1) {
            throw new IllegalArgumentException("ConvVae: latent size must be at least 1, got " + latentDim);
        }
        this.latentDim = latentDim;
        this.encoder = registerModule("encoder", new Sequential(
                Conv2d.builder(1, 64, 4).stride(2).padding(1).generator(gen).build(), new ReLU(),
                Conv2d.builder(64, 128, 4).stride(2).padding(1).generator(gen).build(), new ReLU(),
                new Flatten()));
        this.fcMu = registerModule("fc_mu", new Linear(128 * 7 * 7, latentDim, true, gen));
        this.fcLogVar = registerModule("fc_logvar", new Linear(128 * 7 * 7, latentDim, true, gen));
        this.decoder = registerModule("decoder", new Sequential(
                new Linear(latentDim, 128 * 7 * 7, true, gen), new ReLU(), new Unflatten(1, 128, 7, 7),
                ConvTranspose2d.builder(128, 64, 4).stride(2).padding(1).generator(gen).build(), new ReLU(),
                ConvTranspose2d.builder(64, 1, 4).stride(2).padding(1).generator(gen).build(), new Sigmoid()));
    }

    /** The latent size. */
    public int latentDim() {
        return latentDim;
    }

    /** The posterior of images {@code [N, 1, 28, 28]}. */
    public Posterior encode(Tensor images) {
        ImageShapes.requireMnist("ConvVae.encode", images);
        Tensor h = encoder.forward(images);
        return new Posterior(fcMu.forward(h), fcLogVar.forward(h));
    }

    /** {@code z = mu + exp(logVar / 2) * eps} with {@code eps ~ N(0, I)} from {@code gen}; differentiable in both. */
    public static Tensor reparameterize(Posterior q, Generator gen) {
        Tensor eps = Tensor.randn(gen, q.mu().shape().toArray());
        return q.mu().add(q.logVar().mul(0.5f).exp().mul(eps));
    }

    /** Images decoded from codes {@code [N, d]}. */
    public Tensor decode(Tensor z) {
        ImageShapes.requireCodes("ConvVae.decode", z, latentDim);
        return decoder.forward(z);
    }

    /** Encode, sample a code with the reparameterization trick, decode. */
    public Output forward(Tensor images, Generator gen) {
        Posterior q = encode(images);
        Tensor z = reparameterize(q, gen);
        return new Output(decode(z), q, z);
    }

    /** The reconstruction from the posterior mean (deterministic); training uses {@link #forward(Tensor, Generator)}. */
    @Override
    protected Tensor compute(Tensor images) {
        return decode(encode(images).mu());
    }

    /** {@code n} images decoded from codes drawn from the prior {@code N(0, I)}, without grad. */
    public Tensor sample(int n, Generator gen) {
        try (var scope = GradMode.noGrad()) {
            return decode(Tensor.randn(gen, n, latentDim));
        }
    }

    /** The loss of a forward pass against the clean {@code target} images. */
    public static Loss loss(Output out, Tensor target, double beta, Reconstruction reconstruction) {
        int n = target.size(0);
        Tensor recon = reconstruction == Reconstruction.BCE
                ? Losses.binaryCrossEntropy(out.reconstruction(), target, Reduction.SUM)
                : Losses.mse(out.reconstruction(), target, Reduction.SUM);
        recon = recon.div(n);
        Tensor kl = Losses.gaussianKl(out.posterior().mu(), out.posterior().logVar(), Reduction.MEAN);
        return new Loss(recon.add(kl.mul((float) beta)), recon, kl);
    }

    @Override
    protected String extraRepr() {
        return "latentDim=" + latentDim;
    }
}
