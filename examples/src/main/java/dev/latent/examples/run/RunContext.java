package dev.latent.examples.run;

import dev.latent.datasets.DataLoader;
import dev.latent.datasets.Dataset;
import dev.latent.datasets.transforms.Transform;
import dev.latent.examples.cli.CommonOptions;
import dev.latent.examples.viz.Charts;
import dev.latent.io.AtomicFiles;
import dev.latent.kernels.Parallel;
import dev.latent.kernels.VectorSupport;
import dev.latent.models.train.EpochRecord;
import dev.latent.models.train.MetricsHistory;
import dev.latent.models.train.Objective;
import dev.latent.models.train.Trainer;
import dev.latent.models.train.TextProgressBar;
import dev.latent.models.train.TrainingListener;
import dev.latent.nn.Module;
import dev.latent.nn.io.Json;
import dev.latent.nn.io.SafeTensors;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What every subcommand's run shares: the thread count, the output folder, the data, loaders seeded from
 * {@code --seed}, the progress bar, writing pictures and weights, and the closing {@code summary.json} whose
 * content is also the last line printed.
 */
public final class RunContext {
    /** Name of the summary file in the output folder. */
    public static final String SUMMARY_FILE = "summary.json";

    private final String command;
    private final CommonOptions options;
    private final List<String> args;
    private final PrintWriter out;
    private final long startNanos = System.nanoTime();
    private final Map<String, String> outputs = new LinkedHashMap<>();
    private ExampleData data;

    private RunContext(String command, CommonOptions options, List<String> args, PrintWriter out) {
        this.command = command;
        this.options = options;
        this.args = List.copyOf(args);
        this.out = out;
    }

    /**
     * Validates the options, sets the thread count, creates the output folder and prints the run's header.
     *
     * @param command the subcommand's name
     * @param options its parsed options
     * @param args    the command line as given (recorded in the summary)
     * @param out     where progress lines go
     */
    public static RunContext start(String command, CommonOptions options, List<String> args, PrintWriter out)
            throws IOException {
        options.validate();
        if (options.threads > 0) {
            Parallel.setThreads(options.threads);
        }
        Files.createDirectories(options.out);
        RunContext ctx = new RunContext(command, options, args, out);
        out.printf(Locale.ROOT, "%s: Latent %s, Java %s, %s kernels, %d threads, seed %d%n", command,
                Versions.latent(), Runtime.version().feature(), VectorSupport.enabled() ? "SIMD" : "scalar",
                Parallel.threads(), options.seed);
        return ctx;
    }

    /** The options. */
    public CommonOptions options() {
        return options;
    }

    /** The output folder. */
    public Path outDir() {
        return options.out;
    }

    /** Prints a progress line. */
    public void log(String format, Object... values) {
        out.printf(Locale.ROOT, format + "%n", values);
    }

    /** The run's data, loaded on first use. */
    public ExampleData data() throws IOException {
        if (data == null) {
            data = ExampleData.load(options);
            log("data: %s", data.describe());
        }
        return data;
    }

    /** A shuffled loader for training ({@code corruption} may be null). */
    public DataLoader trainLoader(Dataset d, Transform corruption) {
        return DataLoader.builder(d).batchSize(options.batchSize).shuffle(true).seed(options.seed)
                .corruption(corruption).build();
    }

    /** An ordered loader for evaluation; the corruption (may be null) is drawn from a fixed seed. */
    public DataLoader evalLoader(Dataset d, Transform corruption) {
        return DataLoader.builder(d).batchSize(Math.max(options.batchSize, 500)).seed(options.seed + 7)
                .corruption(corruption).build();
    }

    /**
     * A trainer builder with the run's epochs, seed, progress bar and {@code --resume}, checkpointing into
     * {@code dir} (which also receives the trainer's metrics.csv and metrics.json).
     */
    public Trainer.Builder trainer(Objective objective, DataLoader train, DataLoader validation, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        outputs.put(outDir().relativize(dir.resolve(Trainer.CHECKPOINT_FILE)).toString(),
                "training checkpoint (for --resume)");
        return Trainer.builder(objective, train).validation(validation).epochs(options.epochs).seed(options.seed)
                .checkpointDir(dir).resume(options.resume).listener(progress());
    }

