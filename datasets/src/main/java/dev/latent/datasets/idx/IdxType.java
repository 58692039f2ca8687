package dev.latent.datasets.idx;

/**
 * The element types of the IDX format, with their type codes (the third byte of the magic number) and sizes. Values
 * are stored big-endian.
 */
public enum IdxType {
    /** Unsigned byte, code {@code 0x08}: values 0 to 255 (MNIST pixels and labels). */
    UNSIGNED_BYTE(0x08, 1),
    /** Signed byte, code {@code 0x09}: values -128 to 127. */
    SIGNED_BYTE(0x09, 1),
    /** Signed 16-bit integer, code {@code 0x0B}. */
    SHORT(0x0B, 2),
    /** Signed 32-bit integer, code {@code 0x0C}. */
    INT(0x0C, 4),
    /** 32-bit IEEE float, code {@code 0x0D}. */
    FLOAT(0x0D, 4),
    /** 64-bit IEEE double, code {@code 0x0E}. */
    DOUBLE(0x0E, 8);

    private final int code;
    private final int bytes;

    IdxType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** The type code stored in the third byte of the magic number. */
    public int code() {
        return code;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Whether the elements are integers (every type except {@link #FLOAT} and {@link #DOUBLE}). */
    public boolean isInteger() {
        return this != FLOAT && this != DOUBLE;
    }

    /** The type with the given code, or null if the code is not one of the spec's. */
    public static IdxType fromCode(int code) {
        for (IdxType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** The name and code, e.g. {@code UNSIGNED_BYTE (0x08)}. */
    public String describe() {
        return String.format("%s (0x%02X)", name(), code);
    }
}
