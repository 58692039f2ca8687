package dev.latent.datasets;

import dev.latent.tensor.Tensor;

/** Small datasets for tests: example {@code i} is filled with the value {@code i} and labelled {@code i % 3}. */
final class Fixtures {
    private Fixtures() {
    }

    static TensorDataset counting(int n) {
        float[] pixels = new float[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(pixels, i * 4, i * 4 + 4, i);
            labels[i] = i % 3;
        }
        return new TensorDataset(Tensor.wrap(pixels, n, 1, 2, 2), labels, 3);
    }

    /** The example ids in a batch of {@link #counting} examples (each image's first value). */
    static int[] ids(Batch b) {
        int[] ids = new int[b.size()];
        float[] v = b.images().contiguous().toArray();
        int per = v.length / b.size();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (int) v[i * per];
        }
        return ids;
    }
}
