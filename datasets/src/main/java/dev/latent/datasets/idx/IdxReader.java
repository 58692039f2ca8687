package dev.latent.datasets.idx;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX arrays (the format of MNIST) of any rank and element type, raw or gzip-compressed. Compression is
 * detected from the first two bytes, not the file name. Gzip data is decompressed while it is read, so the
 * compressed and the decompressed copy are never both in memory.
 *
 * <p>Hostile or damaged input is rejected with an {@link IdxFormatException} naming the source and byte offset:
 * a wrong magic number, an unknown type code, a type, rank or size other than the caller's {@link IdxSpec}, sizes
 * whose data would not fit in a Java array or in the file, a truncated file, data after the end of the array, or a
 * corrupt gzip stream. Memory is never allocated on the header's word alone: for raw files the claimed size is
 * checked against the file size first, and data of unknown length (gzip, plain streams) is read in growing chunks,
 * so a lying header fails at the end of the real data instead of allocating what it claims.
 */
public final class IdxReader {
    /** Deflate cannot expand data by more than about 1032:1; a header claiming more than this is a lie. */
    private static final long MAX_GZIP_RATIO = 1032;
    private static final int FIRST_CHUNK = 1 << 20;
    private static final int BUFFER = 1 << 16;

    private final String source;
    private final boolean gzip;
    private final InputStream in;
    private long position;

    private IdxReader(String source, boolean gzip, InputStream in) {
        this.source = source;
        this.gzip = gzip;
        this.in = in;
    }

    /** Reads the IDX array in {@code file}, whatever its type and shape. */
    public static IdxArray read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * Reads the IDX array in {@code file}, which must match {@code expected} (null accepts anything).
     *
     * @throws IdxFormatException if the file is not a valid IDX array matching {@code expected}
     */
    public static IdxArray read(Path file, IdxSpec expected) throws IOException {
        long fileSize = Files.size(file);
        try (InputStream raw = Files.newInputStream(file)) {
            return read(raw, file.toString(), fileSize, expected);
        }
    }

    /** Reads an IDX array from {@code in} (not closed), naming it {@code source} in errors. */
    public static IdxArray read(InputStream in, String source) throws IOException {
        return read(in, source, -1, null);
    }

    /** Reads an IDX array matching {@code expected} (null accepts anything) from {@code in} (not closed). */
    public static IdxArray read(InputStream in, String source, IdxSpec expected) throws IOException {
        return read(in, source, -1, expected);
    }

