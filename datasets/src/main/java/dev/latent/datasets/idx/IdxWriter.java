package dev.latent.datasets.idx;

import dev.latent.io.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes IDX arrays, raw or gzip-compressed. Files are written atomically (a temporary file renamed over the
 * target), so a reader never sees a half-written file.
 */
public final class IdxWriter {
    private IdxWriter() {
    }

    /** Writes {@code array} to {@code file}, gzip-compressed when the file name ends in {@code .gz}. */
    public static void write(Path file, IdxArray array) throws IOException {
        write(file, array, file.getFileName().toString().endsWith(".gz"));
    }

    /** Writes {@code array} to {@code file}, gzip-compressed if {@code gzip}. */
    public static void write(Path file, IdxArray array, boolean gzip) throws IOException {
        AtomicFiles.writeStream(file, out -> {
            if (gzip) {
                GZIPOutputStream z = new GZIPOutputStream(out, 1 << 16);
                write(z, array);
                z.finish();
            } else {
                write(out, array);
            }
        });
    }

    /** Writes the header and data of {@code array} to {@code out} (not closed), uncompressed. */
    public static void write(OutputStream out, IdxArray array) throws IOException {
        IdxHeader h = array.header();
        byte[] header = new byte[h.headerBytes()];
        header[2] = (byte) h.type().code();
        header[3] = (byte) h.rank();
        for (int i = 0; i < h.rank(); i++) {
            int d = h.dim(i);
            header[4 + 4 * i] = (byte) (d >>> 24);
            header[5 + 4 * i] = (byte) (d >>> 16);
            header[6 + 4 * i] = (byte) (d >>> 8);
            header[7 + 4 * i] = (byte) d;
        }
        out.write(header);
        out.write(array.rawData());
    }

    /** The uncompressed IDX encoding of {@code array} (header and data) as bytes. */
    public static byte[] toBytes(IdxArray array) {
        IdxHeader h = array.header();
        ByteArrayOutputStream out = new ByteArrayOutputStream(h.headerBytes() + h.dataBytes());
        try {
            write(out, array);
        } catch (IOException e) {
            throw new AssertionError("in-memory stream failed", e);
        }
        return out.toByteArray();
    }
}
