package dev.latent.examples.commands;

import dev.latent.datasets.DataLoader;
import dev.latent.datasets.transforms.Transform;
import dev.latent.examples.cli.ExampleCommand;
import dev.latent.examples.run.ExampleData;
import dev.latent.examples.run.LossRecorder;
import dev.latent.examples.run.RunContext;
import dev.latent.examples.run.Samples;
import dev.latent.examples.viz.Charts;
import dev.latent.examples.viz.ImageGrid;
import dev.latent.examples.viz.LatentMaps;
import dev.latent.models.ConvAutoencoder;
import dev.latent.models.analysis.LatentSpace;
import dev.latent.models.train.LossObjective;
import dev.latent.models.train.Metrics;
import dev.latent.models.train.Trainer;
import dev.latent.models.train.TrainingListener;
import dev.latent.models.train.TrainingResult;
import dev.latent.nn.loss.Losses;
import dev.latent.nn.optim.Adam;
import dev.latent.tensor.Generator;
import dev.latent.tensor.GradMode;
import dev.latent.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code conv-ae}: trains the reference convolutional autoencoder with MSE and writes its reconstructions, loss
 * curves, latent map and decodes of random codes. The README's one command runs this with its defaults.
 */
@Command(name = "conv-ae", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the convolutional autoencoder (MSE) and write what it learned: reconstructions.png,"
            + " loss-curves.png, latent-map.png (PCA | t-SNE), random-codes.png, conv-ae.safetensors,"
            + " metrics.csv/json and summary.json."})
