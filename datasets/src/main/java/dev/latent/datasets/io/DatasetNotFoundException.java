package dev.latent.datasets.io;

import java.io.IOException;

/**
 * A dataset's files are in none of the places searched (or could not be downloaded). The message lists where they
 * were looked for, which files are missing, and where to put them.
 */
public class DatasetNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public DatasetNotFoundException(String message) {
        super(message);
    }

    /** An exception with the given message and cause (such as a failed download). */
    public DatasetNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
