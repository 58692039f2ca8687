package dev.latent.kernels;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvIndexTest {
    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /** Geometries over stride, padding, dilation, odd sizes, groups (table entries are per group) and size. */
    private static ConvGeometry[] geometries() {
        return new ConvGeometry[] {
                new ConvGeometry(1, 3, 7, 5, 4, 4, 3, 3, 3, 2, 2, 1, 1, 1, 1, 1),
                new ConvGeometry(1, 2, 13, 13, 2, 7, 7, 3, 3, 2, 2, 1, 1, 1, 1, 1),
                new ConvGeometry(1, 4, 9, 6, 6, 3, 2, 2, 3, 3, 2, 0, 1, 2, 1, 2),
                new ConvGeometry(1, 1, 5, 7, 1, 9, 11, 1, 1, 1, 1, 2, 2, 1, 1, 1),
                new ConvGeometry(1, 6, 6, 6, 3, 2, 2, 4, 4, 2, 2, 0, 0, 1, 1, 3),
                // the VAE's Conv2d(64→128, k4, s2, p1): tiles of 5 images, each input position read by up to 4 taps
                new ConvGeometry(1, 64, 14, 14, 128, 7, 7, 4, 4, 2, 2, 1, 1, 1, 1, 1),
                // colRows * pixels over MAX_ROW_ENTRIES: transposed columns gathered per pixel and channel
                new ConvGeometry(1, 64, 28, 28, 2, 28, 28, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                // windows whose rows are 8 and 16 floats (one vector each when they lie inside the image)
                new ConvGeometry(1, 2, 11, 12, 3, 11, 7, 3, 8, 1, 1, 1, 1, 1, 1, 1),
                new ConvGeometry(1, 1, 5, 20, 2, 4, 4, 2, 16, 1, 2, 0, 1, 1, 1, 1),
                // the VAE's Conv2d(1→64, k4, s2, p1): 4 x 4 windows, inside the image except along its edges
                new ConvGeometry(1, 1, 28, 28, 64, 14, 14, 4, 4, 2, 2, 1, 1, 1, 1, 1)};
    }

    /** Im2col of {@code images} images side by side: {@code [colRows, images * pixels]}, the first at x[xOff]. */
    private static float[] im2colTile(ConvGeometry g, float[] x, int xOff, int images) {
        int pixels = g.outPixels();
        int ld = images * pixels;
        float[] col = new float[g.colRows() * ld];
        for (int i = 0; i < images; i++) {
            Im2Col.im2col(g, x, xOff + i * g.inImage(), col, i * pixels, ld);
        }
        return col;
    }

    /** Reads every row of a {@code rows x cols} implicit matrix in segments of uneven widths, at an offset. */
    private static float[] readInSegments(ImplicitMatrix m) {
        int[] widths = {1, 5, 17, 33, 64, 3};
        float[] out = new float[m.rows() * m.cols()];
        float[] segment = new float[70];
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0, s = r; c < m.cols(); s++) {
                int w = Math.min(widths[s % widths.length], m.cols() - c);
                m.copyRow(r, c, w, segment, 2);
                System.arraycopy(segment, 2, out, r * m.cols() + c, w);
                c += w;
            }
        }
        return out;
    }

    @Test
    void columnRowsMatchIm2ColWithAndWithoutTheTileTable() {
        for (ConvGeometry g : geometries()) {
            ConvIndex index = ConvIndex.of(g);
            // one image, a tile the table covers, and more images than it covers (one gather run per image)
            for (int images : new int[] {1, 2, ConvKernels.maxTileImages(g) + 1}) {
                float[] x = random(images * g.inImage() + 3, images);
                float[] expected = im2colTile(g, x, 3, images);
                float[] actual = readInSegments(ConvColumns.of(index, g, x, 3, images));
                assertArrayEquals(expected, actual, g + ", " + images + " images");
            }
        }
    }

    /** Reads every row of an implicit matrix whole, in one call each, at an offset. */
    private static float[] readWholeRows(ImplicitMatrix m) {
        float[] out = new float[m.rows() * m.cols()];
        float[] row = new float[m.cols() + 3];
        for (int r = 0; r < m.rows(); r++) {
            m.copyRow(r, 0, m.cols(), row, 3);
            System.arraycopy(row, 3, out, r * m.cols(), m.cols());
        }
        return out;
    }

    /** The transposed column matrix of two images, as {@code reader} reads it, is the transposed im2col. */
    private static void assertTransposedColumns(Function<ImplicitMatrix, float[]> reader, long seed) {
        for (ConvGeometry g : geometries()) {
            int images = 2;
            int n = images * g.outPixels();
            int k = g.colRows();
            float[] x = random(images * g.inImage() + 1, seed);
            float[] expected = im2colTile(g, x, 1, images);
            float[] transposed = reader.apply(ConvColumns.transposed(ConvIndex.of(g), g, x, 1, images));
            for (int r = 0; r < k; r++) {
                for (int p = 0; p < n; p++) {
                    assertEquals(expected[r * n + p], transposed[p * k + r], g + " row " + r + " column " + p);
                }
            }
        }
    }

    @Test
    void transposedColumnRowsAreTheTransposedColumns() {
        assertTransposedColumns(ConvIndexTest::readInSegments, 7);
    }

    @Test
    void wholeTransposedRowsAreTheTransposedColumns() {
        // a whole row at once: windows inside the image are copied run by run, the others gathered
        assertTransposedColumns(ConvIndexTest::readWholeRows, 8);
    }

    @Test
    void addColumnsMatchesCol2Im() {
        for (ConvGeometry g : geometries()) {
            int ld = g.outPixels() + 1;
            float[] col = random(g.colRows() * ld + 1, 2);
            float[] expected = random(g.inImage() + 4, 3);
            float[] actual = expected.clone();
            Im2Col.col2im(g, col, 1, ld, expected, 4);
            ConvIndex.of(g).addColumns(col, 1, ld, actual, 4);
            assertArrayEquals(expected, actual, g.toString());
        }
    }

    @Test
    void addTileColumnsMatchesAddColumnsImageByImage() {
        for (ConvGeometry g : geometries()) {
            ConvIndex index = ConvIndex.of(g);
            int images = Math.min(3, ConvKernels.maxTileImages(g));
            if (!index.coversTile(images) || images < 2) {
                continue;
            }
            int pixels = g.outPixels();
            int ld = images * pixels;
            float[] col = random(g.colRows() * ld, 4);
            float[] dxExpected = random(images * g.inImage() + 2, 5);
            float[] dxActual = dxExpected.clone();
            for (int i = 0; i < images; i++) {
                index.addColumns(col, i * pixels, ld, dxExpected, 2 + i * g.inImage());
            }
            index.addTileColumns(col, ld, images, dxActual, 2);
            assertArrayEquals(dxExpected, dxActual, 1e-6f, g.toString());
        }
    }

    @Test
    void sumTileColumnsGivesTheBitsOfAddingColumnsImageByImageIntoZeros() {
        int checked = 0;
        for (ConvGeometry g : geometries()) {
            ConvIndex index = ConvIndex.of(g);
            for (int images = 1; images <= Math.min(3, ConvKernels.maxTileImages(g)); images++) {
                if (!index.sumsTile(images)) {
                    continue;
                }
                int pixels = g.outPixels();
                int ld = index.tileColumns();
                float[] col = random(g.colRows() * ld, 4);
                // the first group's planes are overwritten, so their old values must not count; the rest is kept
                float[] dxActual = random(images * g.inImage() + 3, 5);
                float[] dxExpected = dxActual.clone();
                for (int i = 0; i < images; i++) {
                    int image = 2 + i * g.inImage();
                    Arrays.fill(dxExpected, image, image + g.inPerGroup() * g.inPixels(), 0f);
                    index.addColumns(col, i * pixels, ld, dxExpected, image);
                }
                index.sumTileColumns(col, images, dxActual, 2);
                assertArrayEquals(dxExpected, dxActual, 0f, g + ", " + images + " images");
                checked++;
            }
        }
        assertTrue(checked >= 3, "only " + checked + " tiles summed");
    }

    @Test
    void col2imRunsAsGathersOnlyWhenMostGatheredLanesAreLive() {
        // Conv2d(64→128, k4, s2, p1) on 14 x 14: every input position is read by exactly 4 taps
        assertTrue(ConvIndex.of(new ConvGeometry(1, 64, 14, 14, 128, 7, 7, 4, 4, 2, 2, 1, 1, 1, 1, 1)).sumsTile(5));
        // Conv2d(16→32, k3, s2) on 7 x 7: 81 reads of 49 positions, up to 4 each (41% of the lanes live)
        ConvIndex sparse = ConvIndex.of(new ConvGeometry(1, 16, 7, 7, 32, 3, 3, 3, 3, 2, 2, 0, 0, 1, 1, 1));
        assertTrue(sparse.coversTile(2));
        assertFalse(sparse.sumsTile(2));
    }

    @Test
    void theCacheIsDroppedWhenItsTablesGrowPastTheBudget() {
        // 1x1 convolutions over 1000 x 1000 pixels: 4M ints of tables each; five pass the 16M-int budget
        ConvGeometry first = new ConvGeometry(1, 1, 1000, 1000, 1, 1000, 1000, 1, 1, 1, 1, 0, 0, 1, 1, 1);
        ConvIndex cached = ConvIndex.of(first);
        assertTrue(cached.ints() >= 4_000_000, "tables of " + cached.ints() + " ints");
        assertSame(cached, ConvIndex.of(first));
        for (int c = 2; c <= 6; c++) {
            ConvIndex.of(new ConvGeometry(1, c, 1000, 1000, 1, 1000, 1000, 1, 1, 1, 1, 0, 0, 1, 1, 1));
        }
        assertNotSame(cached, ConvIndex.of(first), "rebuilt after the cache was dropped");
    }

    @Test
    void tablesAreSharedAcrossBatchSizes() {
        ConvGeometry g = geometries()[0];
        ConvGeometry big = new ConvGeometry(9, g.inChannels(), g.inH(), g.inW(), g.outChannels(), g.outH(),
                g.outW(), g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), g.padH(), g.padW(), g.dilationH(),
                g.dilationW(), g.groups());
        assertEquals(ConvIndex.of(g), ConvIndex.of(big));
    }

    @Test
    void geometriesTooLargeForATableUseIm2Col() {
        // a 1x1 convolution over 1024 x 1025 pixels: more table entries than MAX_ENTRIES
        int h = 1024;
        int w = 1025;
        ConvGeometry g = new ConvGeometry(2, 1, h, w, 1, h, w, 1, 1, 1, 1, 0, 0, 1, 1, 1);
        assertFalse(ConvIndex.fits(g));
        float[] x = random(2 * h * w, 4);
        float[] dy = random(2 * h * w, 5);
        float[] weight = {1.5f};
        float[] y = new float[2 * h * w];
        ConvKernels.forward(g, x, 0, weight, 0, new float[] {0.25f}, 0, y, 0);
        float[] dx = new float[2 * h * w];
        float[] dw = new float[1];
        ConvKernels.backward(g, x, 0, dy, 0, weight, 0, dx, 0, dw, 0);
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            assertEquals(1.5f * x[i] + 0.25f, y[i], 1e-5f, "y at " + i);
            assertEquals(1.5f * dy[i], dx[i], 1e-5f, "dx at " + i);
            sum += (double) x[i] * dy[i];
        }
        assertEquals(sum, dw[0], 1e-3 * Math.sqrt(x.length));
    }
}
