package dev.latent.examples.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The options every subcommand takes. Options whose default depends on the subcommand (epochs, learning rate,
 * ...) are filled by {@link CommandDefaults}; {@code --help} shows the value that applies.
 */
public final class CommonOptions {
    /** Which MNIST-format dataset to use. */
    public enum DatasetName {
        /** Zalando's clothing images (its test set is embedded, so it always loads). */
        FASHION_MNIST("fashion-mnist"),
        /** Handwritten digits. */
        MNIST("mnist");

        private final String label;

        DatasetName(String label) {
            this.label = label;
        }

        /** The name on the command line and the folder name searched for. */
        public String label() {
            return label;
        }

        /** Parses {@code mnist} or {@code fashion-mnist}. */
        public static DatasetName parse(String s) {
            for (DatasetName d : values()) {
                if (d.label.equalsIgnoreCase(s.trim())) {
                    return d;
                }
            }
            throw new IllegalArgumentException("unknown dataset '" + s + "': use mnist or fashion-mnist");
        }
    }

    /** Creates the options with their defaults (picocli fills them). */
    public CommonOptions() {
    }

    /** A folder holding the IDX files; otherwise the standard search order, then the embedded set. */
    @Option(names = "--data", paramLabel = "DIR", description = "Folder holding the dataset's IDX files (plain or"
            + " .gz). Without it: -Dlatent.data or $LATENT_DATA, ~/.latent/datasets/<name>,"
            + " /usr/share/datasets/<name>, then the embedded Fashion-MNIST test set.")
    public Path data;

    /** Use the embedded set even when files are found elsewhere. */
    @Option(names = "--embedded", description = "Use the embedded Fashion-MNIST test set (10,000 images) even when"
            + " other files are found: what a fresh offline machine gets.")
    public boolean embedded;

    /** The dataset. */
    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "fashion-mnist",
            converter = DatasetNameConverter.class,
            description = "mnist or fashion-mnist (default: ${DEFAULT-VALUE}).")
    public DatasetName dataset;

    /** Training epochs. */
    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    public int epochs;

    /** Images per batch. */
    @Option(names = "--batch-size", paramLabel = "N", description = "Images per batch (default: ${DEFAULT-VALUE}).")
    public int batchSize;

    /** The learning rate. */
    @Option(names = "--lr", paramLabel = "RATE", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    public double lr;

    /** The size of the latent code. */
    @Option(names = "--latent-dim", paramLabel = "D", description = "Size of the latent code (default: ${DEFAULT-VALUE}).")
    public int latentDim;

    /** Use only the first N images of each split (0: all). */
    @Option(names = "--limit", paramLabel = "N",
            description = "Use only the first N images of each split; 0 uses all (default: ${DEFAULT-VALUE}).")
    public int limit;

    /** Worker threads of the kernels (0: one per core). */
    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Kernel threads; 0 uses one per core (default: ${DEFAULT-VALUE}).")
    public int threads;

    /** The seed of every random choice (weights, shuffling, noise, splits). */
    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed for weights, shuffling, noise and splits (default: ${DEFAULT-VALUE}).")
    public long seed;

    /** Where the pictures, weights, metrics and summary go. */
    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    public Path out;

    /** Continue from the checkpoint in the output folder. */
    @Option(names = "--resume", description = "Continue from the checkpoint in the output folder, if there is one.")
    public boolean resume;

    /** Fraction of the training images held out for validation. */
    @Option(names = "--val-fraction", paramLabel = "F", defaultValue = "0.1",
            description = "Fraction of the training images held out for validation; 0 validates on the test split"
                    + " (default: ${DEFAULT-VALUE}).")
    public double valFraction;

    /** Checks the values that picocli's types cannot. */
    public void validate() {
        require(epochs >= 1, "--epochs must be at least 1, got " + epochs);
        require(batchSize >= 1, "--batch-size must be at least 1, got " + batchSize);
        require(lr > 0 && Double.isFinite(lr), "--lr must be a positive number, got " + lr);
        require(latentDim >= 1, "--latent-dim must be at least 1, got " + latentDim);
        require(limit >= 0, "--limit must be 0 (all) or positive, got " + limit);
        require(threads >= 0, "--threads must be 0 (one per core) or positive, got " + threads);
        require(data == null || java.nio.file.Files.isDirectory(data), "--data " + data + ": no such directory");
        require(!(embedded && data != null), "--embedded and --data exclude each other");
        require(!(embedded && dataset == DatasetName.MNIST), "--embedded is Fashion-MNIST; it cannot be used with"
                + " --dataset mnist");
        require(valFraction >= 0 && valFraction < 1, "--val-fraction must be in [0, 1), got " + valFraction);
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new UsageException(message);
        }
    }
}
