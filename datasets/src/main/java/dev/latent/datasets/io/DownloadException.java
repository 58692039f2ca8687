package dev.latent.datasets.io;

import java.io.IOException;

/** A download failed: no connection, an HTTP error, or content that does not match its published checksum. */
public class DownloadException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public DownloadException(String message) {
        super(message);
    }

    /** An exception with the given message and cause. */
    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
