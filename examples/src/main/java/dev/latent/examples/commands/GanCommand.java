package dev.latent.examples.commands;

import dev.latent.datasets.DataLoader;
import dev.latent.examples.cli.ExampleCommand;
import dev.latent.examples.cli.UsageException;
import dev.latent.examples.run.ExampleData;
import dev.latent.examples.run.LossRecorder;
import dev.latent.examples.run.RunContext;
import dev.latent.examples.viz.Charts;
import dev.latent.examples.viz.ImageGrid;
import dev.latent.models.gan.ConditionalMlpDiscriminator;
import dev.latent.models.gan.ConditionalMlpGenerator;
import dev.latent.models.gan.DcganDiscriminator;
import dev.latent.models.gan.DcganGenerator;
import dev.latent.models.gan.GanDiscriminator;
import dev.latent.models.gan.GanGenerator;
import dev.latent.models.gan.GanTrainer;
import dev.latent.models.gan.GeneratorLoss;
import dev.latent.models.gan.MlpDiscriminator;
import dev.latent.models.gan.MlpGenerator;
import dev.latent.models.gan.SampleScorer;
import dev.latent.models.gan.SampleSnapshots;
import dev.latent.models.train.TrainingResult;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code gan}: trains an MLP or DCGAN (optionally label-conditioned) with the minimax or non-saturating generator
 * loss, writes sample grids at chosen epochs, the G/D loss curves, and scores the samples with a classifier trained
 * on real images.
 */
@Command(name = "gan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a GAN (MLP or DCGAN, minimax or non-saturating generator loss, optionally conditioned"
            + " on the class) and write samples-epoch-N.png at the --snapshot-epochs, samples-progress.png (one row"
            + " per snapshot), loss-curves.png (generator and discriminator), d-outputs.png (mean D(x), D(G(z))),"
            + " generator.safetensors, discriminator.safetensors, metrics.csv/json and summary.json (sample scores:"
            + " classifier confidence and class-histogram entropy, real images alongside)."})
public final class GanCommand extends ExampleCommand {
    @Option(names = "--arch", paramLabel = "ARCH", defaultValue = "mlp",
            description = "mlp or dcgan (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--loss", paramLabel = "LOSS", defaultValue = "non-saturating",
            description = "Generator loss: minimax (minimise log(1 - D(G(z)))) or non-saturating (minimise"
                    + " -log D(G(z))) (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--conditional", description = "Condition both networks on the class label (MLP only).")
    boolean conditional;

    @Option(names = "--k", paramLabel = "K", defaultValue = "1",
            description = "Discriminator steps per generator step (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--snapshot-epochs", paramLabel = "E,...", split = ",", defaultValue = "1,10,20,50,100",
            description = "Epochs after which a sample grid is written; the last epoch always is"
                    + " (default: ${DEFAULT-VALUE}).")
    List<Integer> snapshotEpochs;

    @Option(names = "--score-samples", paramLabel = "N", defaultValue = "2000",
            description = "Generated images scored at the end (default: ${DEFAULT-VALUE}).")
    int scoreSamples;

    @Option(names = "--scorer-epochs", paramLabel = "N", defaultValue = "2",
            description = "Epochs of the scoring classifier on the real training images (default: ${DEFAULT-VALUE}).")
    int scorerEpochs;

    /** Creates the command. */
    public GanCommand() {
    }

    @Override
    protected String name() {
        return "gan";
    }

    @Override
    public Map<String, String> defaults() {
        Map<String, String> d = super.defaults();
        d.put("--epochs", "10");
        d.put("--batch-size", "64");
        d.put("--lr", "0.0002");
        d.put("--latent-dim", "100");
        return d;
    }

    @Override
    protected void validate() {
        dcgan();
        generatorLoss();
        if (conditional && dcgan()) {
            throw new UsageException("--conditional is available for --arch mlp only");
        }
        if (k < 1 || scoreSamples < 1 || scorerEpochs < 1) {
            throw new UsageException("--k, --score-samples and --scorer-epochs must be at least 1");
        }
    }

    private boolean dcgan() {
        return switch (arch.toLowerCase(Locale.ROOT)) {
            case "mlp" -> false;
            case "dcgan" -> true;
            default -> throw new UsageException("--arch must be mlp or dcgan, got " + arch);
        };
    }

    private GeneratorLoss generatorLoss() {
        return switch (loss.toLowerCase(Locale.ROOT)) {
            case "minimax" -> GeneratorLoss.MINIMAX;
            case "non-saturating", "nonsaturating" -> GeneratorLoss.NON_SATURATING;
            default -> throw new UsageException("--loss must be minimax or non-saturating, got " + loss);
        };
    }

