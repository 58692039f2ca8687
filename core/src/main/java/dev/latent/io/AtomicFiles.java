package dev.latent.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Writes files atomically: into a temporary file in the target's folder, flushed to disk, then renamed over the
 * target. A crash or an exception mid-write leaves the previous file (if any) intact and no partial file behind.
 * Every module that writes files (weights, checkpoints, datasets, pictures, metrics) goes through here.
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {
    }

    /** Writes a file's content to an open channel. */
    @FunctionalInterface
    public interface ChannelWriter {
        /**
         * Writes the content.
         *
         * @param channel positioned at the start of an empty file
         * @throws IOException if writing fails
         */
        void write(FileChannel channel) throws IOException;
    }

    /** Writes a file's content to a (buffered) stream. */
    @FunctionalInterface
    public interface StreamWriter {
        /**
         * Writes the whole content; do not close the stream.
         *
         * @param out the stream
         * @throws IOException if writing fails
         */
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically with {@code writer}; on any failure the target is left untouched. */
    public static void write(Path target, ChannelWriter writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: its owner-only permissions would carry over to the target; a file created
        // normally gets the usual permissions (umask).
        Path tmp = dir.resolve("." + absolute.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writer.write(ch);
                ch.force(true); // the data must be on disk before the rename makes it visible
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code target} atomically through a buffered stream. */
    public static void writeStream(Path target, StreamWriter writer) throws IOException {
        write(target, ch -> {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            writer.write(out);
            out.flush(); // not close(): the channel is closed (after force) by write
        });
    }

    /** Writes a UTF-8 string to {@code target} atomically. */
    public static void writeString(Path target, String content) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
        write(target, ch -> {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        });
    }
}
