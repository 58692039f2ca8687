package dev.latent.examples.cli;

/** A bad combination of options, reported as one line with the command's usage hint (no stack trace). */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with the message shown to the user. */
    public UsageException(String message) {
        super(message);
    }
}
