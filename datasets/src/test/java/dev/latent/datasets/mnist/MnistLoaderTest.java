package dev.latent.datasets.mnist;

import dev.latent.datasets.idx.IdxArray;
import dev.latent.datasets.idx.IdxFormatException;
import dev.latent.datasets.idx.IdxWriter;
import dev.latent.datasets.io.DatasetLocator;
import dev.latent.datasets.io.DatasetNotFoundException;
import dev.latent.datasets.io.DatasetSource.Origin;
import dev.latent.tensor.Shape;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MnistLoaderTest {
    @TempDir
    Path tmp;

    private Path property;
    private Path environment;
    private Path user;
    private Path system;
    private DatasetLocator locator;

    @BeforeEach
    void roots() {
        property = tmp.resolve("property");
        environment = tmp.resolve("environment");
        user = tmp.resolve("user");
        system = tmp.resolve("system");
        locator = DatasetLocator.standard().withPropertyRoot(property).withEnvironmentRoot(environment)
                .withUserRoot(user).withSystemRoot(system);
    }

    @Test
    void readsBothSplitsRawOrGzipWithValuesInUnitRange() throws IOException {
        Path dir = tmp.resolve("explicit");
        TinyMnist.write(dir, Split.TRAIN, 12, true);
        TinyMnist.write(dir, Split.TEST, 5, false);
        MnistData train = FashionMnist.load(Split.TRAIN, dir);
        MnistData test = FashionMnist.loader().directory(dir).locator(locator).load(Split.TEST);
        assertEquals(Shape.of(12, 1, 28, 28), train.images().shape());
        assertEquals(Shape.of(5, 1, 28, 28), test.images().shape());
        float[] pixels = train.images().toArray();
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 784; j += 97) {
                assertEquals(TinyMnist.pixel(i, j) / 255f, pixels[i * 784 + j], 1e-7f);
            }
        }
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, test.labels());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4}, test.labelTensor().toArray());
        assertEquals("Ankle boot", train.classNames().get(9));
        assertEquals(FashionMnist.classNames(), train.classNames());
        assertEquals(Split.TRAIN, train.split());
        assertEquals(Origin.EXPLICIT_DIRECTORY, train.source().origin());
        assertEquals("Fashion-MNIST train split (12 images) from " + dir, train.source().description());
        assertFalse(train.isEmbedded());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                Mnist.load(Split.TEST, dir).classNames());
    }

    @Test
    void searchesPropertyEnvironmentUserCacheThenSystemFolders() throws IOException {
        TinyMnist.write(system.resolve("mnist"), Split.TEST, 3, true);
        TinyMnist.write(user.resolve("mnist"), Split.TEST, 4, true);
        TinyMnist.write(environment.resolve("mnist"), Split.TEST, 5, false);
        TinyMnist.write(property.resolve("mnist"), Split.TEST, 6, true);
        TinyMnist.write(property.resolve("mnist"), Split.TRAIN, 7, true);
        MnistLoader loader = Mnist.loader().locator(locator).build();
        assertEquals(7, loader.load(Split.TRAIN).size());
        int expected = 6;
        for (Path root : List.of(property, environment, user, system)) {
            MnistData data = loader.load(Split.TEST);
            assertEquals(expected--, data.size());
            assertEquals(root.resolve("mnist"), data.source().directory());
            deleteSplit(root.resolve("mnist"), Split.TEST);
        }
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, () -> loader.load(Split.TEST));
        String m = e.getMessage();
        for (Path root : List.of(property, environment, user, system)) {
            assertTrue(m.contains(root.resolve("mnist").toString()), m);
        }
        assertTrue(m.contains("MNIST test split not found") && m.contains("t10k-images-idx3-ubyte")
                && m.contains("Put t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz")
                && m.contains(property.resolve("mnist").toString()) && m.contains("turn on download"), m);
    }

    @Test
    void originsAreReported() throws IOException {
        TinyMnist.write(user.resolve("fashion-mnist"), Split.TEST, 2, true);
        MnistData data = FashionMnist.loader().locator(locator.withPropertyRoot(null).withEnvironmentRoot(null))
                .load(Split.TEST);
        assertEquals(Origin.USER_CACHE, data.source().origin());
        TinyMnist.write(environment.resolve("fashion-mnist"), Split.TEST, 2, true);
        assertEquals(Origin.ENVIRONMENT, FashionMnist.loader().locator(locator).load(Split.TEST).source().origin());
    }

    @Test
    void anExplicitDirectoryWithoutDataIsAnError() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        TinyMnist.write(system.resolve("fashion-mnist"), Split.TEST, 2, true);
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class,
                () -> FashionMnist.loader().locator(locator).directory(empty).load(Split.TEST));
        assertTrue(e.getMessage().contains(empty.toString()) && e.getMessage().contains("t10k-labels-idx1-ubyte"),
                e.getMessage());
    }

    @Test
    void fashionMnistFallsBackToTheEmbeddedTestSetAndSaysSo() throws IOException {
        List<LogRecord> logged = new ArrayList<>();
        Logger jul = Logger.getLogger("dev.latent.datasets");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(capture);
        try {
            MnistData data = FashionMnist.loader().locator(locator).load(Split.TRAIN);
            assertTrue(data.isEmbedded());
            assertEquals(Split.TEST, data.split());
            assertEquals(10_000, data.size());
            assertEquals("the embedded Fashion-MNIST test set (10,000 images)", data.source().description());
            assertEquals(1, logged.size());
            assertTrue(logged.get(0).getMessage().startsWith("Using the embedded Fashion-MNIST test set (10,000"
                    + " images): no Fashion-MNIST train files in"), logged.get(0).getMessage());
            assertFalse(logged.get(0).getMessage().contains("\n"), "one line");
        } finally {
            jul.removeHandler(capture);
        }
        assertThrows(DatasetNotFoundException.class,
                () -> FashionMnist.loader().locator(locator).embeddedFallback(false).load(Split.TEST));
        assertThrows(DatasetNotFoundException.class, () -> Mnist.loader().locator(locator).load(Split.TEST));
    }

    @Test
    void mismatchedCountsAreNamedWithFileAndOffset() throws IOException {
        Path dir = tmp.resolve("bad");
        TinyMnist.write(dir, Split.TEST, 5, false);
        IdxWriter.write(dir.resolve(Split.TEST.labelsFile()), IdxArray.ofUnsignedBytes(new int[] {1, 2, 3, 4}, 4));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Mnist.load(Split.TEST, dir));
        assertEquals(dir.resolve(Split.TEST.labelsFile()).toString(), e.source());
        assertEquals(4, e.offset());
        assertTrue(e.getMessage().contains("has 4 labels but") && e.getMessage().contains("has 5 images"),
                e.getMessage());
    }

    @Test
    void labelsOutsideTheClassesAreNamedWithFileAndOffset() throws IOException {
        Path dir = tmp.resolve("bad");
        TinyMnist.write(dir, Split.TEST, 4, false);
        IdxWriter.write(dir.resolve(Split.TEST.labelsFile()), IdxArray.ofUnsignedBytes(new int[] {1, 2, 10, 4}, 4));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Mnist.load(Split.TEST, dir));
        assertEquals(10, e.offset());
        assertTrue(e.getMessage().contains("label 10 of example 2 is outside the 10 classes"), e.getMessage());
    }

    @Test
    void imagesOfTheWrongSizeOrLabelsOfTheWrongRankAreRejected() throws IOException {
        Path dir = tmp.resolve("bad");
        TinyMnist.write(dir, Split.TEST, 2, false);
        Path images = dir.resolve(Split.TEST.imagesFile());
        IdxWriter.write(images, IdxArray.ofUnsignedBytes(new byte[2 * 28 * 27], 2, 28, 27));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Mnist.load(Split.TEST, dir));
        assertEquals(12, e.offset());
        TinyMnist.write(dir, Split.TEST, 2, false);
        IdxWriter.write(dir.resolve(Split.TEST.labelsFile()), IdxArray.ofUnsignedBytes(new byte[2], 2, 1));
        assertEquals(3, assertThrows(IdxFormatException.class, () -> Mnist.load(Split.TEST, dir)).offset());
    }

    private static void deleteSplit(Path dir, Split split) throws IOException {
        for (String f : List.of(split.imagesFile(), split.labelsFile())) {
            Files.delete(DatasetLocator.resolve(dir, f));
        }
    }
}
