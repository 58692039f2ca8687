package dev.latent.examples.commands;

import dev.latent.examples.cli.ExampleCommand;
import dev.latent.examples.cli.UsageException;
import dev.latent.examples.run.ExampleData;
import dev.latent.examples.run.RunContext;
import dev.latent.examples.run.Samples;
import dev.latent.examples.viz.LatentMaps;
import dev.latent.models.ConvAutoencoder;
import dev.latent.models.ConvVae;
import dev.latent.models.train.LossObjective;
import dev.latent.models.train.TrainingResult;
import dev.latent.nn.Module;
import dev.latent.nn.io.SafeTensors;
import dev.latent.nn.optim.Adam;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code latent}: encodes test images with a trained conv AE or VAE (loaded from {@code --weights} or trained on
 * the fly) and maps the codes to 2-D with PCA and t-SNE, coloured by class.
 */
@Command(name = "latent", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Map a model's latent codes of test images to 2-D with PCA and t-SNE: latent-map.png"
            + " (PCA | t-SNE, coloured by class), latent-codes.csv and summary.json. The model is loaded from"
            + " --weights or trained first."})
public final class LatentCommand extends ExampleCommand {
    /** Which model. */
    @Option(names = "--model", paramLabel = "MODEL", defaultValue = "conv-ae",
            description = "conv-ae or vae (default: ${DEFAULT-VALUE}).")
    String model;

    /** Trained weights. */
    @Option(names = "--weights", paramLabel = "FILE",
            description = "Weights written by the conv-ae / denoising-ae or vae command; without it the model is"
                    + " trained for --epochs first.")
    Path weights;

    /** Codes mapped. */
    @Option(names = "--points", paramLabel = "N", defaultValue = "2000",
            description = "Test images encoded and projected by PCA (default: ${DEFAULT-VALUE}).")
    int points;

    /** Points embedded by t-SNE. */
    @Option(names = "--tsne-points", paramLabel = "N", defaultValue = "1000",
            description = "Of those, how many t-SNE embeds; it is O(N^2) (default: ${DEFAULT-VALUE}).")
    int tsnePoints;

    /** Creates the command. */
    public LatentCommand() {
    }

    @Override
    protected String name() {
        return "latent";
    }

    @Override
    public Map<String, String> defaults() {
        Map<String, String> d = super.defaults();
        d.put("--epochs", "5");
        d.put("--batch-size", "64");
        return d;
    }

    @Override
    protected void run(RunContext ctx) throws Exception {
        boolean vae = switch (model.toLowerCase(Locale.ROOT)) {
            case "conv-ae" -> false;
            case "vae" -> true;
            default -> throw new UsageException("--model must be conv-ae or vae, got " + model);
        };
        if (weights != null && !Files.isRegularFile(weights)) {
            throw new UsageException("--weights " + weights + ": no such file");
        }
        if (points < 3 || tsnePoints < 3) {
            throw new UsageException("--points and --tsne-points must be at least 3");
        }
        ExampleData data = ctx.data();
        long seed = common.seed;
        Generator init = new Generator(seed);
        ConvAutoencoder ae = vae ? null : new ConvAutoencoder(common.latentDim, init);
        ConvVae v = vae ? new ConvVae(common.latentDim, init) : null;
        Module m = vae ? v : ae;
        String origin;
        if (weights != null) {
            m.loadStateDict(SafeTensors.load(weights));
            origin = weights.toString();
        } else if (vae) {
            Adam opt = Adam.builder().lr(common.lr).build(v.parameters());
            LossObjective objective = new LossObjective("model", v, opt, (b, rng) -> LossObjective.Loss.of(
                    ConvVae.loss(v.forward(b.images(), rng), b.images(), 1.0, ConvVae.Reconstruction.BCE).total()));
            try (var train = ctx.trainLoader(data.train(), null); var val = ctx.evalLoader(data.validation(), null)) {
                TrainingResult r = ctx.trainer(objective, train, val, ctx.outDir()).build().fit();
                origin = "trained here for " + r.history().records().size() + " epochs";
            }
            ctx.weights("vae.safetensors", v);
        } else {
            TrainingResult r = ConvAeCommand.fit(ctx, ae, data, null, common.lr, 1e-5, common.epochs, ctx.outDir(),
                    null);
            origin = "trained here for " + r.history().records().size() + " epochs";
            ctx.weights("conv-ae.safetensors", ae);
        }
        int[] idx = Samples.spread(data.test(), points);
        Tensor images = Samples.images(data.test(), idx);
        Tensor codes = vae ? Samples.map(v, images, x -> v.encode(x).mu()) : Samples.map(ae, images, ae::encode);
        int[] labels = Samples.labels(data.test(), idx);
        LatentMaps.Result map = LatentMaps.render(model + ", d=" + common.latentDim, codes, labels,
                data.classNameArray(), tsnePoints, seed);
        ctx.png("latent-map.png", "test codes by class: PCA | t-SNE", map.image());
        ctx.text("latent-codes.csv", "2-D coordinates of every mapped code (t-SNE blank beyond --tsne-points)",
                csv(map, labels, data));

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("pca_variance_share", map.pcaVariance());
        metrics.put("points", codes.size(0));
        metrics.put("tsne_points", map.tsne().size(0));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("weights", origin);
        ctx.finish(model + " (latentDim=" + common.latentDim + ")", metrics, extra);
    }

    private static String csv(LatentMaps.Result map, int[] labels, ExampleData data) {
        StringBuilder sb = new StringBuilder("index,label,class,pca_x,pca_y,tsne_x,tsne_y\n");
        float[] pca = map.pca().contiguous().toArray();
        float[] tsne = map.tsne().contiguous().toArray();
        int m = map.tsne().size(0);
        for (int i = 0; i < labels.length; i++) {
            sb.append(String.format(Locale.ROOT, "%d,%d,%s,%.6g,%.6g,", i, labels[i],
                    data.classNames().get(labels[i]).replace(',', ' '), pca[2 * i], pca[2 * i + 1]));
            sb.append(i < m ? String.format(Locale.ROOT, "%.6g,%.6g", tsne[2 * i], tsne[2 * i + 1]) : ",");
            sb.append('\n');
        }
        return sb.toString();
    }
}
