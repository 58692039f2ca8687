package dev.latent.datasets.mnist;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The MNIST-format datasets Latent knows: their folder names, class names, download mirrors and the published MD5
 * checksums of the gzip files.
 */
public enum MnistVariant {
    /**
     * Handwritten digits 0-9. Downloads come from the S3 mirror PyTorch uses, checked against torchvision's MD5s.
     */
    MNIST("mnist", "MNIST", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            "https://ossci-datasets.s3.amazonaws.com/mnist/", Map.of(
                    "train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873",
                    "train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432",
                    "t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3",
                    "t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c")),
    /**
     * Zalando's clothing images, 10 classes. Downloads come from Zalando's S3 bucket, checked against the MD5s in the
     * Fashion-MNIST README. The test split is embedded in this library.
     */
    FASHION_MNIST("fashion-mnist", "Fashion-MNIST", List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/", Map.of(
                    "train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
                    "train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe",
                    "t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79",
                    "t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"));

    private final String directoryName;
    private final String displayName;
    private final List<String> classNames;
    private final URI mirror;
    private final Map<String, String> md5;

    MnistVariant(String directoryName, String displayName, List<String> classNames, String mirror,
            Map<String, String> md5) {
        this.directoryName = directoryName;
        this.displayName = displayName;
        this.classNames = classNames;
        this.mirror = URI.create(mirror);
        this.md5 = md5;
    }

    /** The folder name the files are looked for under: {@code mnist} or {@code fashion-mnist}. */
    public String directoryName() {
        return directoryName;
    }

    /** The dataset's usual name: {@code MNIST} or {@code Fashion-MNIST}. */
    public String displayName() {
        return displayName;
    }

    /** The ten class names, indexed by label. */
    public List<String> classNames() {
        return classNames;
    }

    /** The download mirror: a folder URL holding the four {@code .gz} files. */
    public URI mirror() {
        return mirror;
    }

    /** The published MD5 checksums of the {@code .gz} files, by file name. */
    public Map<String, String> checksums() {
        return md5;
    }

    /** The display name. */
    @Override
    public String toString() {
        return displayName;
    }
}
