package dev.latent.nn;

import java.nio.ByteBuffer;

/**
 * Element types of tensors on disk, with the names the safetensors format uses. Tensors in memory are always
 * float32; a state dict entry remembers the dtype it is stored as (PyTorch keeps BatchNorm's
 * {@code num_batches_tracked} as int64, for example), and values convert on reading and writing.
 */
public enum DType {
    /** 64-bit IEEE float. */
    F64(8),
    /** 32-bit IEEE float: what tensors hold in memory. */
    F32(4),
    /** 16-bit IEEE half float. */
    F16(2),
    /** bfloat16: the upper half of a float32. */
    BF16(2),
    /** Signed 64-bit integer. */
    I64(8),
    /** Signed 32-bit integer. */
    I32(4),
    /** Signed 16-bit integer. */
    I16(2),
    /** Signed 8-bit integer. */
    I8(1),
    /** Unsigned 8-bit integer. */
    U8(1),
    /** Boolean stored as one byte, 0 or 1. */
    BOOL(1);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether values of this type are integers (or booleans), which a float must match exactly to be stored. */
    public boolean isIntegral() {
        return this != F64 && this != F32 && this != F16 && this != BF16;
    }

    /** The type with the given safetensors name ({@code "F32"}, {@code "I64"}, ...), or null if unknown. */
    public static DType fromName(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Reads {@code count} little-endian values of this type from {@code in} into {@code out} from {@code offset}. */
    public void decode(ByteBuffer in, float[] out, int offset, int count) {
        for (int i = offset; i < offset + count; i++) {
            out[i] = switch (this) {
                case F64 -> (float) in.getDouble();
                case F32 -> in.getFloat();
                case F16 -> Float.float16ToFloat(in.getShort());
                case BF16 -> Float.intBitsToFloat((in.getShort() & 0xFFFF) << 16);
                case I64 -> (float) in.getLong();
                case I32 -> (float) in.getInt();
                case I16 -> in.getShort();
                case I8 -> in.get();
                case U8 -> in.get() & 0xFF;
                case BOOL -> in.get() != 0 ? 1f : 0f;
            };
        }
    }

    /**
     * Writes {@code values} as little-endian values of this type. Floats round to nearest (even); integral types
     * need integral values within range.
     *
     * @throws IllegalArgumentException naming the first value that this type cannot hold
     */
    public void encode(float[] values, int offset, int count, ByteBuffer out) {
        for (int i = 0; i < count; i++) {
            float v = values[offset + i];
            if (isIntegral()) {
                checkIntegral(v, i);
            }
            switch (this) {
                case F64 -> out.putDouble(v);
                case F32 -> out.putFloat(v);
                case F16 -> out.putShort(Float.floatToFloat16(v));
                case BF16 -> out.putShort(toBFloat16(v));
                case I64 -> out.putLong((long) v);
                case I32 -> out.putInt((int) v);
                case I16 -> out.putShort((short) v);
                case I8, U8, BOOL -> out.put((byte) v);
                default -> throw new IllegalStateException(name());
            }
        }
    }

    private void checkIntegral(float v, int index) {
        double min;
        double max;
        switch (this) {
            case I64 -> {
                min = -0x1p63;
                max = 0x1p63;
            }
            case I32 -> {
                min = Integer.MIN_VALUE;
                max = 0x1p31;
            }
            case I16 -> {
                min = Short.MIN_VALUE;
                max = Short.MAX_VALUE + 1;
            }
            case I8 -> {
                min = Byte.MIN_VALUE;
                max = Byte.MAX_VALUE + 1;
            }
            case U8 -> {
                min = 0;
                max = 256;
            }
            default -> {
                min = 0;
                max = 2;
            }
        }
        if (v != Math.rint(v) || v < min || v >= max) {
            throw new IllegalArgumentException("value " + v + " at element " + index + " cannot be stored as " + name());
        }
    }

    private static short toBFloat16(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) {
            return (short) ((bits >>> 16) | 0x40); // keep it a (quiet) NaN
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
