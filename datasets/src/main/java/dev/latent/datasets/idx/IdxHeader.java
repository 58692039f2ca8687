package dev.latent.datasets.idx;

import java.util.Arrays;
import java.util.Objects;

/**
 * The header of an IDX array: its element type and the size of each dimension. The header takes
 * {@code 4 + 4 * rank} bytes: two zero bytes, the type code, the rank, then each size as a big-endian int.
 */
public final class IdxHeader {
    private final IdxType type;
    private final int[] dims;
    private final long elementCount;

    /**
     * A header for {@code type} and sizes {@code dims} (at most 255 dimensions, each non-negative).
     *
     * @throws IllegalArgumentException if a size is negative or the data would not fit in a Java array
     */
    public IdxHeader(IdxType type, int... dims) {
        this.type = Objects.requireNonNull(type, "type");
        if (dims.length > 255) {
            throw new IllegalArgumentException("IDX arrays have at most 255 dimensions, got " + dims.length);
        }
        long count = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension size in " + Arrays.toString(dims));
            }
            count *= d;
            if (count * type.bytes() > IdxArray.MAX_DATA_BYTES) {
                throw new IllegalArgumentException("IDX array " + type + " " + Arrays.toString(dims)
                        + " is too large for one Java array (more than " + IdxArray.MAX_DATA_BYTES + " bytes)");
            }
        }
        this.dims = dims.clone();
        this.elementCount = count;
    }

    /** The element type. */
    public IdxType type() {
        return type;
    }

    /** A copy of the dimension sizes. */
    public int[] dims() {
        return dims.clone();
    }

    /** The number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** The size of dimension {@code d}. */
    public int dim(int d) {
        return dims[d];
    }

    /** The number of elements: the product of the sizes (1 for rank 0). */
    public int elementCount() {
        return (int) elementCount;
    }

    /** The size of the data after the header, in bytes. */
    public int dataBytes() {
        return (int) (elementCount * type.bytes());
    }

    /** The size of the header in bytes: {@code 4 + 4 * rank}. */
    public int headerBytes() {
        return 4 + 4 * dims.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxHeader h && h.type == type && Arrays.equals(h.dims, dims);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(dims);
    }

    /** For example {@code UNSIGNED_BYTE [60000, 28, 28]}. */
    @Override
    public String toString() {
        return type + " " + Arrays.toString(dims);
    }
}
