package dev.latent.datasets.idx;

import java.io.IOException;

/**
 * A file or stream that is not a valid IDX array, or not the array the caller asked for. The message names the
 * source (a file path or resource name) and the byte offset of the problem; for gzip files the offset counts bytes
 * of the decompressed data.
 */
public class IdxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The file path or resource name. */
    private final String source;
    /** The byte offset of the problem. */
    private final long offset;

    /** A problem in {@code source} at byte {@code offset}, described by {@code problem}. */
    public IdxFormatException(String source, long offset, String problem) {
        this(source, offset, problem, null);
    }

    /** A problem in {@code source} at byte {@code offset}, caused by {@code cause}. */
    public IdxFormatException(String source, long offset, String problem, Throwable cause) {
        this(source, offset, false, problem, cause);
    }

    /** As above; {@code decompressed} says the offset counts bytes of a gzip file's decompressed data. */
    IdxFormatException(String source, long offset, boolean decompressed, String problem, Throwable cause) {
        super(source + ": " + problem + " (at byte offset " + offset + (decompressed ? " of the decompressed data)"
                : ")"), cause);
        this.source = source;
        this.offset = offset;
    }

    /** The file path or resource name that was being read. */
    public String source() {
        return source;
    }

    /** The byte offset of the problem (in the decompressed data for gzip files). */
    public long offset() {
        return offset;
    }
}
