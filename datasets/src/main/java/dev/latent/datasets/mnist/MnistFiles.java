package dev.latent.datasets.mnist;

import dev.latent.datasets.TensorDataset;
import dev.latent.datasets.idx.IdxArray;
import dev.latent.datasets.idx.IdxFormatException;
import dev.latent.datasets.idx.IdxReader;
import dev.latent.datasets.idx.IdxSpec;
import dev.latent.datasets.idx.IdxType;
import dev.latent.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/** Reads a pair of MNIST-format IDX files (images and labels) into a dataset, checking that they agree. */
final class MnistFiles {
    static final int SIDE = 28;
    private static final IdxSpec IMAGES = IdxSpec.of(IdxType.UNSIGNED_BYTE, IdxSpec.ANY, SIDE, SIDE);
    private static final IdxSpec LABELS = IdxSpec.ofRank(IdxType.UNSIGNED_BYTE, 1);
    private static final int LABELS_HEADER_BYTES = 8;

    private MnistFiles() {
    }

    /** The images {@code [N, 28, 28]} and labels {@code [N]} files as a dataset of {@code [1, 28, 28]} images. */
    static TensorDataset read(Path images, Path labels, List<String> classNames) throws IOException {
        IdxArray pixels = IdxReader.read(images, IMAGES);
        IdxArray classes = IdxReader.read(labels, LABELS);
        return combine(pixels, images.toString(), classes, labels.toString(), classNames);
    }

    /** The same from two class-path resources (absolute names); null if they are not there. */
    static TensorDataset readResources(String images, String labels, List<String> classNames) throws IOException {
        try (InputStream pixelsIn = MnistFiles.class.getResourceAsStream(images);
             InputStream labelsIn = MnistFiles.class.getResourceAsStream(labels)) {
            if (pixelsIn == null || labelsIn == null) {
                return null;
            }
            String imagesName = "classpath:" + images;
            String labelsName = "classpath:" + labels;
            return combine(IdxReader.read(pixelsIn, imagesName, IMAGES), imagesName,
                    IdxReader.read(labelsIn, labelsName, LABELS), labelsName, classNames);
        }
    }

    private static TensorDataset combine(IdxArray pixels, String imagesName, IdxArray classes, String labelsName,
            List<String> classNames) throws IdxFormatException {
        int n = pixels.dims()[0];
        if (classes.size() != n) {
            throw new IdxFormatException(labelsName, 4, "has " + classes.size() + " labels but " + imagesName
                    + " has " + n + " images");
        }
        int[] labels = classes.toIntArray();
        for (int i = 0; i < n; i++) {
            if (labels[i] >= classNames.size()) {
                throw new IdxFormatException(labelsName, LABELS_HEADER_BYTES + i, "label " + labels[i]
                        + " of example " + i + " is outside the " + classNames.size() + " classes 0.."
                        + (classNames.size() - 1));
            }
        }
        Tensor images = Tensor.wrap(pixels.toFloatArrayDividedBy(255f), n, 1, SIDE, SIDE);
        return new TensorDataset(images, labels, classNames);
    }
}
