package dev.latent.examples.commands;

import dev.latent.examples.cli.ExampleCommand;
import dev.latent.examples.cli.UsageException;
import dev.latent.examples.run.ExampleData;
import dev.latent.examples.run.RunContext;
import dev.latent.examples.viz.Charts;
import dev.latent.models.ConvAutoencoder;
import dev.latent.models.train.GridSearch;
import dev.latent.models.train.Metrics;
import dev.latent.models.train.TrainingResult;
import dev.latent.tensor.Generator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code grid-search}: trains the conv autoencoder for every combination of latent size, learning rate, weight
 * decay and epochs, and picks the combination with the lowest validation MSE.
 */
@Command(name = "grid-search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Grid search over the conv autoencoder's latent size, learning rate, weight decay and epochs,"
            + " picking by validation MSE: grid-search.csv/json (every trial), grid-search-curves.png (validation"
            + " MSE per epoch of every trial), trial-N/ checkpoints and summary.json (the best trial)."})
public final class GridSearchCommand extends ExampleCommand {
    @Option(names = "--latent-dims", paramLabel = "D,...", split = ",", defaultValue = "4,16",
            description = "Latent sizes to try (default: ${DEFAULT-VALUE}).")
    List<Integer> latentDims;

    @Option(names = "--lrs", paramLabel = "RATE,...", split = ",", defaultValue = "0.001,0.003",
            description = "Learning rates to try (default: ${DEFAULT-VALUE}).")
    List<Double> lrs;

    @Option(names = "--weight-decays", paramLabel = "WD,...", split = ",", defaultValue = "1e-5",
            description = "Weight decays to try (default: ${DEFAULT-VALUE}).")
    List<Double> weightDecays;

    @Option(names = "--epoch-grid", paramLabel = "N,...", split = ",",
            description = "Epoch counts to try (default: --epochs).")
    List<Integer> epochGrid;

    /** Creates the command. */
    public GridSearchCommand() {
    }

    @Override
    protected String name() {
        return "grid-search";
    }

    @Override
    public Map<String, String> defaults() {
        Map<String, String> d = super.defaults();
        d.put("--epochs", "3");
        d.put("--batch-size", "64");
        d.put("--limit", "5000");
        return d;
    }

    @Override
    protected void run(RunContext ctx) throws Exception {
        List<Integer> epochs = epochGrid == null ? List.of(common.epochs) : epochGrid;
        for (int e : epochs) {
            if (e < 1) {
                throw new UsageException("--epoch-grid values must be at least 1, got " + e);
            }
        }
        for (int d : latentDims) {
            if (d < 1) {
                throw new UsageException("--latent-dims values must be at least 1, got " + d);
            }
        }
        ExampleData data = ctx.data();
        GridSearch search = GridSearch.builder()
                .param("latentDim", latentDims.toArray())
                .param("lr", lrs.toArray())
                .param("weightDecay", weightDecays.toArray())
                .param("epochs", epochs.toArray())
                .build();
        int total = search.combinations().size();
        Map<String, double[][]> curves = new LinkedHashMap<>();
        int[] trial = {0};
        GridSearch.Result result = search.run(p -> {
            trial[0]++;
            int d = (Integer) p.get("latentDim");
            double lr = (Double) p.get("lr");
            double wd = (Double) p.get("weightDecay");
            int ep = (Integer) p.get("epochs");
            ctx.log("trial %d/%d: latent %d, lr %s, weight decay %s, %d epochs", trial[0], total, d, lr, wd, ep);
            Path dir = ctx.outDir().resolve("trial-" + trial[0]);
            try {
                TrainingResult r = ConvAeCommand.fit(ctx, new ConvAutoencoder(d, new Generator(common.seed)), data,
                        null, lr, wd, ep, dir, null);
                double[] val = r.history().series(Metrics.LOSS, true);
                double[] xs = new double[val.length];
                java.util.Arrays.setAll(xs, i -> i + 1);
                curves.put(String.format(Locale.ROOT, "#%d d=%d lr=%s wd=%s", trial[0], d, lr, wd),
                        new double[][] {xs, val});
                return r;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ctx.text("grid-search.csv", "every trial (CSV)", result.toCsv());
        ctx.text("grid-search.json", "every trial (JSON)", result.toJson());
        ctx.png("grid-search-curves.png", "validation MSE per epoch of every trial",
                Charts.curves("validation MSE per trial", "epoch", "validation MSE", curves, true));
        ctx.log("%s", table(result));

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("best_val_mse", result.best().validationLoss());
        metrics.put("best_params", result.best().params());
        metrics.put("best_trial", result.trials().indexOf(result.best()) + 1);
        List<Object> trials = new ArrayList<>();
        for (GridSearch.Trial t : result.trials()) {
            Map<String, Object> m = new LinkedHashMap<>(t.params());
            m.put("val_mse", t.validationLoss());
            m.put("best_epoch", t.bestEpoch());
            m.put("seconds", t.seconds());
            trials.add(m);
        }
        metrics.put("trials", trials);
        ctx.finish("ConvAutoencoder grid search (" + total + " trials)", metrics, Map.of());
    }

    /** The trials as an aligned text table, best marked with a star. */
    static String table(GridSearch.Result result) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-6s %6s %8s %8s %6s %12s %6s %8s%n",
                "trial", "latent", "lr", "wd", "epochs", "val MSE", "best@", "seconds"));
        int i = 0;
        for (GridSearch.Trial t : result.trials()) {
            i++;
            Map<String, Object> p = t.params();
            sb.append(String.format(Locale.ROOT, "%-6s %6s %8s %8s %6s %12.5f %6d %8.1f%n",
                    (t == result.best() ? "*" : " ") + i, p.get("latentDim"), p.get("lr"), p.get("weightDecay"),
                    p.get("epochs"), t.validationLoss(), t.bestEpoch(), t.seconds()));
        }
        return sb.toString().stripTrailing();
    }
}
