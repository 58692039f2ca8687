package dev.latent.datasets.mnist;

import dev.latent.tensor.Shape;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedFashionMnistTest {
    @Test
    void theEmbeddedTestSetIsComplete() throws IOException {
        MnistData data = FashionMnist.embedded();
        assertTrue(data.isEmbedded());
        assertEquals(Split.TEST, data.split());
        assertEquals(MnistVariant.FASHION_MNIST, data.variant());
        assertEquals(Shape.of(10_000, 1, 28, 28), data.images().shape());
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000},
                data.classCounts());
        assertEquals(10, data.numClasses());
        PixelStats stats = PixelStats.of(data.images());
        assertEquals(0f, stats.min());
        assertEquals(1f, stats.max());
        // The test split's pixel mean and spread are close to the training split's 0.2860 and 0.3530.
        assertEquals(0.286, stats.mean(), 0.003);
        assertEquals(0.353, stats.std(), 0.003);
        float[] pixels = data.images().data();
        for (int i = 0; i < pixels.length; i += 101) {
            assertEquals(Math.round(pixels[i] * 255) / 255f, pixels[i], "values are bytes / 255");
        }
        // The first test images are an ankle boot, a pullover and a trouser.
        assertArrayEquals(new int[] {9, 2, 1}, data.limit(3).labels());
        assertEquals("the embedded Fashion-MNIST test set (10,000 images)", data.source().description());
    }
}
