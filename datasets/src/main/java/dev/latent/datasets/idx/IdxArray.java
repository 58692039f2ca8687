package dev.latent.datasets.idx;

import dev.latent.tensor.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An immutable IDX array: a {@link IdxHeader} (element type and sizes) and its elements in row-major order. The
 * elements are kept as the file's big-endian bytes and converted on request ({@link #toFloatArray()},
 * {@link #toIntArray()}, {@link #toDoubleArray()}, {@link #toTensor()}).
 *
 * <p>Create arrays to write with the {@code of...} factories, e.g.
 * {@code IdxArray.ofUnsignedBytes(pixels, 100, 28, 28)}, and read them with {@link IdxReader}.
 */
public final class IdxArray {
    /** The largest data size in bytes: what fits in one Java array on every JVM. */
    public static final int MAX_DATA_BYTES = Integer.MAX_VALUE - 8;

    private final IdxHeader header;
    private final byte[] data;

    /** Takes ownership of {@code data}, which must hold exactly the header's data bytes. */
    IdxArray(IdxHeader header, byte[] data) {
        if (data.length != header.dataBytes()) {
            throw new IllegalArgumentException("IDX " + header + " needs " + header.dataBytes() + " bytes, got "
                    + data.length);
        }
        this.header = header;
        this.data = data;
    }

    /** Unsigned bytes: each {@code byte} is read as 0..255 (so {@code (byte) 200} stands for 200). */
    public static IdxArray ofUnsignedBytes(byte[] values, int... dims) {
        return new IdxArray(checked(IdxType.UNSIGNED_BYTE, values.length, dims), values.clone());
    }

    /** Unsigned bytes from ints, each of which must be in 0..255. */
    public static IdxArray ofUnsignedBytes(int[] values, int... dims) {
        IdxHeader h = checked(IdxType.UNSIGNED_BYTE, values.length, dims);
        byte[] data = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 255) {
                throw new IllegalArgumentException("unsigned byte value " + values[i] + " at index " + i
                        + " is outside 0..255");
            }
            data[i] = (byte) values[i];
        }
        return new IdxArray(h, data);
    }

    /** Signed bytes. */
    public static IdxArray ofSignedBytes(byte[] values, int... dims) {
        return new IdxArray(checked(IdxType.SIGNED_BYTE, values.length, dims), values.clone());
    }

    /** 16-bit integers. */
    public static IdxArray ofShorts(short[] values, int... dims) {
        return encoded(IdxType.SHORT, values.length, dims, b -> b.asShortBuffer().put(values));
    }

    /** 32-bit integers. */
    public static IdxArray ofInts(int[] values, int... dims) {
        return encoded(IdxType.INT, values.length, dims, b -> b.asIntBuffer().put(values));
    }

    /** 32-bit floats. */
    public static IdxArray ofFloats(float[] values, int... dims) {
        return encoded(IdxType.FLOAT, values.length, dims, b -> b.asFloatBuffer().put(values));
    }

    /** 64-bit doubles. */
    public static IdxArray ofDoubles(double[] values, int... dims) {
        return encoded(IdxType.DOUBLE, values.length, dims, b -> b.asDoubleBuffer().put(values));
    }

    /** An array of {@code length} values that {@code fill} writes into a big-endian buffer of the right size. */
    private static IdxArray encoded(IdxType type, int length, int[] dims, Consumer<ByteBuffer> fill) {
        IdxHeader h = checked(type, length, dims);
        byte[] data = new byte[h.dataBytes()];
        fill.accept(bigEndian(data));
        return new IdxArray(h, data);
    }

    /**
     * The elements of {@code tensor} (any layout) as an array of {@code type} with the tensor's shape. For integer
     * types every value must be a whole number in the type's range.
     *
     * @throws IllegalArgumentException naming the first value that {@code type} cannot hold exactly
     */
    public static IdxArray fromTensor(Tensor tensor, IdxType type) {
        float[] values = tensor.toArray();
        int[] dims = tensor.shape().toArray();
        if (type == IdxType.FLOAT) {
            return ofFloats(values, dims);
        }
        if (type == IdxType.DOUBLE) {
            double[] d = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                d[i] = values[i];
            }
            return ofDoubles(d, dims);
        }
        long min = switch (type) {
            case UNSIGNED_BYTE -> 0;
            case SIGNED_BYTE -> Byte.MIN_VALUE;
            case SHORT -> Short.MIN_VALUE;
            default -> Integer.MIN_VALUE;
        };
        long max = switch (type) {
            case UNSIGNED_BYTE -> 255;
            case SIGNED_BYTE -> Byte.MAX_VALUE;
            case SHORT -> Short.MAX_VALUE;
            default -> Integer.MAX_VALUE;
        };
        IdxHeader h = checked(type, values.length, dims);
        ByteBuffer out = bigEndian(new byte[h.dataBytes()]);
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (v != Math.rint(v) || v < min || v > max) {
                throw new IllegalArgumentException("fromTensor: value " + v + " at flat index " + i
                        + " is not representable as " + type);
            }
            switch (type) {
                case UNSIGNED_BYTE, SIGNED_BYTE -> out.put((byte) (long) v);
                case SHORT -> out.putShort((short) (long) v);
                default -> out.putInt((int) (long) v);
            }
        }
        return new IdxArray(h, out.array());
    }

    private static IdxHeader checked(IdxType type, int length, int[] dims) {
        IdxHeader h = new IdxHeader(type, dims);
        if (h.elementCount() != length) {
            throw new IllegalArgumentException("IDX " + h + " has " + h.elementCount() + " elements but "
                    + length + " values were given");
        }
        return h;
    }

    private static ByteBuffer bigEndian(byte[] data) {
        return ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
    }

    /** The header: element type and sizes. */
    public IdxHeader header() {
        return header;
    }

    /** The element type. */
    public IdxType type() {
        return header.type();
    }

    /** A copy of the dimension sizes. */
    public int[] dims() {
        return header.dims();
    }

    /** The number of elements. */
    public int size() {
        return header.elementCount();
    }

    /** Element {@code index} (row-major) as a double; exact for every type. */
    public double getDouble(int index) {
        Objects.checkIndex(index, size());
        ByteBuffer b = bigEndian(data);
        return switch (header.type()) {
            case UNSIGNED_BYTE -> data[index] & 0xFF;
            case SIGNED_BYTE -> data[index];
            case SHORT -> b.getShort(index * 2);
            case INT -> b.getInt(index * 4);
            case FLOAT -> b.getFloat(index * 4);
            case DOUBLE -> b.getDouble(index * 8);
        };
    }

    /** The elements as floats (ints beyond 2^24 and doubles are rounded to the nearest float). */
    public float[] toFloatArray() {
        return toFloatArrayDividedBy(1f);
    }

    /**
     * The elements as floats, each divided by {@code divisor} (rounded once, like {@code value / divisor} in float
     * arithmetic); {@code toFloatArrayDividedBy(255)} maps unsigned-byte pixels to [0, 1] as torchvision does.
     */
    public float[] toFloatArrayDividedBy(float divisor) {
        int n = size();
        float[] out = new float[n];
        switch (header.type()) {
            case UNSIGNED_BYTE -> {
                float[] table = new float[256];
                for (int v = 0; v < 256; v++) {
                    table[v] = v / divisor;
                }
                for (int i = 0; i < n; i++) {
                    out[i] = table[data[i] & 0xFF];
                }
            }
            case SIGNED_BYTE -> {
                for (int i = 0; i < n; i++) {
                    out[i] = data[i] / divisor;
                }
            }
            case FLOAT -> {
                bigEndian(data).asFloatBuffer().get(out);
                if (divisor != 1f) {
                    for (int i = 0; i < n; i++) {
                        out[i] /= divisor;
                    }
                }
            }
            default -> {
                double[] d = toDoubleArray();
                for (int i = 0; i < n; i++) {
                    out[i] = (float) (d[i] / divisor);
                }
            }
        }
        return out;
    }

    /** The elements as doubles (exact for every type). */
    public double[] toDoubleArray() {
        int n = size();
        double[] out = new double[n];
        ByteBuffer b = bigEndian(data);
        switch (header.type()) {
            case DOUBLE -> b.asDoubleBuffer().get(out);
            case FLOAT -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.getFloat(i * 4);
                }
            }
            default -> {
                int[] ints = toIntArray();
                for (int i = 0; i < n; i++) {
                    out[i] = ints[i];
                }
            }
        }
        return out;
    }

    /**
     * The elements as ints; only for integer types (unsigned bytes give 0..255).
     *
     * @throws IllegalStateException for {@link IdxType#FLOAT} and {@link IdxType#DOUBLE} arrays
     */
    public int[] toIntArray() {
        int n = size();
        int[] out = new int[n];
        ByteBuffer b = bigEndian(data);
        switch (header.type()) {
            case UNSIGNED_BYTE -> {
                for (int i = 0; i < n; i++) {
                    out[i] = data[i] & 0xFF;
                }
            }
            case SIGNED_BYTE -> {
                for (int i = 0; i < n; i++) {
                    out[i] = data[i];
                }
            }
            case SHORT -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.getShort(i * 2);
                }
            }
            case INT -> b.asIntBuffer().get(out);
            default -> throw new IllegalStateException("toIntArray: elements are " + header.type()
                    + "; use toFloatArray or toDoubleArray");
        }
        return out;
    }

    /** The elements as a float tensor with this array's sizes (see {@link #toFloatArray()}). */
    public Tensor toTensor() {
        return Tensor.wrap(toFloatArray(), header.dims());
    }

    /** A copy of the data bytes (big-endian, without the header). */
    public byte[] toBytes() {
        return data.clone();
    }

    /** The data bytes without copying, for the writer. */
    byte[] rawData() {
        return data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxArray a && a.header.equals(header) && Arrays.equals(a.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * header.hashCode() + Arrays.hashCode(data);
    }

    /** The header, e.g. {@code IdxArray[UNSIGNED_BYTE [10000, 28, 28]]}. */
    @Override
    public String toString() {
        return "IdxArray[" + header + "]";
    }
}