public class ConvAeCommand extends ExampleCommand {
    /** Adam's weight decay. */
    @Option(names = "--weight-decay", paramLabel = "WD", defaultValue = "1e-5",
            description = "Adam weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    /** Points embedded by t-SNE. */
    @Option(names = "--tsne-points", paramLabel = "N", defaultValue = "1000",
            description = "Test codes embedded by t-SNE, which is O(N^2) (default: ${DEFAULT-VALUE}).")
    int tsnePoints;

    /** Creates the command. */
    public ConvAeCommand() {
    }

    @Override
    protected String name() {
        return "conv-ae";
    }

    @Override
    public Map<String, String> defaults() {
        Map<String, String> d = super.defaults();
        d.put("--epochs", "8");
        d.put("--batch-size", "64");
        return d;
    }

    /** The corruption of training inputs: none for a plain autoencoder. */
    protected Transform corruption() {
        return null;
    }

    /** The model's description in the summary. */
    protected String modelName() {
        return "ConvAutoencoder(latentDim=" + common.latentDim + ")";
    }

    @Override
    protected void run(RunContext ctx) throws Exception {
        ExampleData data = ctx.data();
        long seed = common.seed;
        ConvAutoencoder ae = new ConvAutoencoder(common.latentDim, new Generator(seed));
        LossRecorder batches = new LossRecorder(Metrics.LOSS);
        Map<String, Object> metrics = new LinkedHashMap<>();
        TrainingResult result = fit(ctx, ae, data, corruption(), common.lr, weightDecay, common.epochs,
                ctx.outDir(), batches);
        try (DataLoader test = ctx.evalLoader(data.test(), corruption())) {
            metrics.put("test_mse", testMse(ae, test, seed));
            if (corruption() != null) {
                metrics.put("noisy_input_mse", noisyInputMse(test));
            }
        }
        metrics.put("best_val_mse", result.bestLoss());
        metrics.put("best_epoch", result.bestEpoch());
        metrics.put("final_train_mse", result.history().last().train().loss());
        ctx.log("test MSE %.5f", (double) metrics.get("test_mse"));

        ctx.weights(name() + ".safetensors", ae);
        ctx.history(result.history(), "");
        ctx.png("reconstructions.png", "test images and their reconstructions", reconstructions(ae, data, seed));
        ctx.png("loss-curves.png", "training and validation MSE", lossCurves(result, batches, data));
        Tensor codes = codes(ae, data);
        int[] labels = Samples.labels(data.test(), Samples.spread(data.test(), codes.size(0)));
        LatentMaps.Result map = LatentMaps.render(name() + ", d=" + common.latentDim, codes, labels,
                data.classNameArray(), tsnePoints, seed);
        ctx.png("latent-map.png", "test codes by class: PCA | t-SNE", map.image());
        ctx.png("random-codes.png", "decoded random codes", randomCodes(ae, codes, seed));

        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("epochs_run", result.history().records().size());
        extra.put("images_per_second", RunContext.imagesPerSecond(result.history()));
        extra.put("pca_variance_share", map.pcaVariance());
        ctx.finish(modelName(), metrics, extra);
    }

    /**
     * Trains {@code ae} with MSE (reconstructing the clean images from possibly corrupted inputs) and Adam, with
     * the run's seed, progress bar and {@code --resume}, checkpointing into {@code dir}.
     */
    static TrainingResult fit(RunContext ctx, ConvAutoencoder ae, ExampleData data, Transform corruption, double lr,
                              double weightDecay, int epochs, Path dir, TrainingListener listener)
            throws java.io.IOException {
        Adam opt = Adam.builder().lr(lr).weightDecay(weightDecay).build(ae.parameters());
        LossObjective objective = new LossObjective("model", ae, opt,
                (b, rng) -> LossObjective.Loss.of(ae.loss(b.inputs(), b.images())));
        try (DataLoader train = ctx.trainLoader(data.train(), corruption);
             DataLoader val = ctx.evalLoader(data.validation(), corruption)) {
            Trainer.Builder b = ctx.trainer(objective, train, val, dir).epochs(epochs);
            if (listener != null) {
                b.listener(listener);
            }
            return b.build().fit();
        }
    }

    /** Mean MSE of {@code ae}'s reconstructions of the loader's inputs against its clean images. */
    static double testMse(ConvAutoencoder ae, DataLoader test, long seed) {
        LossObjective eval = new LossObjective("model", ae, null,
                (b, rng) -> LossObjective.Loss.of(ae.loss(b.inputs(), b.images())));
        return Trainer.evaluate(eval, test, new Generator(seed)).loss();
    }

    /** MSE of the corrupted test inputs themselves against the clean images: the bar a denoiser must beat. */
    private static double noisyInputMse(DataLoader test) {
        Metrics.Mean mean = new Metrics.Mean();
        try (var scope = GradMode.noGrad()) {
            for (var b : test.epoch(0)) {
                mean.add(Metrics.of(Metrics.LOSS, Losses.mse(b.inputs(), b.images()).item()), b.size());
            }
        }
        return mean.result().loss();
    }

    private java.awt.image.BufferedImage reconstructions(ConvAutoencoder ae, ExampleData data, long seed) {
        int[] idx = Samples.perClass(data.test(), 2);
        Tensor originals = Samples.images(data.test(), idx);
        ImageGrid grid = new ImageGrid(2, 0f, 1f).addRow("original", originals);
        Tensor inputs = originals;
        if (corruption() != null) {
            inputs = corruption().apply(originals, new Generator(seed + 3));
            grid.addRow("noisy", inputs);
        }
        grid.addRow("reconstructed", Samples.map(ae, inputs, ae::forward));
        return grid.render();
    }

    static java.awt.image.BufferedImage lossCurves(TrainingResult result, LossRecorder batches, ExampleData data) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        if (batches.size() > 0) {
            series.put("train (per batch, smoothed)", batches.smoothed(10));
        }
        double[] epochs = result.history().records().stream().mapToDouble(r -> r.epoch()).toArray();
        double[] middles = java.util.Arrays.stream(epochs).map(e -> e - 0.5).toArray();
        series.put("train (epoch mean)", new double[][] {middles, result.history().series(Metrics.LOSS, false)});
        series.put(data.validationIsTest() ? "test (as validation)" : "validation",
                new double[][] {epochs, result.history().series(Metrics.LOSS, true)});
        return Charts.curves("loss per epoch", "epoch", "loss", series, false);
    }

    static Tensor codes(ConvAutoencoder ae, ExampleData data) {
        int[] idx = Samples.spread(data.test(), 2000);
        return Samples.map(ae, Samples.images(data.test(), idx), ae::encode);
    }

    /** Decodes of codes from N(0, I) and from a Gaussian fitted to the real codes (a plain AE only does the latter). */
    private java.awt.image.BufferedImage randomCodes(ConvAutoencoder ae, Tensor codes, long seed) {
        Generator gen = new Generator(seed + 11);
        int n = 16;
        int d = codes.size(1);
        Tensor prior = LatentSpace.prior(gen, n, d);
        Tensor mean = codes.mean(0);
        Tensor std = codes.sub(mean).pow(2f).mean(0).sqrt();
        Tensor fitted = LatentSpace.prior(gen, n, d).mul(std).add(mean);
        return new ImageGrid(2, 0f, 1f)
                .addRow("N(0, I)", Samples.map(ae, prior, ae::decode))
                .addRow("N(mean, std)", Samples.map(ae, fitted, ae::decode))
                .render();
    }
}
