package dev.latent.datasets.mnist;

import dev.latent.datasets.io.DatasetSource.Origin;
import dev.latent.tensor.Shape;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real Fashion-MNIST as Debian's dataset-fashion-mnist installs it; skipped where it is not installed. */
class FullFashionMnistTest {
    private static final Path SYSTEM = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void trainingSplit() throws IOException {
        assumeTrue(Files.isDirectory(SYSTEM), "Fashion-MNIST is not installed in " + SYSTEM);
        MnistData train = FashionMnist.load(Split.TRAIN, SYSTEM);
        assertEquals(Origin.EXPLICIT_DIRECTORY, train.source().origin());
        assertEquals(Shape.of(60_000, 1, 28, 28), train.images().shape());
        int[] sixThousand = new int[10];
        Arrays.fill(sixThousand, 6000);
        assertArrayEquals(sixThousand, train.classCounts());
        PixelStats stats = PixelStats.of(train.images());
        // The published normalisation constants of Fashion-MNIST's training set.
        assertEquals(0.2860, stats.mean(), 0.0001);
        assertEquals(0.3530, stats.std(), 0.0001);
        assertEquals(0f, stats.min());
        assertEquals(1f, stats.max());
    }

    @Test
    void testSplitEqualsTheEmbeddedCopy() throws IOException {
        assumeTrue(Files.isDirectory(SYSTEM), "Fashion-MNIST is not installed in " + SYSTEM);
        MnistData test = FashionMnist.load(Split.TEST, SYSTEM);
        assertEquals(10_000, test.size());
        int[] thousand = new int[10];
        Arrays.fill(thousand, 1000);
        assertArrayEquals(thousand, test.classCounts());
        MnistData embedded = FashionMnist.embedded();
        assertArrayEquals(test.labels(), embedded.labels());
        assertArrayEquals(test.images().data(), embedded.images().data());
    }
}
