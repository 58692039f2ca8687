package dev.latent.datasets.io;

import dev.latent.datasets.io.DatasetSource.Origin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the folder that holds a dataset's files. For a dataset called {@code name} (such as {@code mnist} or
 * {@code fashion-mnist}) it looks, in order, in:
 * <ol>
 *   <li>an explicit directory, if one was given ({@link #withDirectory}); the files must be there;</li>
 *   <li>{@code <root>/<name>} for the root in the {@code latent.data} system property, then in the
 *       {@code LATENT_DATA} environment variable;</li>
 *   <li>{@code ~/.latent/datasets/<name>} (the download cache);</li>
 *   <li>{@code /usr/share/datasets/<name>} (where Debian's {@code dataset-fashion-mnist} installs).</li>
 * </ol>
 * A folder qualifies when it holds every requested file, each either as is or with {@code .gz} appended.
 *
 * <p>Locators are immutable; the {@code with...} methods return adjusted copies (null removes a place).
 */
public final class DatasetLocator {
    /** The system property naming a root folder of datasets. */
    public static final String PROPERTY = "latent.data";
    /** The environment variable naming a root folder of datasets. */
    public static final String ENVIRONMENT_VARIABLE = "LATENT_DATA";

    private final Path directory;
    private final Path propertyRoot;
    private final Path environmentRoot;
    private final Path userRoot;
    private final Path systemRoot;

    private DatasetLocator(Path directory, Path propertyRoot, Path environmentRoot, Path userRoot, Path systemRoot) {
        this.directory = directory;
        this.propertyRoot = propertyRoot;
        this.environmentRoot = environmentRoot;
        this.userRoot = userRoot;
        this.systemRoot = systemRoot;
    }

    /** The standard places, with the system property, environment variable and home folder as they are now. */
    public static DatasetLocator standard() {
        String home = System.getProperty("user.home");
        return new DatasetLocator(null, pathOrNull(System.getProperty(PROPERTY)),
                pathOrNull(System.getenv(ENVIRONMENT_VARIABLE)),
                home == null ? null : Path.of(home, ".latent", "datasets"), Path.of("/usr/share/datasets"));
    }

    private static Path pathOrNull(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    /** This locator with an explicit directory, searched first, that must hold the files. */
    public DatasetLocator withDirectory(Path dir) {
        return new DatasetLocator(dir, propertyRoot, environmentRoot, userRoot, systemRoot);
    }

    /** This locator with another root in place of the {@code latent.data} property's. */
    public DatasetLocator withPropertyRoot(Path root) {
        return new DatasetLocator(directory, root, environmentRoot, userRoot, systemRoot);
    }

    /** This locator with another root in place of the {@code LATENT_DATA} variable's. */
    public DatasetLocator withEnvironmentRoot(Path root) {
        return new DatasetLocator(directory, propertyRoot, root, userRoot, systemRoot);
    }

    /** This locator with another root in place of {@code ~/.latent/datasets}. */
    public DatasetLocator withUserRoot(Path root) {
        return new DatasetLocator(directory, propertyRoot, environmentRoot, root, systemRoot);
    }

    /** This locator with another root in place of {@code /usr/share/datasets}. */
    public DatasetLocator withSystemRoot(Path root) {
        return new DatasetLocator(directory, propertyRoot, environmentRoot, userRoot, root);
    }

    /** A folder searched for a dataset and why it is searched. */
    public record Location(Origin origin, Path directory) {
    }

    /** The folders searched for dataset {@code name}, in order. */
    public List<Location> searchPath(String name) {
        List<Location> path = new ArrayList<>();
        if (directory != null) {
            path.add(new Location(Origin.EXPLICIT_DIRECTORY, directory));
        }
        addRoot(path, Origin.SYSTEM_PROPERTY, propertyRoot, name);
        addRoot(path, Origin.ENVIRONMENT, environmentRoot, name);
        addRoot(path, Origin.USER_CACHE, userRoot, name);
        addRoot(path, Origin.SYSTEM, systemRoot, name);
        return path;
    }

    private static void addRoot(List<Location> path, Origin origin, Path root, String name) {
        if (root != null) {
            path.add(new Location(origin, root.resolve(name)));
        }
    }

    /**
     * The first folder on the search path holding all {@code files}, or empty if none does.
     *
     * @throws DatasetNotFoundException if an explicit directory was given and lacks some of the files
     */
    public Optional<Location> find(String name, List<String> files) throws DatasetNotFoundException {
        for (Location location : searchPath(name)) {
            List<String> missing = missing(location.directory(), files);
            if (missing.isEmpty()) {
                return Optional.of(location);
            }
            if (location.origin() == Origin.EXPLICIT_DIRECTORY) {
                throw new DatasetNotFoundException("directory " + location.directory() + " has no "
                        + String.join(", ", missing) + " (each may also end in .gz)");
            }
        }
        return Optional.empty();
    }

    /** Where downloads of dataset {@code name} go: under the property's or variable's root, else the user cache. */
    public Path cacheDirectory(String name) {
        Path root = propertyRoot != null ? propertyRoot : environmentRoot != null ? environmentRoot : userRoot;
        if (root == null) {
            throw new IllegalStateException("no folder to download " + name + " into: set -D" + PROPERTY + " or $"
                    + ENVIRONMENT_VARIABLE);
        }
        return root.resolve(name);
    }

    /** One line per searched folder saying what it lacks, for error messages. */
    public String describeSearch(String name, List<String> files) {
        StringBuilder s = new StringBuilder();
        for (Location location : searchPath(name)) {
            Path dir = location.directory();
            s.append("\n  ").append(dir).append(" (").append(location.origin().label()).append("): ");
            s.append(Files.isDirectory(dir) ? "no " + String.join(", ", missing(dir, files)) : "no such folder");
        }
        return s.toString();
    }

    /** {@code dir/file} if it exists, else {@code dir/file.gz} if that exists, else null. */
    public static Path resolve(Path dir, String file) {
        Path plain = dir.resolve(file);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = dir.resolve(file + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    private static List<String> missing(Path dir, List<String> files) {
        return files.stream().filter(f -> resolve(dir, f) == null).toList();
    }
}
