package dev.latent.examples.commands;

import dev.latent.datasets.DataLoader;
import dev.latent.examples.cli.ExampleCommand;
import dev.latent.examples.run.ExampleData;
import dev.latent.examples.run.LossRecorder;
import dev.latent.examples.run.RunContext;
import dev.latent.examples.run.Samples;
import dev.latent.examples.viz.ImageGrid;
import dev.latent.examples.viz.LatentMaps;
import dev.latent.models.ConvVae;
import dev.latent.models.analysis.LatentSpace;
import dev.latent.models.train.LossObjective;
import dev.latent.models.train.Metrics;
import dev.latent.models.train.Trainer;
import dev.latent.models.train.TrainingResult;
import dev.latent.nn.optim.Adam;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code vae}: trains the convolutional VAE and writes reconstructions, samples from the prior N(0, I), latent
 * traversals and interpolations, the latent map, and the ELBO on the test images.
 */
@Command(name = "vae", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the convolutional VAE (reconstruction + beta * KL) and write reconstructions.png,"
            + " samples.png (decoded N(0, I) codes), traversal.png, interpolation.png, latent-map.png,"
            + " loss-curves.png, vae.safetensors, metrics.csv/json and summary.json (test ELBO)."})
public final class VaeCommand extends ExampleCommand {
    /** Weight of the KL term. */
    @Option(names = "--beta", paramLabel = "B", defaultValue = "1.0",
            description = "Weight of the KL term; 1 makes the loss the negative ELBO (default: ${DEFAULT-VALUE}).")
    double beta;

    /** Reconstruction term. */
    @Option(names = "--reconstruction", paramLabel = "KIND", defaultValue = "bce",
            description = "bce or mse, summed over pixels (default: ${DEFAULT-VALUE}).")
    String reconstruction;

    /** Points embedded by t-SNE. */
    @Option(names = "--tsne-points", paramLabel = "N", defaultValue = "1000",
            description = "Test codes embedded by t-SNE, which is O(N^2) (default: ${DEFAULT-VALUE}).")
    int tsnePoints;

    /** Creates the command. */
    public VaeCommand() {
    }

    @Override
    protected String name() {
        return "vae";
    }

    @Override
    public Map<String, String> defaults() {
        Map<String, String> d = super.defaults();
        d.put("--epochs", "4");
        d.put("--batch-size", "64");
        return d;
    }