    /** The progress bar: redrawn in place on a terminal, one line per epoch otherwise. */
    public TrainingListener progress() {
        return new TextProgressBar();
    }

    /** Writes a picture into the output folder and records it for the summary. */
    public Path png(String name, String what, BufferedImage image) throws IOException {
        Path file = options.out.resolve(name);
        Charts.writePng(image, file);
        outputs.put(name, what);
        return file;
    }

    /** Writes a module's weights as safetensors and records the file. */
    public Path weights(String name, Module module) throws IOException {
        Path file = options.out.resolve(name);
        SafeTensors.save(file, module.stateDict());
        outputs.put(name, "weights (safetensors)");
        return file;
    }

    /** Writes a text file (CSV, JSON) atomically and records it. */
    public Path text(String name, String what, String content) throws IOException {
        Path file = options.out.resolve(name);
        AtomicFiles.writeString(file, content);
        outputs.put(name, what);
        return file;
    }

    /** Writes the metrics history (the trainer also keeps it next to its checkpoint) and records it. */
    public void history(MetricsHistory history, String prefix) throws IOException {
        text(prefix + "metrics.csv", "metrics per epoch (CSV)", history.toCsv());
        text(prefix + "metrics.json", "metrics per epoch (JSON)", Json.writePretty(history.toJsonList()));
    }

    /** Training images per second over the epochs of {@code history} (total images / total training time). */
    public static double imagesPerSecond(MetricsHistory history) {
        double images = 0;
        double seconds = 0;
        for (EpochRecord r : history.records()) {
            images += r.imagesPerSecond() * r.seconds();
            seconds += r.seconds();
        }
        return seconds == 0 ? Double.NaN : images / seconds;
    }

    /**
     * Writes {@code summary.json} and prints where the pictures are and, as the last line, the summary itself.
     *
     * @param model   a short description of the model
     * @param metrics the final metrics (test MSE, accuracy, ELBO, ...)
     * @param extra   further fields (epochs run, images/s, ...), may be empty
     */
    public Map<String, Object> finish(String model, Map<String, Object> metrics, Map<String, Object> extra)
            throws IOException {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("command", command);
        s.put("model", model);
        if (data != null) {
            s.put("data", data.source());
            s.put("train_images", data.train().size());
            s.put("validation_images", data.validation().size());
            s.put("test_images", data.test().size());
        }
        s.put("metrics", metrics);
        s.putAll(extra);
        s.put("wall_seconds", Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0);
        s.put("seed", options.seed);
        s.put("versions", Versions.asMap());
        s.put("args", args);
        s.put("options", resolvedOptions());
        outputs.put(SUMMARY_FILE, "this summary");
        s.put("outputs", new LinkedHashMap<>(outputs));
        @SuppressWarnings("unchecked")
        Map<String, Object> clean = (Map<String, Object>) Summary.sanitize(s);
        AtomicFiles.writeString(options.out.resolve(SUMMARY_FILE), Json.writePretty(clean) + "\n");
        List<String> pictures = new ArrayList<>(outputs.keySet().stream().filter(n -> n.endsWith(".png")).toList());
        out.println("pictures: " + options.out.toAbsolutePath().normalize() + "/ (" + String.join(", ", pictures)
                + ")");
        out.println(Json.write(clean));
        out.flush();
        return clean;
    }

    private Map<String, Object> resolvedOptions() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", options.data);
        m.put("dataset", options.dataset.label());
        m.put("epochs", options.epochs);
        m.put("batch_size", options.batchSize);
        m.put("lr", options.lr);
        m.put("latent_dim", options.latentDim);
        m.put("limit", options.limit);
        m.put("threads", Parallel.threads());
        m.put("out", options.out);
        m.put("resume", options.resume);
        m.put("val_fraction", options.valFraction);
        return m;
    }
}