    /** Reads only the header of {@code file}. */
    public static IdxHeader readHeader(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            return open(raw, file.toString()).parseHeader(null);
        }
    }

    private static IdxArray read(InputStream raw, String source, long streamSize, IdxSpec expected)
            throws IOException {
        IdxReader reader = open(raw, source);
        IdxHeader header = reader.parseHeader(expected);
        return reader.readData(header, streamSize);
    }

    private static IdxReader open(InputStream raw, String source) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        if (b0 != 0x1F || b1 != 0x8B) {
            return new IdxReader(source, false, buffered);
        }
        try {
            return new IdxReader(source, true, new GZIPInputStream(buffered, BUFFER));
        } catch (ZipException | EOFException e) {
            throw new IdxFormatException(source, 0, "corrupt gzip header: " + e.getMessage(), e);
        }
    }

    private IdxHeader parseHeader(IdxSpec expected) throws IOException {
        byte[] magic = new byte[4];
        readFully(magic, 0, 4, "the 4-byte magic number");
        if (magic[0] != 0 || magic[1] != 0) {
            throw fail(0, String.format("not an IDX file: the magic number 0x%02X%02X%02X%02X does not start with"
                    + " two zero bytes", magic[0], magic[1], magic[2], magic[3]));
        }
        int code = magic[2] & 0xFF;
        IdxType type = IdxType.fromCode(code);
        if (type == null) {
            throw fail(2, String.format("unknown element type code 0x%02X (the spec has 0x08, 0x09, 0x0B, 0x0C,"
                    + " 0x0D, 0x0E)", code));
        }
        int rank = magic[3] & 0xFF;
        if (expected != null && type != expected.type()) {
            throw fail(2, "element type is " + type.describe() + " but " + expected.type().describe()
                    + " was expected (" + expected + ")");
        }
        if (expected != null && rank != expected.rank()) {
            throw fail(3, "rank is " + rank + " but " + expected.rank() + " was expected (" + expected + ")");
        }
        byte[] sizes = new byte[4 * rank];
        readFully(sizes, 0, sizes.length, "the " + rank + " dimension sizes");
        int[] dims = new int[rank];
        long bytes = type.bytes();
        for (int i = 0; i < rank; i++) {
            long at = 4 + 4L * i;
            dims[i] = ((sizes[4 * i] & 0xFF) << 24) | ((sizes[4 * i + 1] & 0xFF) << 16)
                    | ((sizes[4 * i + 2] & 0xFF) << 8) | (sizes[4 * i + 3] & 0xFF);
            if (dims[i] < 0) {
                throw fail(at, "size of dimension " + i + " is " + Integer.toUnsignedString(dims[i])
                        + ", more than 2^31-1");
            }
            if (expected != null && expected.dim(i) != IdxSpec.ANY && expected.dim(i) != dims[i]) {
                throw fail(at, "size of dimension " + i + " is " + dims[i] + " but " + expected.dim(i)
                        + " was expected (" + expected + ")");
            }
            bytes *= dims[i];
            if (bytes > IdxArray.MAX_DATA_BYTES) {
                throw fail(at, "sizes " + Arrays.toString(Arrays.copyOf(dims, i + 1)) + (i + 1 < rank ? "..." : "")
                        + " of " + type + " need more than " + IdxArray.MAX_DATA_BYTES
                        + " bytes, which does not fit in a Java array");
            }
        }
        return new IdxHeader(type, dims);
    }

    private IdxArray readData(IdxHeader header, long streamSize) throws IOException {
        int need = header.dataBytes();
        long dataStart = header.headerBytes();
        byte[] data;
        if (!gzip && streamSize >= 0) {
            long available = streamSize - dataStart;
            if (need > available) {
                throw fail(streamSize, "truncated: " + header + " needs " + need + " data bytes after the "
                        + dataStart + "-byte header, but the file has only " + available);
            }
            if (need < available) {
                throw fail(dataStart + need, (available - need) + " unexpected bytes after the end of the "
                        + header + " data");
            }
            data = new byte[need];
            readFully(data, 0, need, "the data");
        } else {
            if (gzip && streamSize >= 0 && need > streamSize * MAX_GZIP_RATIO + BUFFER) {
                throw fail(dataStart, header + " needs " + need + " data bytes, more than a " + streamSize
                        + "-byte gzip file can hold");
            }
            data = readGrowing(need);
        }
        int extra;
        try {
            extra = in.read();
        } catch (ZipException | EOFException e) {
            throw corrupt(e);
        }
        if (extra >= 0) {
            throw fail(position, "unexpected data after the end of the " + header + " data");
        }
        return new IdxArray(header, data);
    }

    /** Reads {@code need} bytes of unknown availability without allocating more than twice what is really there. */
    private byte[] readGrowing(int need) throws IOException {
        byte[] buf = new byte[Math.min(need, FIRST_CHUNK)];
        int filled = 0;
        while (filled < need) {
            if (filled == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(need, 2L * buf.length));
            }
            int chunk = Math.min(buf.length - filled, BUFFER * 4);
            readFully(buf, filled, chunk, "the data (" + need + " bytes)");
            filled += chunk;
        }
        return buf;
    }

    private void readFully(byte[] buf, int off, int len, String what) throws IOException {
        int done = 0;
        while (done < len) {
            int n;
            try {
                n = in.read(buf, off + done, len - done);
            } catch (ZipException | EOFException e) {
                throw corrupt(e);
            }
            if (n < 0) {
                throw fail(position, "truncated: the " + (gzip ? "decompressed data ends" : "file ends")
                        + " inside " + what);
            }
            done += n;
            position += n;
        }
    }

    private IdxFormatException corrupt(IOException e) {
        return new IdxFormatException(source, position, true, "corrupt or truncated gzip data: " + e.getMessage(),
                e);
    }

    private IdxFormatException fail(long offset, String problem) {
        return new IdxFormatException(source, offset, gzip, problem, null);
    }
}
