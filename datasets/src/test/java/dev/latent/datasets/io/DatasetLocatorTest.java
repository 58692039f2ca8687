package dev.latent.datasets.io;

import dev.latent.datasets.io.DatasetLocator.Location;
import dev.latent.datasets.io.DatasetSource.Origin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetLocatorTest {
    @TempDir
    Path tmp;

    @Test
    void standardPlacesInOrderWithTheSystemProperty() {
        String before = System.getProperty(DatasetLocator.PROPERTY);
        System.setProperty(DatasetLocator.PROPERTY, tmp.toString());
        try {
            List<Location> path = DatasetLocator.standard().withDirectory(tmp.resolve("mine")).searchPath("mnist");
            assertEquals(new Location(Origin.EXPLICIT_DIRECTORY, tmp.resolve("mine")), path.get(0));
            assertEquals(new Location(Origin.SYSTEM_PROPERTY, tmp.resolve("mnist")), path.get(1));
            Location user = path.get(path.size() - 2);
            assertEquals(Origin.USER_CACHE, user.origin());
            assertEquals(Path.of(System.getProperty("user.home"), ".latent", "datasets", "mnist"), user.directory());
            assertEquals(new Location(Origin.SYSTEM, Path.of("/usr/share/datasets/mnist")), path.getLast());
            assertEquals(tmp.resolve("mnist"), DatasetLocator.standard().cacheDirectory("mnist"),
                    "downloads go under the property's root when it is set");
        } finally {
            if (before == null) {
                System.clearProperty(DatasetLocator.PROPERTY);
            } else {
                System.setProperty(DatasetLocator.PROPERTY, before);
            }
        }
    }

    @Test
    void removedPlacesAndTheCacheFolder() {
        DatasetLocator none = DatasetLocator.standard().withPropertyRoot(null).withEnvironmentRoot(null)
                .withUserRoot(null).withSystemRoot(null);
        assertTrue(none.searchPath("x").isEmpty());
        assertThrows(IllegalStateException.class, () -> none.cacheDirectory("x"));
        assertEquals(tmp.resolve("u/x"), none.withUserRoot(tmp.resolve("u")).cacheDirectory("x"));
        assertEquals(tmp.resolve("e/x"), none.withUserRoot(tmp.resolve("u")).withEnvironmentRoot(tmp.resolve("e"))
                .cacheDirectory("x"));
    }

    @Test
    void aFolderQualifiesWhenItHoldsEveryFileRawOrGzip() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("root/data"));
        DatasetLocator locator = DatasetLocator.standard().withPropertyRoot(tmp.resolve("root"))
                .withEnvironmentRoot(null).withUserRoot(null).withSystemRoot(null);
        Files.write(dir.resolve("a"), new byte[1]);
        assertTrue(locator.find("data", List.of("a", "b")).isEmpty());
        String search = locator.describeSearch("data", List.of("a", "b"));
        assertTrue(search.contains(dir + " (-Dlatent.data): no b"), search);
        Files.write(dir.resolve("b.gz"), new byte[1]);
        assertEquals(dir, locator.find("data", List.of("a", "b")).orElseThrow().directory());
        assertEquals(dir.resolve("b.gz"), DatasetLocator.resolve(dir, "b"));
        Files.write(dir.resolve("b"), new byte[1]);
        assertEquals(dir.resolve("b"), DatasetLocator.resolve(dir, "b"), "the uncompressed file is preferred");
        assertNull(DatasetLocator.resolve(dir, "c"));
        assertTrue(locator.describeSearch("elsewhere", List.of("a")).contains("no such folder"));
    }
}
