package dev.latent.nn.io;

/** Invalid JSON, or JSON that exceeds a size or depth limit; the message names the character offset. */
public final class JsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The character offset where the problem was found. */
    private final int offset;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, including the offset
     * @param offset  the character offset of the problem
     */
    public JsonException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    /** The character offset where the problem was found. */
    public int offset() {
        return offset;
    }
}