    @Override
    protected void run(RunContext ctx) throws Exception {
        boolean dcgan = dcgan();
        GeneratorLoss gLoss = generatorLoss();
        ExampleData data = ctx.data();
        long seed = common.seed;
        Generator init = new Generator(seed);
        int classes = data.classNames().size();
        GanGenerator g;
        GanDiscriminator d;
        if (dcgan) {
            g = new DcganGenerator(common.latentDim, init);
            d = new DcganDiscriminator(init);
        } else if (conditional) {
            g = new ConditionalMlpGenerator(common.latentDim, classes, classes, init);
            d = new ConditionalMlpDiscriminator(classes, classes, init);
        } else {
            g = new MlpGenerator(common.latentDim, init);
            d = new MlpDiscriminator(init);
        }
        TreeSet<Integer> snapshots = new TreeSet<>();
        for (int e : snapshotEpochs) {
            if (e >= 1 && e <= common.epochs) {
                snapshots.add(e);
            }
        }
        snapshots.add(common.epochs);
        Map<Integer, Tensor> grids = new LinkedHashMap<>();
        LossRecorder gBatches = new LossRecorder("g_loss");
        LossRecorder dBatches = new LossRecorder("d_loss");
        int gridSize = conditional ? 10 * classes : 64;
        TrainingResult result;
        SampleScorer.Score real;
        SampleScorer.Score fake;
        try (DataLoader train = ctx.trainLoader(data.train(), null);
             DataLoader test = ctx.evalLoader(data.test(), null)) {
            java.nio.file.Files.createDirectories(ctx.outDir());
            result = GanTrainer.builder(g, d, train)
                    .generatorLoss(gLoss).discriminatorSteps(k).learningRate(common.lr)
                    .epochs(common.epochs).seed(seed).checkpointDir(ctx.outDir()).resume(common.resume)
                    .listener(ctx.progress()).listener(gBatches).listener(dBatches)
                    .listener(new SampleSnapshots(g, gridSize, seed + 5, snapshots::contains, (epoch, images) -> {
                        grids.put(epoch, images);
                        try {
                            ctx.png(String.format(Locale.ROOT, "samples-epoch-%03d.png", epoch),
                                    "generated samples after epoch " + epoch, grid(images, conditional ? classes : 8));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }))
                    .build().fit();
            ctx.log("scoring: training a classifier on the real images for %d epochs", scorerEpochs);
            SampleScorer scorer = SampleScorer.train(train, classes, scorerEpochs, seed + 9);
            real = scorer.score(test);
            fake = scorer.score(g, scoreSamples, new Generator(seed + 1001));
        }
        ctx.log("samples: confidence %.3f (real %.3f), class entropy %.3f nats (real %.3f, max %.3f)",
                fake.meanConfidence(), real.meanConfidence(), fake.histogramEntropy(), real.histogramEntropy(),
                fake.maxEntropy());

        ctx.weights("generator.safetensors", g);
        ctx.weights("discriminator.safetensors", d);
        ctx.history(result.history(), "");
        if (!grids.isEmpty()) {
            ImageGrid progress = new ImageGrid(2, 0f, 1f);
            grids.forEach((epoch, images) -> progress.addRow("epoch " + epoch,
                    images.narrow(0, 0, Math.min(16, images.size(0)))));
            ctx.png("samples-progress.png", "the same codes decoded after each snapshot epoch", progress.render());
        }
        Map<String, double[][]> curves = new LinkedHashMap<>();
        curves.put("generator (per batch, smoothed)", gBatches.smoothed(20));
        curves.put("discriminator (per batch, smoothed)", dBatches.smoothed(20));
        ctx.png("loss-curves.png", "generator and discriminator losses",
                Charts.curves("GAN losses (" + gLoss.name().toLowerCase(Locale.ROOT).replace('_', '-') + ")",
                        "epoch", "loss", curves, false));
        Map<String, double[]> dOut = new LinkedHashMap<>();
        dOut.put("D(x), real", result.history().series("d_real", false));
        dOut.put("D(G(z)), generated", result.history().series("d_fake", false));
        ctx.png("d-outputs.png", "mean discriminator output on real and generated images per epoch",
                Charts.lines("discriminator outputs per epoch", "epoch", "mean D", dOut, false));

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("generated", score(fake));
        metrics.put("real", score(real));
        var last = result.history().last().train();
        metrics.put("final_g_loss", last.get("g_loss"));
        metrics.put("final_d_loss", last.get("d_loss"));
        metrics.put("final_d_real", last.get("d_real"));
        metrics.put("final_d_fake", last.get("d_fake"));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("arch", dcgan ? "dcgan" : "mlp");
        extra.put("generator_loss", gLoss);
        extra.put("conditional", conditional);
        extra.put("k", k);
        extra.put("snapshot_epochs", new ArrayList<>(grids.keySet()));
        extra.put("epochs_run", result.history().records().size());
        extra.put("images_per_second", RunContext.imagesPerSecond(result.history()));
        ctx.finish(g.getClass().getSimpleName() + " + " + d.getClass().getSimpleName(), metrics, extra);
    }

    private static java.awt.image.BufferedImage grid(Tensor images, int perRow) {
        ImageGrid grid = new ImageGrid(2, 0f, 1f);
        for (int from = 0; from < images.size(0); from += perRow) {
            grid.addRow("", images.narrow(0, from, Math.min(perRow, images.size(0) - from)));
        }
        return grid.render();
    }

    private static Map<String, Object> score(SampleScorer.Score s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", s.count());
        m.put("mean_confidence", s.meanConfidence());
        m.put("class_histogram_entropy", s.histogramEntropy());
        m.put("max_entropy", s.maxEntropy());
        List<Object> fractions = new ArrayList<>();
        for (double f : s.classFractions()) {
            fractions.add(f);
        }
        m.put("class_fractions", fractions);
        return m;
    }
}