    @Override
    protected void run(RunContext ctx) throws Exception {
        ConvVae.Reconstruction kind = switch (reconstruction.toLowerCase(java.util.Locale.ROOT)) {
            case "bce" -> ConvVae.Reconstruction.BCE;
            case "mse" -> ConvVae.Reconstruction.MSE;
            default -> throw new dev.latent.examples.cli.UsageException("--reconstruction must be bce or mse, got "
                    + reconstruction);
        };
        ExampleData data = ctx.data();
        long seed = common.seed;
        ConvVae vae = new ConvVae(common.latentDim, new Generator(seed));
        Adam opt = Adam.builder().lr(common.lr).build(vae.parameters());
        LossObjective objective = new LossObjective("model", vae, opt, (b, rng) -> {
            ConvVae.Loss l = ConvVae.loss(vae.forward(b.images(), rng), b.images(), beta, kind);
            Map<String, Double> extra = new LinkedHashMap<>();
            extra.put("reconstruction", (double) l.reconstruction().item());
            extra.put("kl", (double) l.kl().item());
            return new LossObjective.Loss(l.total(), extra);
        });
        LossRecorder batches = new LossRecorder(Metrics.LOSS);
        Metrics test;
        TrainingResult result;
        try (DataLoader train = ctx.trainLoader(data.train(), null);
             DataLoader val = ctx.evalLoader(data.validation(), null);
             DataLoader testLoader = ctx.evalLoader(data.test(), null)) {
            result = ctx.trainer(objective, train, val, ctx.outDir()).listener(batches).build().fit();
            test = Trainer.evaluate(objective, testLoader, new Generator(seed));
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("test_loss", test.loss());
        metrics.put("test_elbo", beta == 1.0 ? -test.loss() : Double.NaN);
        metrics.put("test_reconstruction", test.get("reconstruction"));
        metrics.put("test_kl", test.get("kl"));
        metrics.put("best_val_loss", result.bestLoss());
        metrics.put("best_epoch", result.bestEpoch());
        ctx.log("test loss %.2f per image (reconstruction %.2f + KL %.2f)", test.loss(), test.get("reconstruction"),
                test.get("kl"));

        ctx.weights("vae.safetensors", vae);
        ctx.history(result.history(), "");
        int[] shown = Samples.perClass(data.test(), 2);
        Tensor originals = Samples.images(data.test(), shown);
        ctx.png("reconstructions.png", "test images and their reconstructions (posterior mean)",
                new ImageGrid(2, 0f, 1f).addRow("original", originals)
                        .addRow("reconstructed", Samples.map(vae, originals, vae::forward)).render());
        ctx.png("loss-curves.png", "training and validation loss (negative ELBO per image)",
                ConvAeCommand.lossCurves(result, batches, data));
        ctx.png("samples.png", "images decoded from N(0, I) codes", samples(vae, seed));
        Tensor posterior = Samples.map(vae, Samples.images(data.test(), Samples.spread(data.test(), 2000)), x -> {
            ConvVae.Posterior q = vae.encode(x);
            return Tensor.cat(1, q.mu(), q.logVar());
        });
        int d = common.latentDim;
        Tensor mus = posterior.narrow(1, 0, d).contiguous();
        Tensor logVars = posterior.narrow(1, d, d).contiguous();
        int[] active = mostActiveDims(mus, logVars, Math.min(8, common.latentDim));
        ctx.png("traversal.png", "one coordinate swept from -3 to 3, the others fixed", traversal(vae, mus, active));
        ctx.png("interpolation.png", "decoded codes on lines between test images of different classes",
                interpolation(vae, data, originals, shown));
        int[] labels = Samples.labels(data.test(), Samples.spread(data.test(), mus.size(0)));
        LatentMaps.Result map = LatentMaps.render("vae, d=" + common.latentDim, mus, labels, data.classNameArray(),
                tsnePoints, seed);
        ctx.png("latent-map.png", "posterior means of test images by class: PCA | t-SNE", map.image());

        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("beta", beta);
        extra.put("reconstruction", kind);
        extra.put("epochs_run", result.history().records().size());
        extra.put("images_per_second", RunContext.imagesPerSecond(result.history()));
        extra.put("traversed_dims", IntStream.of(active).boxed().toList());
        ctx.finish("ConvVae(latentDim=" + common.latentDim + ")", metrics, extra);
    }

    private static BufferedImage samples(ConvVae vae, long seed) {
        Generator gen = new Generator(seed + 5);
        ImageGrid grid = new ImageGrid(2, 0f, 1f);
        for (int r = 0; r < 6; r++) {
            grid.addRow("", vae.sample(16, gen));
        }
        return grid.render();
    }

    /** The coordinates with the largest mean KL to the prior: the ones the model uses. */
    private static int[] mostActiveDims(Tensor mu, Tensor logVar, int k) {
        Tensor kl = mu.pow(2f).add(logVar.exp()).sub(logVar).sub(1f).mul(0.5f).mean(0);
        float[] v = kl.toArray();
        return IntStream.range(0, v.length).boxed().sorted(Comparator.comparingDouble(i -> -v[i])).limit(k)
                .mapToInt(Integer::intValue).toArray();
    }

    private static BufferedImage traversal(ConvVae vae, Tensor mus, int[] dims) {
        ImageGrid grid = new ImageGrid(2, 0f, 1f);
        Tensor base = mus.select(0, 0);
        for (int dim : dims) {
            Tensor codes = LatentSpace.traverse(base, dim, -3f, 3f, 11);
            grid.addRow("z" + dim + ": -3..3", Samples.map(vae, codes, vae::decode));
        }
        return grid.render();
    }

    private static BufferedImage interpolation(ConvVae vae, ExampleData data, Tensor originals, int[] shown) {
        ImageGrid grid = new ImageGrid(2, 0f, 1f);
        Tensor mu = Samples.map(vae, originals, x -> vae.encode(x).mu());
        int classes = Math.min(10, shown.length);
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < classes && pairs.size() < 5; i += 2) {
            pairs.add(new int[] {i, i + 1});
        }
        for (int[] p : pairs) {
            Tensor codes = LatentSpace.interpolate(mu.select(0, p[0]), mu.select(0, p[1]), 10);
            Tensor row = Tensor.cat(0, originals.narrow(0, p[0], 1), Samples.map(vae, codes, vae::decode),
                    originals.narrow(0, p[1], 1));
            String a = data.classNames().get(data.test().label(shown[p[0]]));
            String b = data.classNames().get(data.test().label(shown[p[1]]));
            grid.addRow(shorten(a) + " > " + shorten(b), row);
        }
        return grid.render();
    }

    private static String shorten(String s) {
        return s.length() > 7 ? s.substring(0, 6) + "." : s;
    }
}
