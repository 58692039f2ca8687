package dev.latent.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewTest {
    private static Tensor range(int... shape) {
        return Tensor.arange(Shape.of(shape).numel()).reshape(shape);
    }

    @Test
    void permuteSharesStorageAndPermutesStrides() {
        Tensor x = range(2, 3, 4);
        Tensor p = x.permute(2, 0, 1);
        assertTrue(p.sharesStorageWith(x));
        assertEquals(Shape.of(4, 2, 3), p.shape());
        assertArrayEquals(new int[] {1, 12, 4}, p.strides());
        assertFalse(p.isContiguous());
        assertEquals(x.get(1, 2, 3), p.get(3, 1, 2));
        assertArrayEquals(new float[] {0, 4, 8, 12, 16, 20, 1, 5}, java.util.Arrays.copyOf(p.toArray(), 8));
    }

    @Test
    void writesThroughAViewAreVisibleInTheBase() {
        Tensor x = Tensor.zeros(3, 4);
        x.select(1, 2).fill(7f);
        x.t().narrow(0, 0, 1).copyFrom(Tensor.of(1, 2, 3));
        assertArrayEquals(new float[] {1, 0, 7, 0, 2, 0, 7, 0, 3, 0, 7, 0}, x.toArray());
        assertEquals(2, x.version(), "every in-place write bumps the shared version");
    }

    @Test
    void expandUsesZeroStrides() {
        Tensor b = Tensor.of(1, 2, 3).reshape(3, 1);
        Tensor e = b.expand(2, 3, 4);
        assertArrayEquals(new int[] {0, 1, 0}, e.strides());
        assertEquals(2f, e.get(1, 1, 3));
        assertEquals(24, e.toArray().length);
        assertEquals(Shape.of(3, 5), b.expand(-1, 5).shape());
        assertThrows(IllegalArgumentException.class, () -> b.expand(4, 4));
    }

    @Test
    void reshapeViewsWhenItCanAndCopiesWhenItMust() {
        Tensor x = range(4, 6);
        Tensor v = x.reshape(2, 2, 6);
        assertTrue(v.sharesStorageWith(x));
        Tensor t = x.t(); // [6, 4] column-major
        Tensor flat = t.reshape(24);
        assertFalse(flat.sharesStorageWith(x), "a transposed tensor cannot be flattened without copying");
        assertEquals(x.get(1, 0), flat.get(1));
        assertThrows(IllegalArgumentException.class, () -> t.view(24));
        // Splitting a dimension of a transposed tensor is still a view.
        Tensor split = t.view(3, 2, 4);
        assertTrue(split.sharesStorageWith(x));
        assertEquals(x.get(2, 5), split.get(2, 1, 2));
    }

    @Test
    void sliceWithStepAndNegativeBounds() {
        Tensor x = Tensor.arange(10);
        assertArrayEquals(new float[] {1, 4, 7}, x.slice(0, 1, 9, 3).toArray());
        assertArrayEquals(new float[] {7, 8}, x.slice(0, -3, -1, 1).toArray());
        assertArrayEquals(new float[] {8, 9}, x.slice(0, 8, 100, 1).toArray());
        assertEquals(0, x.slice(0, 5, 2, 1).numel());
        Tensor m = range(4, 5).slice(1, 0, 5, 2).slice(0, 1, 4, 2);
        assertEquals(Shape.of(2, 3), m.shape());
        assertArrayEquals(new float[] {5, 7, 9, 15, 17, 19}, m.toArray());
        assertThrows(IllegalArgumentException.class, () -> x.slice(0, 0, 5, 0));
    }

    @Test
    void selectSqueezeUnsqueezeFlatten() {
        Tensor x = range(2, 1, 3);
        assertEquals(Shape.of(2, 3), x.squeeze().shape());
        assertEquals(Shape.of(2, 3), x.squeeze(1).shape());
        assertSame(x, x.squeeze(0));
        assertEquals(Shape.of(2, 1, 1, 3), x.unsqueeze(2).shape());
        assertEquals(Shape.of(2, 1, 3, 1), x.unsqueeze(-1).shape());
        assertEquals(Shape.of(2, 3), x.flatten(1, 2).shape());
        assertEquals(Shape.of(6), x.flatten().shape());
        assertEquals(Shape.of(2, 1, 3), x.flatten().unflatten(0, 2, 1, -1).shape());
        assertArrayEquals(new float[] {3, 4, 5}, x.select(0, 1).select(0, 0).toArray());
        assertThrows(IndexOutOfBoundsException.class, () -> x.select(0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> x.get(0, 0, 3));
    }

    @Test
    void contiguousCopiesOnlyWhenNeeded() {
        Tensor x = range(3, 4);
        assertSame(x, x.contiguous());
        Tensor c = x.t().contiguous();
        assertTrue(c.isContiguous());
        assertFalse(c.sharesStorageWith(x));
        assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, c.toArray());
    }

    @Test
    void asStridedMakesOverlappingWindowsAndChecksBounds() {
        Tensor x = Tensor.arange(6);
        Tensor w = x.asStrided(Shape.of(4, 3), new int[] {1, 1}, 0);
        assertArrayEquals(new float[] {0, 1, 2, 1, 2, 3, 2, 3, 4, 3, 4, 5}, w.toArray());
        assertThrows(IllegalArgumentException.class, () -> x.asStrided(Shape.of(4, 3), new int[] {2, 1}, 0));
    }

    @Test
    void toStringShowsShapeAndTruncates() {
        assertEquals("tensor([[0., 1.],\n        [2., 3.]], shape=[2, 2])", range(2, 2).toString());
        String big = Tensor.zeros(100, 100).toString();
        assertTrue(big.contains("...") && big.length() < 400, big);
        assertEquals("tensor(0.5000, shape=[])", Tensor.scalar(0.5f).toString());
    }

    @Test
    void creationFunctions() {
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1}, Tensor.linspace(0, 1, 5).toArray());
        assertArrayEquals(new float[] {1, 1.5f, 2, 2.5f}, Tensor.arange(1, 3, 0.5f).toArray());
        assertArrayEquals(new float[] {3, 3, 3}, Tensor.full(3, 3).toArray());
        assertArrayEquals(new float[] {1, 2, 3, 4}, Tensor.of(new float[][] {{1, 2}, {3, 4}}).toArray());
        assertEquals(5f, Tensor.scalar(5).item());
        assertThrows(IllegalStateException.class, () -> Tensor.zeros(2).item());
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(new float[3], 2, 2));
        float[] data = {1, 2};
        Tensor copied = Tensor.fromArray(data, 2);
        data[0] = 9;
        assertEquals(1f, copied.get(0));
    }

    @Test
    void allCloseAndMismatch() {
        Tensor a = Tensor.of(1, 2, 3);
        assertTrue(a.allClose(Tensor.of(1, 2, 3.00001f)));
        assertFalse(a.allClose(Tensor.of(1, 2, 3.1f)));
        assertTrue(a.mismatch(Tensor.of(1, 2, 3.1f), 1e-5f, 1e-8f).contains("[2]"));
        assertFalse(a.allClose(Tensor.of(1, 2)));
        assertFalse(Tensor.of(Float.NaN).allClose(Tensor.of(Float.NaN)));
    }
}
