package dev.latent.kernels;

/**
 * Walks several operands of the same (broadcast) shape in row-major order, one contiguous run of the innermost
 * dimension at a time. Dimensions that are contiguous with each other in every operand are merged first, so a set
 * of fully contiguous operands becomes a single run. Broadcast operands carry stride 0.
 *
 * <pre>{@code
 * StridedIterator it = new StridedIterator(shape, new int[][] {aStrides, outStrides}, new int[] {aOff, outOff});
 * while (it.next()) {
 *     loop(a, it.offset(0), it.innerStride(0), out, it.offset(1), it.innerStride(1), it.innerSize());
 * }
 * }</pre>
 */
public final class StridedIterator {
    private final int operands;
    private final int[] sizes;      // merged sizes, innermost last
    private final int[][] strides;  // [operand][dim]
    private final int[] base;
    private final int[] offsets;
    private final int[] counter;
    private final int innerSize;
    private long remainingRuns;
    private boolean started;

    /**
     * @param shape   the common shape (sizes per dimension)
     * @param strides per operand, its strides over {@code shape} (0 where broadcast)
     * @param offsets per operand, the storage offset of element (0, ..., 0)
     */
    public StridedIterator(int[] shape, int[][] strides, int[] offsets) {
        this.operands = strides.length;
        int rank = shape.length;
        // Merge dim i into dim i+1 when, for every operand, stride[i] == stride[i+1] * size[i+1]. Size-1 dims drop out.
        int[] mSizes = new int[Math.max(rank, 1)];
        int[][] mStrides = new int[operands][Math.max(rank, 1)];
        int m = 0;
        long total = 1;
        for (int d = 0; d < rank; d++) {
            total *= shape[d];
            if (shape[d] == 1) {
                continue;
            }
            if (m > 0 && mergeable(mSizes[m - 1], mStrides, m - 1, strides, d, shape[d])) {
                mSizes[m - 1] *= shape[d];
                for (int k = 0; k < operands; k++) {
                    mStrides[k][m - 1] = strides[k][d];
                }
            } else {
                mSizes[m] = shape[d];
                for (int k = 0; k < operands; k++) {
                    mStrides[k][m] = strides[k][d];
                }
                m++;
            }
        }
        if (m == 0) { // scalar or all size-1 dims
            mSizes[0] = 1;
            m = 1;
        }
        this.sizes = java.util.Arrays.copyOf(mSizes, m);
        this.strides = new int[operands][];
        for (int k = 0; k < operands; k++) {
            this.strides[k] = java.util.Arrays.copyOf(mStrides[k], m);
        }
        this.base = offsets.clone();
        this.offsets = offsets.clone();
        this.counter = new int[m];
        this.innerSize = total == 0 ? 0 : sizes[m - 1];
        this.remainingRuns = total == 0 ? 0 : total / innerSize;
    }

    private boolean mergeable(int outerSize, int[][] merged, int outerDim, int[][] strides, int d, int size) {
        for (int k = 0; k < operands; k++) {
            if (merged[k][outerDim] != strides[k][d] * (long) size) {
                return false;
            }
        }
        return outerSize > 0;
    }

    /** Advances to the next inner run; false when done. */
    public boolean next() {
        if (remainingRuns == 0) {
            return false;
        }
        remainingRuns--;
        if (!started) {
            started = true;
            return true;
        }
        // Increment the odometer over all dims but the innermost.
        for (int d = sizes.length - 2; d >= 0; d--) {
            if (++counter[d] < sizes[d]) {
                for (int k = 0; k < operands; k++) {
                    offsets[k] += strides[k][d];
                }
                return true;
            }
            counter[d] = 0;
            for (int k = 0; k < operands; k++) {
                offsets[k] -= strides[k][d] * (sizes[d] - 1);
            }
        }
        throw new IllegalStateException("strided iterator overran its shape");
    }

    /** Storage offset of the first element of the current run for operand {@code k}. */
    public int offset(int k) {
        return offsets[k];
    }

    /** Stride of operand {@code k} along the run. */
    public int innerStride(int k) {
        return strides[k][sizes.length - 1];
    }

    /** Number of elements in each run. */
    public int innerSize() {
        return innerSize;
    }

    /** Resets to before the first run. */
    public void reset() {
        System.arraycopy(base, 0, offsets, 0, operands);
        java.util.Arrays.fill(counter, 0);
        long total = 1;
        for (int s : sizes) {
            total *= s;
        }
        remainingRuns = innerSize == 0 ? 0 : total / innerSize;
        started = false;
    }
}
