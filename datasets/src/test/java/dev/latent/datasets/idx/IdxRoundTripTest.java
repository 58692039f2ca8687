package dev.latent.datasets.idx;

import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IdxRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void parsesHandWrittenBigEndianBytes() throws IOException {
        byte[] ubyte = {0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, (byte) 255};
        IdxArray a = IdxReader.read(new ByteArrayInputStream(ubyte), "ubyte");
        assertEquals(IdxType.UNSIGNED_BYTE, a.type());
        assertArrayEquals(new int[] {2, 3}, a.dims());
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 255}, a.toIntArray());

        byte[] floats = {0, 0, 0x0D, 1, 0, 0, 0, 2, 0x3F, (byte) 0x80, 0, 0, (byte) 0xC0, 0x20, 0, 0};
        assertArrayEquals(new float[] {1f, -2.5f}, IdxReader.read(new ByteArrayInputStream(floats), "f")
                .toFloatArray());

        byte[] shorts = {0, 0, 0x0B, 1, 0, 0, 0, 2, (byte) 0xFF, (byte) 0xFE, 0x01, 0x00};
        assertArrayEquals(new int[] {-2, 256}, IdxReader.read(new ByteArrayInputStream(shorts), "s").toIntArray());

        byte[] ints = {0, 0, 0x0C, 1, 0, 0, 0, 1, (byte) 0x80, 0, 0, 1};
        assertArrayEquals(new int[] {Integer.MIN_VALUE + 1}, IdxReader.read(new ByteArrayInputStream(ints), "i")
                .toIntArray());

        byte[] doubles = {0, 0, 0x0E, 1, 0, 0, 0, 1, 0x40, 0x09, 0x21, (byte) 0xFB, 0x54, 0x44, 0x2D, 0x18};
        assertEquals(Math.PI, IdxReader.read(new ByteArrayInputStream(doubles), "d").getDouble(0));

        byte[] sbyte = {0, 0, 0x09, 1, 0, 0, 0, 2, (byte) 0xFF, 0x7F};
        assertArrayEquals(new int[] {-1, 127}, IdxReader.read(new ByteArrayInputStream(sbyte), "b").toIntArray());
    }

    @Test
    void writerProducesTheSpecLayout() {
        IdxArray a = IdxArray.ofInts(new int[] {1, -1}, 1, 2);
        assertArrayEquals(new byte[] {0, 0, 0x0C, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1, -1, -1, -1, -1},
                IdxWriter.toBytes(a));
    }

    @Test
    void everyTypeAndRankRoundTripsRawAndGzip() throws IOException {
        List<IdxArray> arrays = List.of(
                IdxArray.ofUnsignedBytes(new int[] {0, 1, 127, 128, 200, 255}, 2, 3),
                IdxArray.ofSignedBytes(new byte[] {-128, -1, 0, 1, 127, 5, 6, 7}, 2, 2, 2),
                IdxArray.ofShorts(new short[] {Short.MIN_VALUE, -1, 0, Short.MAX_VALUE}, 4),
                IdxArray.ofInts(new int[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE, 42, 7, 9}, 1, 2, 1, 3),
                IdxArray.ofFloats(new float[] {Float.NaN, -0f, Float.MIN_VALUE, Float.MAX_VALUE, 1.5f, -3f}, 3, 2),
                IdxArray.ofDoubles(new double[] {Math.E}, new int[0]),
                IdxArray.ofFloats(new float[0], 0, 5),
                IdxArray.ofUnsignedBytes(new byte[0], 0));
        int i = 0;
        for (IdxArray a : arrays) {
            for (boolean gzip : new boolean[] {false, true}) {
                // Compression is detected from the bytes: these names say nothing about it.
                Path file = dir.resolve("array-" + i++ + ".idx");
                IdxWriter.write(file, a, gzip);
                assertEquals(gzip, Files.readAllBytes(file)[0] == 0x1F, "gzip magic for " + a);
                IdxArray back = IdxReader.read(file);
                assertEquals(a, back, "round trip of " + a + (gzip ? " (gzip)" : ""));
                assertEquals(a.header(), IdxReader.readHeader(file));
                assertArrayEquals(a.toDoubleArray(), back.toDoubleArray(), 0.0);
                try (var in = Files.newInputStream(file)) {
                    assertEquals(a, IdxReader.read(in, file.toString()));
                }
            }
        }
    }

    @Test
    void gzipIsChosenByNameWhenNotSaid() throws IOException {
        IdxArray a = IdxArray.ofUnsignedBytes(new int[] {3, 1, 4}, 3);
        IdxWriter.write(dir.resolve("x.gz"), a);
        IdxWriter.write(dir.resolve("x"), a);
        assertEquals(0x1F, Files.readAllBytes(dir.resolve("x.gz"))[0] & 0xFF);
        assertEquals(0, Files.readAllBytes(dir.resolve("x"))[0]);
        assertEquals(a, IdxReader.read(dir.resolve("x.gz")));
        assertEquals(a, IdxReader.read(dir.resolve("x")));
    }

    @Test
    void conversions() {
        IdxArray pixels = IdxArray.ofUnsignedBytes(new int[] {0, 51, 255}, 3);
        assertArrayEquals(new float[] {0f, 51 / 255f, 1f}, pixels.toFloatArrayDividedBy(255));
        assertArrayEquals(new float[] {0f, 25.5f, 127.5f}, pixels.toFloatArrayDividedBy(2));
        assertArrayEquals(new float[] {-0.5f}, IdxArray.ofSignedBytes(new byte[] {-1}, 1).toFloatArrayDividedBy(2));
        assertArrayEquals(new float[] {-1.5f}, IdxArray.ofFloats(new float[] {-3}, 1).toFloatArrayDividedBy(2));
        assertArrayEquals(new float[] {7f}, IdxArray.ofInts(new int[] {14}, 1).toFloatArrayDividedBy(2));
        Tensor t = IdxArray.ofShorts(new short[] {1, -2, 3, -4}, 2, 2).toTensor();
        assertEquals(List.of(2, 2), List.of(t.size(0), t.size(1)));
        assertArrayEquals(new float[] {1, -2, 3, -4}, t.toArray());
        assertThrows(IllegalStateException.class, () -> IdxArray.ofFloats(new float[] {1}, 1).toIntArray());
        assertArrayEquals(new float[] {2.5f}, IdxArray.ofDoubles(new double[] {2.5}, 1).toFloatArray());
    }

    @Test
    void fromTensorChecksRepresentability() {
        Tensor t = Tensor.of(0, 128, 255);
        assertArrayEquals(new int[] {0, 128, 255}, IdxArray.fromTensor(t, IdxType.UNSIGNED_BYTE).toIntArray());
        assertArrayEquals(new float[] {0, 128, 255}, IdxArray.fromTensor(t, IdxType.FLOAT).toFloatArray());
        assertArrayEquals(new int[] {0, 128, 255}, IdxArray.fromTensor(t, IdxType.SHORT).toIntArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IdxArray.fromTensor(Tensor.of(1, 256), IdxType.UNSIGNED_BYTE));
        assertEquals(true, e.getMessage().contains("index 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IdxArray.fromTensor(Tensor.of(0.5f), IdxType.INT));
        assertThrows(IllegalArgumentException.class, () -> IdxArray.ofUnsignedBytes(new int[] {-1}, 1));
        assertThrows(IllegalArgumentException.class, () -> IdxArray.ofFloats(new float[3], 2, 2));
    }
}
