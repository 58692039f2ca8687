package dev.latent.datasets.io;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a loaded dataset came from, for callers to report, e.g.
 * {@code System.out.println("using " + data.source().description())}.
 *
 * @param origin how the data was found
 * @param directory the folder the files were read from, or null for data embedded in the library
 * @param description a sentence fragment such as "the embedded Fashion-MNIST test set (10,000 images)"
 */
public record DatasetSource(Origin origin, Path directory, String description) {
    /** Checks the components. */
    public DatasetSource {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(description, "description");
        if ((directory == null) != (origin == Origin.EMBEDDED)) {
            throw new IllegalArgumentException("only embedded data has no directory: " + origin + ", " + directory);
        }
    }

    /** Whether this is the small data set embedded in the library, the last resort when nothing else is found. */
    public boolean isEmbedded() {
        return origin == Origin.EMBEDDED;
    }

    /** The description. */
    @Override
    public String toString() {
        return description;
    }

    /** How dataset files were found, in the order they are looked for. */
    public enum Origin {
        /** A directory the caller gave. */
        EXPLICIT_DIRECTORY("the given directory"),
        /** {@code <root>/<name>} for the root in the {@code latent.data} system property. */
        SYSTEM_PROPERTY("-D" + DatasetLocator.PROPERTY),
        /** {@code <root>/<name>} for the root in the {@code LATENT_DATA} environment variable. */
        ENVIRONMENT("$" + DatasetLocator.ENVIRONMENT_VARIABLE),
        /** {@code ~/.latent/datasets/<name>}, where downloads go by default. */
        USER_CACHE("~/.latent/datasets"),
        /** {@code /usr/share/datasets/<name>}, where Debian's dataset packages install. */
        SYSTEM("/usr/share/datasets"),
        /** Downloaded just now into the cache. */
        DOWNLOADED("download"),
        /** Embedded in the library's jar. */
        EMBEDDED("embedded");

        private final String label;

        Origin(String label) {
            this.label = label;
        }

        /** A short label, e.g. {@code $LATENT_DATA}. */
        public String label() {
            return label;
        }
    }
}
