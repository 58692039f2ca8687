package dev.latent.datasets;

import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetTest {
    @Test
    void tensorDatasetExamples() {
        TensorDataset d = Fixtures.counting(5);
        assertEquals(5, d.size());
        assertArrayEquals(new int[] {1, 2, 2}, d.exampleShape().toArray());
        Example e = d.get(4);
        assertArrayEquals(new float[] {4, 4, 4, 4}, e.image().toArray());
        assertEquals(1, e.label());
        assertArrayEquals(new int[] {0, 1, 2, 0, 1}, d.labels());
        assertArrayEquals(new float[] {0, 1, 2, 0, 1}, d.labelTensor().toArray());
        assertArrayEquals(new int[] {2, 2, 1}, d.classCounts());
        assertEquals(List.of("0", "1", "2"), d.classNames());
        assertThrows(IndexOutOfBoundsException.class, () -> d.copyExample(5, new float[4], 0));
    }

    @Test
    void nonContiguousImagesAreCopiedInOrder() {
        Tensor t = Tensor.arange(6).reshape(3, 2).t(); // [2, 3], strided
        TensorDataset d = new TensorDataset(t, new int[] {0, 1}, 2);
        assertArrayEquals(new float[] {0, 2, 4}, d.get(0).image().toArray());
        assertArrayEquals(new float[] {1, 3, 5}, d.get(1).image().toArray());
    }

    @Test
    void badInputIsNamed() {
        Tensor images = Tensor.zeros(3, 1, 2, 2);
        IllegalArgumentException counts = assertThrows(IllegalArgumentException.class,
                () -> new TensorDataset(images, new int[] {0, 1}, 3));
        assertTrue(counts.getMessage().contains("3 images") && counts.getMessage().contains("2 labels"),
                counts.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> new TensorDataset(images, new int[] {0, 1, 3}, 3));
        assertTrue(range.getMessage().contains("label 3 of example 2"), range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TensorDataset(images, new int[] {0, -1, 0}, 3));
    }

    @Test
    void subsetsAndLimits() {
        TensorDataset d = Fixtures.counting(10);
        Dataset s = d.subset(9, 3, 3, 0);
        assertEquals(4, s.size());
        assertArrayEquals(new int[] {0, 0, 0, 0}, s.labels());
        assertArrayEquals(new float[] {9, 9, 9, 9, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0}, s.images().toArray());
        Dataset nested = s.subset(1, 0);
        assertArrayEquals(new float[] {3, 3, 3, 3, 9, 9, 9, 9}, nested.images().toArray());
        assertTrue(nested.toString().contains("of TensorDataset"), "a subset of a subset indexes the base");
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> d.subset(1, 10));
        assertTrue(e.getMessage().contains("index 10 (position 1)"), e.getMessage());
        assertEquals(3, d.limit(3).size());
        assertArrayEquals(new float[] {2, 2, 2, 2}, d.limit(3).get(2).image().toArray());
        assertSame(d, d.limit(50));
        assertEquals(0, d.limit(0).size());
    }

    @Test
    void randomSplitIsSeededDisjointAndComplete() {
        TensorDataset d = Fixtures.counting(100);
        DatasetSplit a = d.randomSplit(0.2, 7);
        DatasetSplit b = d.randomSplit(20, 7);
        assertEquals(80, a.train().size());
        assertEquals(20, a.validation().size());
        int[] validation = ids(a.validation());
        assertArrayEquals(validation, ids(b.validation()), "same seed, same split");
        assertNotEquals(Arrays.toString(validation), Arrays.toString(ids(d.randomSplit(20, 8).validation())));
        int[] all = IntStream.concat(Arrays.stream(ids(a.train())), Arrays.stream(validation)).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 100).toArray(), all, "train and validation partition the dataset");
        assertThrows(IllegalArgumentException.class, () -> d.randomSplit(101, 1));
        assertThrows(IllegalArgumentException.class, () -> d.randomSplit(1.5, 1));
    }

    private static int[] ids(Dataset d) {
        int[] ids = new int[d.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (int) d.get(i).image().toArray()[0];
        }
        return ids;
    }
}
