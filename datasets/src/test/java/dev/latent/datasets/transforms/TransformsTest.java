package dev.latent.datasets.transforms;

import dev.latent.tensor.Generator;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransformsTest {
    private static final Generator G = new Generator(0);

    @Test
    void scaleAndScaleToUnit() {
        Tensor bytes = Tensor.of(0, 51, 255);
        assertArrayEquals(new float[] {0, 0.2f, 1}, Transforms.scaleToUnit().apply(bytes, G).toArray(), 1e-7f);
        assertArrayEquals(new float[] {0, 102, 510}, Transforms.scale(2).apply(bytes, G).toArray());
        assertArrayEquals(new float[] {0, 51, 255}, bytes.toArray(), "the input is not modified");
    }

    @Test
    void normalizeScalarAndPerChannel() {
        Tensor x = Tensor.of(1, 2, 3, 4).reshape(1, 4);
        assertArrayEquals(new float[] {-1, 1, 3, 5}, Transforms.normalize(1.5f, 0.5f).apply(x, G).toArray());
        // [B=2, C=2, 2] with channel means 0 / 10 and stds 1 / 2.
        Tensor y = Tensor.of(1, 2, 10, 14, 3, 4, 12, 16).reshape(2, 2, 2);
        Tensor n = Transforms.normalize(new float[] {0, 10}, new float[] {1, 2}).apply(y, G);
        assertArrayEquals(new float[] {1, 2, 0, 2, 3, 4, 1, 3}, n.toArray());
        assertThrows(IllegalArgumentException.class,
                () -> Transforms.normalize(new float[] {0, 0, 0}, new float[] {1, 1, 1}).apply(y, G));
        assertThrows(IllegalArgumentException.class, () -> Transforms.normalize(0, 0));
        assertThrows(IllegalArgumentException.class, () -> Transforms.normalize(new float[] {0}, new float[0]));
    }

    @Test
    void flattenIsAViewOfTheBatch() {
        Tensor x = Tensor.zeros(3, 1, 28, 28);
        Tensor f = Transforms.flatten().apply(x, G);
        assertEquals(Shape.of(3, 784), f.shape());
        assertTrue(f.sharesStorageWith(x));
        Tensor flat = Tensor.zeros(3, 5);
        assertSame(flat, Transforms.flatten().apply(flat, G));
    }

    @Test
    void gaussianNoiseIsSeededClippedAndHasTheRightSpread() {
        Tensor half = Tensor.full(0.5f, 100_000);
        Tensor a = Transforms.gaussianNoise(0.1f).apply(half, new Generator(5));
        Tensor b = Transforms.gaussianNoise(0.1f).apply(half, new Generator(5));
        assertArrayEquals(a.toArray(), b.toArray(), "same generator seed, same noise");
        assertNotEquals(a.toArray()[0], Transforms.gaussianNoise(0.1f).apply(half, new Generator(6)).toArray()[0]);
        assertEquals(0.5, a.mean().item(), 0.002);
        assertEquals(0.01, a.var().item(), 0.0005);
        Tensor big = Transforms.gaussianNoise(2f).apply(half, new Generator(5));
        assertTrue(big.min().item() == 0f && big.max().item() == 1f, "clipped to [0, 1]");
        Tensor wide = Transforms.gaussianNoise(2f, -1f, 3f).apply(half, new Generator(5));
        assertTrue(wide.min().item() == -1f && wide.max().item() == 3f);
        assertArrayEquals(half.toArray(), Tensor.full(0.5f, 100_000).toArray(), "the input is not modified");
        assertThrows(IllegalArgumentException.class, () -> Transforms.gaussianNoise(-1f));
        assertThrows(IllegalArgumentException.class, () -> Transforms.gaussianNoise(1f, 1f, 0f));
    }

    @Test
    void saltAndPepperFlipsAFractionToBothExtremes() {
        Tensor half = Tensor.full(0.5f, 100_000);
        float[] v = Transforms.saltAndPepper(0.2f).apply(half, new Generator(9)).toArray();
        int salt = 0;
        int pepper = 0;
        for (float x : v) {
            if (x == 1f) {
                salt++;
            } else if (x == 0f) {
                pepper++;
            } else {
                assertEquals(0.5f, x);
            }
        }
        assertEquals(10_000, salt, 400);
        assertEquals(10_000, pepper, 400);
        assertThrows(IllegalArgumentException.class, () -> Transforms.saltAndPepper(1.5f));
        assertThrows(IllegalArgumentException.class, () -> Transforms.saltAndPepper(Float.NaN));
    }

    @Test
    void randomMaskSetsAFraction() {
        Tensor ones = Tensor.ones(100_000);
        Tensor masked = Transforms.randomMask(0.3f).apply(ones, new Generator(2));
        assertEquals(0.7, masked.mean().item(), 0.005);
        assertEquals(0f, masked.min().item());
        assertArrayEquals(ones.toArray(), Transforms.randomMask(0f).apply(ones, new Generator(2)).toArray());
    }

    @Test
    void compositionAppliesInOrder() {
        Tensor x = Tensor.of(1, 2);
        Transform scaleThenShift = Transform.compose(Transforms.scale(10), Transforms.normalize(1, 1));
        Transform shiftThenScale = Transforms.normalize(1, 1).andThen(Transforms.scale(10));
        assertArrayEquals(new float[] {9, 19}, scaleThenShift.apply(x, G).toArray());
        assertArrayEquals(new float[] {0, 10}, shiftThenScale.apply(x, G).toArray());
        assertSame(x, Transform.compose().apply(x, G));
        assertSame(x, Transform.identity().apply(x, G));
        assertTrue(scaleThenShift.toString().contains("scale(10.0) -> normalize"), scaleThenShift.toString());
    }
}
