package dev.latent.datasets.idx;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a caller expects of an IDX file: an element type and a rank, optionally with fixed sizes. The reader checks
 * the header against it before reading any data, so a file of the wrong kind fails fast with the offset of the
 * mismatching header field.
 *
 * <pre>{@code
 * IdxSpec images = IdxSpec.of(IdxType.UNSIGNED_BYTE, IdxSpec.ANY, 28, 28); // [N, 28, 28] unsigned bytes
 * IdxSpec labels = IdxSpec.ofRank(IdxType.UNSIGNED_BYTE, 1);               // [N]
 * }</pre>
 */
public final class IdxSpec {
    /** A size that matches any size. */
    public static final int ANY = -1;

    private final IdxType type;
    private final int[] dims;

    private IdxSpec(IdxType type, int[] dims) {
        this.type = Objects.requireNonNull(type, "type");
        for (int d : dims) {
            if (d < ANY) {
                throw new IllegalArgumentException("expected sizes must be >= 0 or ANY (-1), got "
                        + Arrays.toString(dims));
            }
        }
        if (dims.length > 255) {
            throw new IllegalArgumentException("IDX arrays have at most 255 dimensions, got " + dims.length);
        }
        this.dims = dims;
    }

    /** Elements of {@code type} with exactly {@code dims.length} dimensions; {@link #ANY} leaves a size free. */
    public static IdxSpec of(IdxType type, int... dims) {
        return new IdxSpec(type, dims.clone());
    }

    /** Elements of {@code type} with {@code rank} dimensions of any size. */
    public static IdxSpec ofRank(IdxType type, int rank) {
        if (rank < 0) {
            throw new IllegalArgumentException("rank must be non-negative, got " + rank);
        }
        int[] dims = new int[rank];
        Arrays.fill(dims, ANY);
        return new IdxSpec(type, dims);
    }

    /** The expected element type. */
    public IdxType type() {
        return type;
    }

    /** The expected rank. */
    public int rank() {
        return dims.length;
    }

    /** The expected size of dimension {@code d}, or {@link #ANY}. */
    public int dim(int d) {
        return dims[d];
    }

    /** For example {@code UNSIGNED_BYTE [*, 28, 28]}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(type.toString()).append(" [");
        for (int i = 0; i < dims.length; i++) {
            s.append(i > 0 ? ", " : "").append(dims[i] == ANY ? "*" : String.valueOf(dims[i]));
        }
        return s.append(']').toString();
    }
}
