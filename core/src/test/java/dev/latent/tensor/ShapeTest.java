package dev.latent.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShapeTest {
    @Test
    void sizesAndStrides() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(3, s.rank());
        assertEquals(24, s.numel());
        assertEquals(4, s.size(-1));
        assertArrayEquals(new int[] {12, 4, 1}, s.contiguousStrides());
        assertEquals(1, Shape.scalar().numel());
        assertEquals(Shape.of(2, 3, 4), s);
        assertEquals(Shape.of(2, 3, 4).hashCode(), s.hashCode());
    }

    @Test
    void shapeIsImmutable() {
        int[] dims = {2, 3};
        Shape s = Shape.of(dims);
        dims[0] = 7;
        s.toArray()[1] = 9;
        assertEquals(Shape.of(2, 3), s);
    }

    @Test
    void broadcastFollowsNumpyRules() {
        assertEquals(Shape.of(5, 3, 4), Shape.broadcast(Shape.of(5, 1, 4), Shape.of(3, 1)));
        assertEquals(Shape.of(2, 3), Shape.broadcast(Shape.scalar(), Shape.of(2, 3)));
        var e = assertThrows(IllegalArgumentException.class, () -> Shape.broadcast(Shape.of(2, 3), Shape.of(4)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
    }

    @Test
    void reshapeInfersOneDimension() {
        assertEquals(Shape.of(6, 4), Shape.of(2, 3, 4).resolveReshape(-1, 4));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).resolveReshape(4, -1));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).resolveReshape(-1, -1));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).resolveReshape(5));
    }

    @Test
    void badDimensionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -1));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).size(2));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).size(-3));
    }
}
