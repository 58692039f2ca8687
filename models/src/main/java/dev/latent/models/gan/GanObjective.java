package dev.latent.models.gan;

import dev.latent.datasets.Batch;
import dev.latent.models.train.Metrics;
import dev.latent.models.train.Objective;
import dev.latent.models.train.TrainingListener;
import dev.latent.nn.Module;
import dev.latent.nn.optim.Optimizer;
import dev.latent.tensor.Generator;
import dev.latent.tensor.GradMode;
import dev.latent.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alternating GAN update as an {@link Objective} for {@link dev.latent.models.train.Trainer} (Goodfellow et al.
 * 2014, Algorithm 1): every training batch of real images makes one discriminator step, and after every
 * {@code k}-th discriminator step of an epoch the generator takes one step. The count restarts with each epoch (this
 * objective is also a {@link TrainingListener} and must be registered as one, which {@link GanTrainer} does), so a
 * run resumed at an epoch boundary continues exactly.
 *
 * <pre>
 * discriminator step: z ~ N(0, I); fake = G(z) (no grad)
 *                     minimise BCE(D(x), 1) + BCE(D(fake), 0)            ({@link GanLosses#discriminator})
 * generator step:     fresh z ~ N(0, I); minimise the {@link GeneratorLoss} of D(G(z))
 * </pre>
 *
 * Real images come from the batch, mapped from [0, 1] to the generator's tanh range [-1, 1] by {@code 2x - 1}
 * unless told they already are. Conditional networks get the batch's labels for both the real and the generated
 * images.
 *
 * <p>Metrics of a step: {@code d_loss}, {@code d_real} (mean D(x)) and {@code d_fake} (mean D(G(z)) as the
 * discriminator saw it before its update), plus {@code g_loss} on steps where the generator moved;
 * {@value Metrics#LOSS} is the discriminator loss (the generator loss of a GAN is not a quality measure, so the trainer
 * should not select epochs by it). A non-finite loss skips its own update (the discriminator's, or the generator's)
 * and is reported, so the trainer stops.
 */
public final class GanObjective implements Objective, TrainingListener {
    /** Checkpoint name of the generator and its optimizer. */
    public static final String GENERATOR = "generator";
    /** Checkpoint name of the discriminator and its optimizer. */
    public static final String DISCRIMINATOR = "discriminator";

    private final GanGenerator generator;
    private final GanDiscriminator discriminator;
    private final Optimizer generatorOptimizer;
    private final Optimizer discriminatorOptimizer;
    private final GeneratorLoss generatorLoss;
    private final int discriminatorSteps;
    private final boolean scaleToTanhRange;
    private int stepsSinceGenerator;

    /**
     * @param generator              the generator
     * @param discriminator          the discriminator (conditional exactly when the generator is)
     * @param generatorOptimizer     updates the generator's parameters
     * @param discriminatorOptimizer updates the discriminator's parameters
     * @param generatorLoss          what the generator minimises
     * @param discriminatorSteps     discriminator steps per generator step (k, at least 1)
     * @param scaleToTanhRange       whether to map real images from [0, 1] to [-1, 1]
     */
    public GanObjective(GanGenerator generator, GanDiscriminator discriminator, Optimizer generatorOptimizer,
                        Optimizer discriminatorOptimizer, GeneratorLoss generatorLoss, int discriminatorSteps,
                        boolean scaleToTanhRange) {
        if (generator == null || discriminator == null || generatorOptimizer == null
                || discriminatorOptimizer == null || generatorLoss == null) {
            throw new IllegalArgumentException("GanObjective: generator, discriminator, both optimizers and the"
                    + " generator loss are required");
        }
        if (generator.numClasses() != discriminator.numClasses()) {
            throw new IllegalArgumentException("GanObjective: the generator is conditional on "
                    + generator.numClasses() + " classes but the discriminator on " + discriminator.numClasses()
                    + " (0 = unconditional)");
        }
        if (discriminatorSteps < 1) {
            throw new IllegalArgumentException("GanObjective: discriminator steps per generator step must be at"
                    + " least 1, got " + discriminatorSteps);
        }
        this.generator = generator;
        this.discriminator = discriminator;
        this.generatorOptimizer = generatorOptimizer;
        this.discriminatorOptimizer = discriminatorOptimizer;
        this.generatorLoss = generatorLoss;
        this.discriminatorSteps = discriminatorSteps;
        this.scaleToTanhRange = scaleToTanhRange;
    }

    /** The generator. */
    public GanGenerator generator() {
        return generator;
    }

    /** The discriminator. */
    public GanDiscriminator discriminator() {
        return discriminator;
    }

    /** The generator loss in use. */
    public GeneratorLoss generatorLoss() {
        return generatorLoss;
    }

    /** Discriminator steps per generator step. */
    public int discriminatorSteps() {
        return discriminatorSteps;
    }

    /** Restarts the count of discriminator steps, so every epoch begins the same way. */
    @Override
    public void onEpochStart(int epoch, int epochs, int batches) {
        stepsSinceGenerator = 0;
    }

    @Override
    public Metrics trainStep(Batch batch, Generator rng) {
        Tensor real = realImages(batch);
        Tensor labels = labels(batch);
        int n = batch.size();
        Tensor fake;
        try (var scope = GradMode.noGrad()) {
            fake = generator.generate(generator.noise(n, rng), labels);
        }
        discriminatorOptimizer.zeroGrad();
        Tensor realLogits = discriminator.logits(real, labels);
        Tensor fakeLogits = discriminator.logits(fake, labels);
        Tensor dLoss = GanLosses.discriminator(realLogits, fakeLogits);
        Map<String, Double> m = new LinkedHashMap<>();
        float d = dLoss.item();
        m.put(Metrics.LOSS, (double) d);
        m.put("d_loss", (double) d);
        m.put("d_real", GanLosses.meanProbability(realLogits));
        m.put("d_fake", GanLosses.meanProbability(fakeLogits));
        if (!Float.isFinite(d)) {
            return Metrics.of(m);
        }
        dLoss.backward();
        discriminatorOptimizer.step();
        if (++stepsSinceGenerator == discriminatorSteps) {
            stepsSinceGenerator = 0;
            generatorOptimizer.zeroGrad();
            // The generator step needs gradients through D's input only: D's own weight gradients would be
            // computed and then zeroed before its next step, so switch them off for this step.
            List<Tensor> frozen = discriminator.parameters().stream().filter(Tensor::requiresGrad).toList();
            frozen.forEach(p -> p.setRequiresGrad(false));
            try {
                Tensor gLoss = generatorLoss.loss(discriminator.logits(
                        generator.generate(generator.noise(n, rng), labels), labels));
                float g = gLoss.item();
                m.put("g_loss", (double) g);
                if (Float.isFinite(g)) {
                    gLoss.backward();
                    generatorOptimizer.step();
                }
            } finally {
                frozen.forEach(p -> p.setRequiresGrad(true));
            }
        }
        return Metrics.of(m);
    }

    /**
     * A non-finite discriminator loss stops the step before either update; a non-finite generator loss comes after
     * the discriminator's update, which stays applied.
     */
    @Override
    public String skippedUpdates(String metric) {
        return "g_loss".equals(metric)
                ? "the generator's update of that step was not applied (the discriminator's was)"
                : "neither network was updated in that step";
    }

    /** Both losses and both mean probabilities of one batch, updating nothing. */
    @Override
    public Metrics evalStep(Batch batch, Generator rng) {
        Tensor labels = labels(batch);
        Tensor realLogits = discriminator.logits(realImages(batch), labels);
        Tensor fakeLogits = discriminator.logits(generator.generate(generator.noise(batch.size(), rng), labels),
                labels);
        float d = GanLosses.discriminator(realLogits, fakeLogits).item();
        return Metrics.of(Metrics.LOSS, d, "d_loss", d, "g_loss", generatorLoss.loss(fakeLogits).item(),
                "d_real", GanLosses.meanProbability(realLogits), "d_fake", GanLosses.meanProbability(fakeLogits));
    }

    private Tensor realImages(Batch batch) {
        Tensor x = batch.images();
        return scaleToTanhRange ? x.mul(2f).sub(1f) : x;
    }

    private Tensor labels(Batch batch) {
        return generator.conditional() ? batch.labels() : null;
    }

    @Override
    public Map<String, Module> modules() {
        Map<String, Module> m = new LinkedHashMap<>();
        m.put(GENERATOR, generator);
        m.put(DISCRIMINATOR, discriminator);
        return m;
    }

    @Override
    public Map<String, Optimizer> optimizers() {
        Map<String, Optimizer> m = new LinkedHashMap<>();
        m.put(GENERATOR, generatorOptimizer);
        m.put(DISCRIMINATOR, discriminatorOptimizer);
        return m;
    }
}
