package dev.latent.models.gan;

import dev.latent.datasets.DataLoader;
import dev.latent.datasets.Dataset;
import dev.latent.datasets.mnist.FashionMnist;
import dev.latent.datasets.mnist.MnistData;
import dev.latent.datasets.mnist.Split;
import dev.latent.io.AtomicFiles;
import dev.latent.models.finetune.Classification;
import dev.latent.models.train.TextProgressBar;
import dev.latent.models.train.TrainingResult;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The measurement behind the sample scores in docs/models-gan.md (not a unit test): trains a scoring classifier on
 * the real Fashion-MNIST training set, scores the real test set, then trains each requested GAN on the first
 * {@code images} training images and scores {@code samples} of its samples.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... dev.latent.models.gan.FashionGanRun \
 *      [dir=/usr/share/datasets/fashion-mnist] [images=10000] [epochs=3] [batch=128] [seed=1]
 *      [samples=10000] [classifierEpochs=2] [grid=DIR (8x8 sample grids as PGM)] [runs=mlp:NON_SATURATING,mlp:MINIMAX,dcgan:NON_SATURATING,cgan:MINIMAX,...]
 * </pre>
 */
public final class FashionGanRun {
    private FashionGanRun() {
    }

    /** Runs the measurement; arguments are {@code key=value} pairs (see the class comment). */
    public static void main(String[] args) throws Exception {
        java.util.Map<String, String> a = new java.util.HashMap<>();
        for (String s : args) {
            int eq = s.indexOf('=');
            a.put(s.substring(0, eq), s.substring(eq + 1));
        }
        Path dir = Path.of(a.getOrDefault("dir", "/usr/share/datasets/fashion-mnist"));
        int images = Integer.parseInt(a.getOrDefault("images", "10000"));
        int epochs = Integer.parseInt(a.getOrDefault("epochs", "3"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "128"));
        long seed = Long.parseLong(a.getOrDefault("seed", "1"));
        int samples = Integer.parseInt(a.getOrDefault("samples", "10000"));
        int classifierEpochs = Integer.parseInt(a.getOrDefault("classifierEpochs", "2"));
        String runs = a.getOrDefault("runs", "mlp:NON_SATURATING,mlp:MINIMAX,dcgan:NON_SATURATING,dcgan:MINIMAX");

        MnistData train = FashionMnist.load(Split.TRAIN, dir);
        MnistData test = FashionMnist.load(Split.TEST, dir);
        long t0 = System.nanoTime();
        SampleScorer scorer = SampleScorer.train(DataLoader.builder(train).batchSize(128).shuffle(true).seed(seed)
                .build(), 10, classifierEpochs, seed, new TextProgressBar(System.out, false));
        System.out.printf(Locale.ROOT, "classifier: %d epochs on %d images, %.0f s%n", classifierEpochs,
                train.size(), seconds(t0));
        DataLoader testLoader = DataLoader.builder(test).batchSize(500).build();
        System.out.printf(Locale.ROOT, "classifier test accuracy: %.4f%n",
                Classification.evaluate(scorer.classifier(), testLoader, 10).accuracy());
        System.out.println("real test images: " + scorer.score(testLoader));

        Dataset subset = train.limit(images);
        for (String run : runs.split(",")) {
            String[] parts = run.split(":");
            GeneratorLoss loss = GeneratorLoss.valueOf(parts[1]);
            Generator init = new Generator(seed);
            GanGenerator g = switch (parts[0]) {
                case "dcgan" -> new DcganGenerator(init);
                case "cgan" -> new ConditionalMlpGenerator(init);
                default -> new MlpGenerator(init);
            };
            GanDiscriminator d = switch (parts[0]) {
                case "dcgan" -> new DcganDiscriminator(init);
                case "cgan" -> new ConditionalMlpDiscriminator(init);
                default -> new MlpDiscriminator(init);
            };
            long t = System.nanoTime();
            TrainingResult r = GanTrainer.builder(g, d, DataLoader.builder(subset).batchSize(batch).shuffle(true)
                            .seed(seed).build())
                    .generatorLoss(loss).epochs(epochs).seed(seed).listener(new TextProgressBar(System.out, false))
                    .build().fit();
            double wall = seconds(t);
            System.out.printf(Locale.ROOT, "%s %s: %d epochs on %d images, %.0f s; last epoch %s%n  samples: %s%n",
                    parts[0], loss, epochs, subset.size(), wall, r.history().last().train(),
                    scorer.score(g, samples, new Generator(seed + 1000)));
            if (a.containsKey("grid")) {
                writeGrid(Path.of(a.get("grid"), parts[0] + "-" + loss + ".pgm"),
                        SampleSnapshots.toUnitRange(g.sample(64, new Generator(seed + 2000))));
            }
        }
    }

    /** An 8x8 grid of 28x28 images in [0, 1] as a binary PGM. */
    private static void writeGrid(Path file, Tensor images) throws java.io.IOException {
        float[] v = images.contiguous().toArray();
        int side = 8 * 28;
        byte[] pixels = new byte[side * side];
        for (int i = 0; i < 64; i++) {
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    float p = Math.max(0, Math.min(1, v[i * 784 + y * 28 + x]));
                    pixels[((i / 8) * 28 + y) * side + (i % 8) * 28 + x] = (byte) Math.round(p * 255);
                }
            }
        }
        AtomicFiles.writeStream(file, out -> {
            out.write(("P5\n" + side + " " + side + "\n255\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(pixels);
        });
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
