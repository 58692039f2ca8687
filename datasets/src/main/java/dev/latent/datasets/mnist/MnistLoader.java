package dev.latent.datasets.mnist;

import dev.latent.datasets.TensorDataset;
import dev.latent.datasets.io.DatasetLocator;
import dev.latent.datasets.io.DatasetNotFoundException;
import dev.latent.datasets.io.DatasetSource;
import dev.latent.datasets.io.DatasetSource.Origin;
import dev.latent.datasets.io.DownloadException;
import dev.latent.datasets.io.Downloader;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Loads MNIST or Fashion-MNIST splits. The files are looked for as {@link DatasetLocator} describes (an explicit
 * directory, {@code -Dlatent.data} / {@code $LATENT_DATA}, {@code ~/.latent/datasets/<name>},
 * {@code /usr/share/datasets/<name>}). If they are in none of those places:
 * <ol>
 *   <li>with {@link Builder#download(boolean) download} on, they are downloaded into the cache folder from the
 *       standard mirror and checked against the published checksums (offline this fails fast, saying where to put
 *       the files);</li>
 *   <li>otherwise, for Fashion-MNIST, the test set embedded in this library (10,000 images) is used, whichever split
 *       was asked for, and one line is logged saying so ({@link MnistData#isEmbedded()} tells callers);</li>
 *   <li>otherwise a {@link DatasetNotFoundException} lists the places searched and where to put the files.</li>
 * </ol>
 * A load is all or nothing: bad files raise an {@link dev.latent.datasets.idx.IdxFormatException} naming the file and
 * byte offset, and no partial dataset is returned.
 */
public final class MnistLoader {
    private static final System.Logger LOG = System.getLogger("dev.latent.datasets");
    private static final String EMBEDDED_FOLDER = "/dev/latent/datasets/mnist/fashion-mnist/";

    private final MnistVariant variant;
    private final DatasetLocator locator;
    private final boolean download;
    private final URI mirror;
    private final Map<String, String> checksums;
    private final Duration connectTimeout;
    private final boolean embeddedFallback;

    private MnistLoader(Builder b) {
        this.variant = b.variant;
        this.locator = b.directory == null ? b.locator : b.locator.withDirectory(b.directory);
        this.download = b.download;
        this.mirror = b.mirror;
        this.checksums = b.checksums;
        this.connectTimeout = b.connectTimeout;
        this.embeddedFallback = b.embeddedFallback;
    }

    /** A builder for loading {@code variant}; by default: standard locations, no download, embedded fallback. */
    public static Builder builder(MnistVariant variant) {
        return new Builder(variant);
    }

    /**
     * The embedded Fashion-MNIST test set (10,000 images, MIT licensed, Copyright (c) 2017 Zalando SE), without
     * searching anywhere.
     *
     * @throws DatasetNotFoundException if the resources were stripped from the jar
     */
    public static MnistData embeddedFashionMnist() throws IOException {
        TensorDataset data = MnistFiles.readResources(EMBEDDED_FOLDER + Split.TEST.imagesFile() + ".gz",
                EMBEDDED_FOLDER + Split.TEST.labelsFile() + ".gz", MnistVariant.FASHION_MNIST.classNames());
        if (data == null) {
            throw new DatasetNotFoundException("the embedded Fashion-MNIST test set is missing from the class path"
                    + " (expected under " + EMBEDDED_FOLDER + ")");
        }
        String description = String.format(Locale.ROOT, "the embedded Fashion-MNIST test set (%,d images)",
                data.size());
        return new MnistData(MnistVariant.FASHION_MNIST, Split.TEST, new DatasetSource(Origin.EMBEDDED, null,
                description), data);
    }

    /** Loads {@code split}, searching, downloading or falling back as the class description says. */
    public MnistData load(Split split) throws IOException {
        String name = variant.directoryName();
        List<String> files = List.of(split.imagesFile(), split.labelsFile());
        Optional<DatasetLocator.Location> found = locator.find(name, files);
        if (found.isPresent()) {
            return read(split, found.get().origin(), found.get().directory());
        }
        if (download) {
            Path cache = locator.cacheDirectory(name);
            fetch(split, cache, files);
            return read(split, Origin.DOWNLOADED, cache);
        }
        if (embeddedFallback && variant == MnistVariant.FASHION_MNIST) {
            MnistData embedded = embeddedFashionMnist();
            LOG.log(System.Logger.Level.INFO, "Using " + embedded.source().description() + ": no Fashion-MNIST "
                    + split + " files in " + locator.searchPath(name).stream().map(l -> l.directory().toString())
                    .toList() + " (see docs/datasets.md)");
            return embedded;
        }
        throw new DatasetNotFoundException(variant + " " + split + " split not found. Looked for "
                + String.join(" and ", files) + " (or .gz) in:" + locator.describeSearch(name, files) + "\n"
                + whereToPutFiles(split, defaultFolder(name)));
    }

    private MnistData read(Split split, Origin origin, Path dir) throws IOException {
        TensorDataset data = MnistFiles.read(DatasetLocator.resolve(dir, split.imagesFile()),
                DatasetLocator.resolve(dir, split.labelsFile()), variant.classNames());
        String description = String.format(Locale.ROOT, "%s %s split (%,d images) %s %s", variant, split,
                data.size(), origin == Origin.DOWNLOADED ? "downloaded to" : "from", dir);
        return new MnistData(variant, split, new DatasetSource(origin, dir, description), data);
    }

    /** Downloads the split's missing files into {@code cache}. */
    private void fetch(Split split, Path cache, List<String> files) throws IOException {
        Downloader downloader = new Downloader(connectTimeout, Downloader.DEFAULT_RESPONSE_TIMEOUT);
        for (String file : files) {
            if (DatasetLocator.resolve(cache, file) != null) {
                continue;
            }
            String gz = file + ".gz";
            URI url = mirror.resolve(gz);
            LOG.log(System.Logger.Level.INFO, "Downloading " + url + " to " + cache);
            try {
                downloader.download(url, cache.resolve(gz), checksums.get(gz));
            } catch (DownloadException e) {
                throw new DatasetNotFoundException("could not download " + variant + " " + split + ": "
                        + e.getMessage() + "\n" + whereToPutFiles(split, cache), e);
            }
        }
    }

    private Path defaultFolder(String name) {
        try {
            return locator.cacheDirectory(name);
        } catch (IllegalStateException e) {
            return Path.of("~/.latent/datasets", name);
        }
    }

    private String whereToPutFiles(Split split, Path cache) {
        return "Put " + split.imagesFile() + ".gz and " + split.labelsFile() + ".gz (from " + variant.mirror()
                + ") into " + cache + ", or set $" + DatasetLocator.ENVIRONMENT_VARIABLE + " (or -D"
                + DatasetLocator.PROPERTY + ") to a folder holding " + variant.directoryName() + "/, or pass the"
                + " folder explicitly" + (download ? "." : ", or turn on download.");
    }

    /** Options of an {@link MnistLoader}. */
    public static final class Builder {
        private final MnistVariant variant;
        private DatasetLocator locator = DatasetLocator.standard();
        private Path directory;
        private boolean download;
        private URI mirror;
        private Map<String, String> checksums;
        private Duration connectTimeout = Downloader.DEFAULT_CONNECT_TIMEOUT;
        private boolean embeddedFallback = true;

        private Builder(MnistVariant variant) {
            this.variant = Objects.requireNonNull(variant, "variant");
            this.mirror = variant.mirror();
            this.checksums = variant.checksums();
        }

        /** A folder that holds the files (searched first; an error if the files are not there). */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** Where to search (default {@link DatasetLocator#standard()}). */
        public Builder locator(DatasetLocator locator) {
            this.locator = Objects.requireNonNull(locator, "locator");
            return this;
        }

        /** Whether to download missing files into the cache folder (default off). */
        public Builder download(boolean download) {
            this.download = download;
            return this;
        }

        /** Another mirror: a folder URL holding the {@code .gz} files (default {@link MnistVariant#mirror()}). */
        public Builder mirror(URI mirror) {
            this.mirror = Objects.requireNonNull(mirror, "mirror");
            return this;
        }

        /** How long to try to connect before concluding the machine is offline (default 5 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Whether Fashion-MNIST may fall back to its embedded test set when nothing is found (default on). */
        public Builder embeddedFallback(boolean allowed) {
            this.embeddedFallback = allowed;
            return this;
        }

        /** Expected MD5s by {@code .gz} file name, for tests that serve their own files. */
        Builder checksums(Map<String, String> checksums) {
            this.checksums = Map.copyOf(checksums);
            return this;
        }

        /** The loader. */
        public MnistLoader build() {
            return new MnistLoader(this);
        }

        /** Shorthand for {@code build().load(split)}. */
        public MnistData load(Split split) throws IOException {
            return build().load(split);
        }
    }
}
