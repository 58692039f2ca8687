package dev.latent.examples.run;

import dev.latent.datasets.Dataset;
import dev.latent.datasets.DatasetSplit;
import dev.latent.datasets.mnist.MnistData;
import dev.latent.datasets.mnist.MnistLoader;
import dev.latent.datasets.mnist.MnistVariant;
import dev.latent.datasets.mnist.Split;
import dev.latent.examples.cli.CommonOptions;
import dev.latent.examples.cli.UsageException;

import java.io.IOException;
import java.util.List;

/**
 * The training, validation and test images of a run. With real files the test split is the dataset's test set and
 * validation is held out of the training set. With only the embedded Fashion-MNIST test set (10,000 images) a
 * fifth of it, drawn with the seed, becomes the test set and the rest is split the same way.
 *
 * @param train          images to train on
 * @param validation     images evaluated after every epoch
 * @param test           images the final metrics are computed on
 * @param source         where the images came from, e.g. "the embedded Fashion-MNIST test set (10,000 images)"
 * @param classNames     the class names, indexed by label
 * @param validationIsTest whether the test split doubles as validation ({@code --val-fraction 0})
 */
public record ExampleData(Dataset train, Dataset validation, Dataset test, String source, List<String> classNames,
                          boolean validationIsTest) {
    /** Share of the embedded set used as test images when it is all there is. */
    static final double EMBEDDED_TEST_FRACTION = 0.2;

    /**
     * Loads the dataset the options name, searching as {@link MnistLoader} does.
     *
     * @throws IOException if the files are found nowhere (the message lists where they were looked for) or are bad
     */
    public static ExampleData load(CommonOptions o) throws IOException {
        MnistVariant variant = o.dataset == CommonOptions.DatasetName.MNIST ? MnistVariant.MNIST
                : MnistVariant.FASHION_MNIST;
        MnistLoader loader = MnistLoader.builder(variant).directory(o.data).build();
        MnistData trainFile = o.embedded ? MnistLoader.embeddedFashionMnist() : loader.load(Split.TRAIN);
        Dataset pool;
        Dataset test;
        String source;
        if (trainFile.isEmbedded()) {
            Dataset all = limit(trainFile, o.limit);
            DatasetSplit s = all.randomSplit(EMBEDDED_TEST_FRACTION, o.seed);
            pool = s.train();
            test = s.validation();
            source = String.format(java.util.Locale.ROOT, "%s, %,d of them for training and %,d for testing",
                    trainFile.source().description(), s.train().size(), s.validation().size());
        } else {
            MnistData testFile = loader.load(Split.TEST);
            pool = limit(trainFile, o.limit);
            test = limit(testFile, o.limit);
            source = variant + " from " + trainFile.source().directory()
                    + (o.limit > 0 && o.limit < trainFile.size() ? String.format(java.util.Locale.ROOT,
                    ", first %,d of %,d training images (--limit)", pool.size(), trainFile.size()) : "");
        }
        if (o.valFraction == 0) {
            return new ExampleData(pool, test, test, source, trainFile.classNames(), true);
        }
        DatasetSplit tv = pool.randomSplit(o.valFraction, o.seed + 1);
        if (tv.train().size() == 0 || tv.validation().size() == 0) {
            throw new UsageException("--limit " + o.limit + " with --val-fraction " + o.valFraction
                    + " leaves no training or no validation images");
        }
        return new ExampleData(tv.train(), tv.validation(), test, source, trainFile.classNames(), false);
    }

    private static Dataset limit(Dataset d, int limit) {
        return limit > 0 ? d.limit(limit) : d;
    }

    /** The class names as an array (for charts). */
    public String[] classNameArray() {
        return classNames.toArray(String[]::new);
    }

    /** One line for the log: sizes and source. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%,d train / %,d validation%s / %,d test images: %s",
                train.size(), validation.size(), validationIsTest ? " (= test)" : "", test.size(), source);
    }
}
