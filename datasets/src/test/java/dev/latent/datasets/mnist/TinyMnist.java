package dev.latent.datasets.mnist;

import dev.latent.datasets.idx.IdxArray;
import dev.latent.datasets.idx.IdxWriter;

import java.io.IOException;
import java.nio.file.Path;

/** Writes small MNIST-format files: pixel {@code j} of image {@code i} is {@code (7i + j) % 256}, label i % 10. */
final class TinyMnist {
    private TinyMnist() {
    }

    static int pixel(int image, int index) {
        return (7 * image + index) % 256;
    }

    static void write(Path dir, Split split, int n, boolean gzip) throws IOException {
        int[] pixels = new int[n * 28 * 28];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 784; j++) {
                pixels[i * 784 + j] = pixel(i, j);
            }
            labels[i] = i % 10;
        }
        String gz = gzip ? ".gz" : "";
        IdxWriter.write(dir.resolve(split.imagesFile() + gz), IdxArray.ofUnsignedBytes(pixels, n, 28, 28));
        IdxWriter.write(dir.resolve(split.labelsFile() + gz), IdxArray.ofUnsignedBytes(labels, n));
    }
}
