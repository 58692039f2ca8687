package dev.latent.kernels;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule that cuts a convolution's batch into tiles ({@link ConvKernels#tileCount}). */
class ConvTilesTest {
    /** The reference models' small-map and large-map layers, and one whose tile holds a single image. */
    private static ConvGeometry[] layers(int batch) {
        return new ConvGeometry[] {
                new ConvGeometry(batch, 16, 7, 7, 32, 3, 3, 3, 3, 2, 2, 0, 0, 1, 1, 1),
                new ConvGeometry(batch, 8, 14, 14, 16, 7, 7, 3, 3, 2, 2, 1, 1, 1, 1, 1),
                new ConvGeometry(batch, 64, 14, 14, 128, 7, 7, 4, 4, 2, 2, 1, 1, 1, 1, 1),
                new ConvGeometry(batch, 3, 32, 32, 8, 32, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1)};
    }

    @Test
    void tilesAreSmallEnoughAtLeastFourAndEven() {
        for (int batch = 1; batch <= 300; batch++) {
            for (ConvGeometry g : layers(batch)) {
                int count = ConvKernels.tileCount(g);
                String what = g + " batch " + batch + ": " + count + " tiles";
                assertTrue(count >= 1 && count <= batch, what);
                // the largest tile, ceil(batch / count) images, fits the tile budget
                assertTrue(ConvKernels.ceilDiv(batch, count) <= ConvKernels.maxTileImages(g), what);
                assertTrue(count >= Math.min(ConvKernels.MIN_TILES, batch), what);
                assertTrue(count % 2 == 0 || count == 1 || count == batch, what);
            }
        }
    }

    @Test
    void conv16To32AtBatch256HasSixTiles() {
        // 5 tiles of 52 images left one of two threads idle for a fifth of the layer
        assertEquals(6, ConvKernels.tileCount(layers(256)[0]));
        assertEquals(4, ConvKernels.tileCount(layers(64)[0]));
        assertEquals(52, ConvKernels.tileCount(layers(256)[2]));
    }

    @Test
    void wideLayersComputeTheWeightGradientTransposed() {
        // 128 output channels are two whole micro-panels: the columns are gathered tap row by tap row
        assertTrue(ConvKernels.transposedWeightGradient(layers(256)[2]));
        // 48 (three vectors: no direct kernel either) are not: dW = dY @ colT stays
        assertFalse(ConvKernels.transposedWeightGradient(
                new ConvGeometry(256, 16, 7, 7, 48, 3, 3, 3, 3, 2, 2, 0, 0, 1, 1, 1)));
    }
}
