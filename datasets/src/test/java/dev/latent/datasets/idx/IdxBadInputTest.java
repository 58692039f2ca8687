package dev.latent.datasets.idx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxBadInputTest {
    private static final IdxSpec IMAGES = IdxSpec.of(IdxType.UNSIGNED_BYTE, IdxSpec.ANY, 2, 2);

    @TempDir
    Path dir;

    private static byte[] valid() {
        return IdxWriter.toBytes(IdxArray.ofUnsignedBytes(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2));
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    /** Reads {@code bytes} as a file; expects a format error at {@code offset} (-1: any) mentioning {@code text}. */
    private IdxFormatException expect(byte[] bytes, IdxSpec spec, long offset, String text) throws IOException {
        Path f = file("bad.idx", bytes);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(f, spec));
        if (offset >= 0) {
            assertEquals(offset, e.offset(), e.getMessage());
        }
        assertEquals(f.toString(), e.source());
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("offset " + e.offset()),
                e.getMessage());
        assertTrue(e.getMessage().contains(text), e.getMessage());
        return e;
    }

    @Test
    void wrongMagic() throws IOException {
        byte[] b = valid();
        b[0] = (byte) 0x89;
        expect(b, null, 0, "not an IDX file");
        expect("hello world, not idx".getBytes(), null, 0, "magic number");
    }

    @Test
    void unknownOrUnexpectedType() throws IOException {
        byte[] b = valid();
        b[2] = 0x0A;
        expect(b, null, 2, "unknown element type code 0x0A");
        b[2] = 0x09;
        expect(b, IMAGES, 2, "element type is SIGNED_BYTE");
    }

    @Test
    void unexpectedRankOrSize() throws IOException {
        expect(valid(), IdxSpec.ofRank(IdxType.UNSIGNED_BYTE, 1), 3, "rank is 3 but 1 was expected");
        expect(valid(), IdxSpec.of(IdxType.UNSIGNED_BYTE, IdxSpec.ANY, 2, 3), 12, "dimension 2 is 2 but 3");
        assertEquals(8, IdxReader.read(file("ok", valid()), IMAGES).size());
    }

    @Test
    void sizesBeyondTheFileAreRejectedBeforeAllocating() throws IOException {
        // 65535^3 bytes would be 281 TB; the file has 8 bytes of data.
        byte[] huge = {0, 0, 0x08, 3, 0, 0, (byte) 0xFF, (byte) 0xFF, 0, 0, (byte) 0xFF, (byte) 0xFF, 0, 0,
            (byte) 0xFF, (byte) 0xFF, 1, 2, 3, 4, 5, 6, 7, 8};
        expect(huge, null, 8, "does not fit in a Java array");
        // 2^30 doubles overflow an int but not a long: still named, still no allocation.
        byte[] doubles = {0, 0, 0x0E, 1, 0x40, 0, 0, 0};
        expect(doubles, null, 4, "does not fit in a Java array");
        // Sizes that fit in memory but not in the file.
        byte[] tooBig = valid();
        tooBig[7] = 100;
        expect(tooBig, null, tooBig.length, "truncated");
        byte[] negative = valid();
        negative[4] = (byte) 0x80;
        expect(negative, null, 4, "more than 2^31-1");
        // Sizes whose product overflows a long are rejected at the first size that exceeds the limit.
        byte[] overflow = new byte[4 + 4 * 255];
        overflow[2] = 0x08;
        overflow[3] = (byte) 255;
        Arrays.fill(overflow, 4, overflow.length, (byte) 0x7F);
        expect(overflow, null, 8, "does not fit");
    }

    @Test
    void truncatedOrOverlongFiles() throws IOException {
        byte[] b = valid();
        expect(new byte[0], null, 0, "truncated");
        expect(Arrays.copyOf(b, 2), null, 2, "inside the 4-byte magic number");
        expect(Arrays.copyOf(b, 9), null, 9, "dimension sizes");
        expect(Arrays.copyOf(b, b.length - 1), null, b.length - 1, "needs 8 data bytes");
        expect(Arrays.copyOf(b, b.length + 3), null, b.length, "3 unexpected bytes after the end");
    }

    @Test
    void truncatedAndCorruptGzip() throws IOException {
        byte[] z = Gzip.compress(valid());
        IdxFormatException e = expect(Arrays.copyOf(z, z.length - 12), null, -1, "gzip data");
        assertTrue(e.getMessage().contains("decompressed"), e.getMessage());
        byte[] crc = z.clone();
        crc[z.length - 6] ^= 0x55; // CRC32 in the trailer
        expect(crc, null, valid().length, "corrupt or truncated gzip data");
        expect(Arrays.copyOf(z, 5), null, 0, "corrupt gzip header");
        // A gzip stream that decompresses to a truncated IDX file.
        expect(Gzip.compress(Arrays.copyOf(valid(), 12)), null, 12, "truncated: the decompressed data ends");
    }

    @Test
    void gzipHeaderClaimingMoreThanDeflateCanHoldFailsBeforeReading() throws IOException {
        // Claims 2^30 bytes of unsigned bytes in a file of about 40 bytes.
        byte[] claim = {0, 0, 0x08, 1, 0x40, 0, 0, 0};
        expect(Gzip.compress(claim), null, 8, "more than a");
        // Through a plain stream the size is unknown: the read fails at the real end, allocating little.
        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> IdxReader.read(new ByteArrayInputStream(Gzip.compress(claim)), "stream"));
        assertEquals(8, e.offset());
        assertTrue(e.getMessage().startsWith("stream: truncated"), e.getMessage());
    }
}
