package dev.latent.datasets.idx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Truncations and byte flips of valid IDX files, raw and gzip, read from files and from streams. Every outcome must
 * be a faithful result or an {@link IdxFormatException} naming the source and offset: never an
 * OutOfMemoryError, an ArrayIndexOutOfBoundsException, another exception type, or a hang (the timeout is only a
 * hang guard, far above the second or so this takes).
 */
class IdxReaderFuzzTest {
    private static final int CASES = 4000;

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void mutatedFilesGiveAFaithfulResultOrAClearError() throws IOException {
        Random random = new Random(20260305L);
        List<byte[]> valid = validFiles(random);
        int results = 0;
        int errors = 0;
        for (int c = 0; c < CASES; c++) {
            byte[] base = valid.get(random.nextInt(valid.size()));
            byte[] bytes = mutate(base, random);
            String what = "case " + c + " (" + bytes.length + " of " + base.length + " bytes, gzip "
                    + (base[0] == 0x1F) + ")";
            try {
                IdxArray result;
                if (c % 4 == 0) {
                    Path f = dir.resolve("case.idx");
                    Files.write(f, bytes);
                    result = IdxReader.read(f);
                } else {
                    result = IdxReader.read(new ByteArrayInputStream(bytes), "case-" + c);
                }
                assertArrayEquals(trustedDecode(bytes), IdxWriter.toBytes(result), what + " read unfaithfully");
                results++;
            } catch (IdxFormatException e) {
                assertTrue(e.getMessage().contains("offset " + e.offset()) && e.offset() >= 0,
                        what + ": " + e.getMessage());
                assertTrue(e.getMessage().startsWith(c % 4 == 0 ? dir.resolve("case.idx").toString() : "case-" + c),
                        what + ": " + e.getMessage());
                errors++;
            } catch (Throwable t) {
                fail(what + " threw " + t, t);
            }
        }
        // Both outcomes must be common, or the mutations are not exercising the reader.
        assertTrue(results > CASES / 20 && errors > CASES / 4, results + " results, " + errors + " errors");
    }

    private static List<byte[]> validFiles(Random random) throws IOException {
        byte[] pixels = new byte[3 * 4 * 5];
        random.nextBytes(pixels);
        float[] floats = new float[6];
        double[] doubles = new double[3];
        short[] shorts = new short[4];
        int[] ints = {random.nextInt(), -7};
        for (int i = 0; i < floats.length; i++) {
            floats[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < doubles.length; i++) {
            doubles[i] = random.nextGaussian();
        }
        for (int i = 0; i < shorts.length; i++) {
            shorts[i] = (short) random.nextInt();
        }
        List<IdxArray> arrays = List.of(
                IdxArray.ofUnsignedBytes(pixels, 3, 4, 5),
                IdxArray.ofSignedBytes(Arrays.copyOf(pixels, 10), 10),
                IdxArray.ofFloats(floats, 2, 3),
                IdxArray.ofDoubles(doubles, 3, 1),
                IdxArray.ofShorts(shorts, 2, 2),
                IdxArray.ofInts(ints, 2));
        List<byte[]> files = new java.util.ArrayList<>();
        for (IdxArray a : arrays) {
            byte[] raw = IdxWriter.toBytes(a);
            files.add(raw);
            files.add(Gzip.compress(raw));
        }
        return files;
    }

    private static byte[] mutate(byte[] base, Random random) {
        byte[] b = base.clone();
        int kind = random.nextInt(3);
        if (kind != 1) {
            int flips = 1 + random.nextInt(3);
            for (int i = 0; i < flips; i++) {
                // Half the flips hit the first bytes, where the gzip and IDX headers are.
                int at = random.nextBoolean() ? random.nextInt(Math.min(b.length, 24)) : random.nextInt(b.length);
                b[at] ^= (byte) (1 + random.nextInt(255));
            }
        }
        if (kind != 0) {
            b = Arrays.copyOf(b, random.nextInt(b.length));
        }
        return b;
    }

    /** What the bytes decode to, by the JDK's own gzip reader when they are gzip. */
    private static byte[] trustedDecode(byte[] bytes) throws IOException {
        if (bytes.length >= 2 && bytes[0] == 0x1F && bytes[1] == (byte) 0x8B) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                return in.readAllBytes();
            }
        }
        return bytes;
    }
}
