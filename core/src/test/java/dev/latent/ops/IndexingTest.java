package dev.latent.ops;

import dev.latent.tensor.Generator;
import dev.latent.tensor.GradCheck;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexingTest {
    @Test
    void indexSelectPicksSlicesInOrderWithRepeats() {
        Tensor x = Tensor.arange(12).reshape(3, 4);
        assertArrayEquals(new float[] {8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11},
                Indexing.indexSelect(x, 0, new int[] {2, 0, 2}).toArray());
        Tensor cols = Indexing.indexSelect(x, 1, Tensor.of(3, 1));
        assertEquals(Shape.of(3, 2), cols.shape());
        assertArrayEquals(new float[] {3, 1, 7, 5, 11, 9}, cols.toArray());
        // a transposed (non-contiguous) source
        assertArrayEquals(new float[] {1, 5, 9}, Indexing.indexSelect(x.t(), 0, new int[] {1}).toArray());
    }

    @Test
    void indexSelectBackwardAddsRepeatedRows() {
        Tensor w = Tensor.randn(new Generator(3), 4, 3).setRequiresGrad(true);
        Indexing.indexSelect(w, 0, new int[] {1, 3, 1}).sum().backward();
        assertArrayEquals(new float[] {0, 0, 0, 2, 2, 2, 0, 0, 0, 1, 1, 1}, w.grad().toArray());
        Tensor a = Tensor.randn(new Generator(5), 3, 4, 2).setRequiresGrad(true);
        GradCheck.assertGradients(in -> Indexing.indexSelect(in[0], 1, new int[] {3, 0, 3}), a);
        GradCheck.assertGradients(in -> Indexing.indexSelect(in[0], -1, new int[] {1}), a);
    }

    @Test
    void gatherMatchesTorchSemantics() {
        Tensor x = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor idx = Tensor.of(new float[][] {{2, 0}, {1, 1}});
        assertArrayEquals(new float[] {3, 1, 5, 5}, Indexing.gather(x, 1, idx).toArray());
        Tensor rows = Tensor.of(new float[][] {{1, 0, 1}});
        assertArrayEquals(new float[] {4, 2, 6}, Indexing.gather(x, 0, rows).toArray());
        // index smaller than the source in a non-gathered dimension
        assertArrayEquals(new float[] {2}, Indexing.gather(x, 1, Tensor.of(new float[][] {{1}})).toArray());
    }

    @Test
    void gatherGradientScattersAndAdds() {
        Tensor x = Tensor.randn(new Generator(7), 3, 4, 5).setRequiresGrad(true);
        Tensor idx = Tensor.of(new float[] {0, 3, 3, 1, 2, 2, 0, 1, 3, 3, 0, 0}).reshape(3, 2, 2);
        GradCheck.assertGradients(in -> Indexing.gather(in[0], 1, idx), x);
        Tensor y = Tensor.of(1, 2, 3).setRequiresGrad(true);
        Indexing.gather(y, 0, Tensor.of(2, 2, 0)).sum().backward();
        assertArrayEquals(new float[] {1, 0, 2}, y.grad().toArray());
    }

    @Test
    void badIndicesAreRejectedWithTheirPosition() {
        Tensor x = Tensor.zeros(3, 4);
        var e = assertThrows(IndexOutOfBoundsException.class, () -> Indexing.indexSelect(x, 0, new int[] {0, 3}));
        assertTrue(e.getMessage().contains("index 3") && e.getMessage().contains("position 1"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Indexing.indexSelect(x, 0, new int[] {-1}));
        var f = assertThrows(IllegalArgumentException.class, () -> Indexing.indexSelect(x, 0, Tensor.of(0.5f)));
        assertTrue(f.getMessage().contains("not an integer"), f.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Indexing.indexSelect(x, 0, Tensor.of(Float.NaN)));
        assertThrows(IllegalArgumentException.class, () -> Indexing.gather(x, 1, Tensor.zeros(3)));
        assertThrows(IllegalArgumentException.class, () -> Indexing.gather(x, 1, Tensor.zeros(4, 1)));
        assertThrows(IndexOutOfBoundsException.class, () -> Indexing.gather(x, 1, Tensor.full(4f, 3, 1)));
        assertThrows(IllegalArgumentException.class, () -> Indexing.indexSelect(x, 2, new int[] {0}));
    }
}
