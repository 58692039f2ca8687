package dev.latent.nn.io;

import java.io.IOException;

/** A safetensors file that is malformed, truncated or hostile; the message names the file and the problem. */
public final class SafeTensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the file
     */
    public SafeTensorsException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what is wrong, naming the file
     * @param cause   the underlying error
     */
    public SafeTensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
