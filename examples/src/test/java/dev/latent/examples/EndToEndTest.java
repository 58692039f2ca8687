package dev.latent.examples;

import dev.latent.nn.io.Json;
import dev.latent.nn.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tiny runs on a few hundred embedded images: every file is written and summary.json is the last line printed. */
class EndToEndTest {
    private static final String[] TINY = {"--embedded", "--limit", "300", "--epochs", "1", "--batch-size", "50",
        "--seed", "3", "--threads", "2"};

    private static Map<String, Object> runOk(Path out, String command, String... extra) throws Exception {
        String[] args = new String[3 + TINY.length + extra.length];
        args[0] = command;
        System.arraycopy(TINY, 0, args, 1, TINY.length);
        args[1 + TINY.length] = "--out";
        args[2 + TINY.length] = out.toString();
        System.arraycopy(extra, 0, args, 3 + TINY.length, extra.length);
        LauncherTest.Outcome o = LauncherTest.run(args);
        assertEquals(0, o.status(), o.err());
        List<String> lines = o.out().lines().toList();
        Map<String, Object> printed = Json.parseObject(lines.get(lines.size() - 1));
        assertTrue(lines.get(lines.size() - 2).startsWith("pictures: " + out.toAbsolutePath().normalize()),
                lines.get(lines.size() - 2));
        Map<String, Object> file = Json.parseObject(Files.readString(out.resolve("summary.json")));
        assertEquals(file, printed, "the last line printed is summary.json");
        assertEquals(command, file.get("command"));
        assertEquals(3L, file.get("seed"));
        @SuppressWarnings("unchecked")
        Map<String, Object> outputs = (Map<String, Object>) file.get("outputs");
        for (String name : outputs.keySet()) {
            assertTrue(Files.isRegularFile(out.resolve(name)), "listed output " + name + " exists");
            if (name.endsWith(".png")) {
                BufferedImage img = ImageIO.read(out.resolve(name).toFile());
                assertNotNull(img, name);
                assertTrue(img.getWidth() > 100 && img.getHeight() > 50, name);
            }
        }
        return file;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metrics(Map<String, Object> summary) {
        return (Map<String, Object>) summary.get("metrics");
    }

    @Test
    void convAeWritesEveryFileAndAValidSummary(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ae");
        Map<String, Object> s = runOk(out, "conv-ae", "--tsne-points", "60");
        for (String f : List.of("reconstructions.png", "loss-curves.png", "latent-map.png", "random-codes.png",
                "conv-ae.safetensors", "metrics.csv", "metrics.json", "checkpoint.safetensors")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        double mse = ((Number) metrics(s).get("test_mse")).doubleValue();
        assertTrue(mse > 0 && mse < 0.3, "test MSE of images in [0, 1]: " + mse);
        assertEquals(216L, s.get("train_images"), "300 embedded images: 60 for testing, 24 of the other 240 validate");
        assertTrue(((Number) s.get("images_per_second")).doubleValue() > 0);
        assertTrue(((Map<?, ?>) s.get("versions")).get("latent") instanceof String);
        assertEquals(2, Files.readAllLines(out.resolve("metrics.csv")).size(), "header and one epoch");
        assertEquals(16, SafeTensors.load(out.resolve("conv-ae.safetensors")).tensor("encoder.9.bias").numel());
    }

    @Test
    void resumeContinuesFromTheCheckpoint(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ae");
        runOk(out, "conv-ae", "--tsne-points", "30");
        Map<String, Object> s = runOk(out, "conv-ae", "--tsne-points", "30", "--resume", "--epochs", "2");
        assertEquals(2L, s.get("epochs_run"), "epoch 1 from the checkpoint, epoch 2 run now");
        assertEquals(3, Files.readAllLines(out.resolve("metrics.csv")).size());
    }

    @Test
    void denoisingAeReportsTheNoisyInputsToo(@TempDir Path dir) throws Exception {
        Map<String, Object> s = runOk(dir.resolve("dae"), "denoising-ae", "--tsne-points", "30",
                "--corruption", "salt-and-pepper:0.2");
        double noisy = ((Number) metrics(s).get("noisy_input_mse")).doubleValue();
        assertTrue(noisy > 0.01 && noisy < 0.2, "a fifth of the pixels set to 0 or 1: " + noisy);
        assertTrue(((String) s.get("model")).contains("salt-and-pepper:0.2"));
    }

    @Test
    void vaeReportsTheElbo(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("vae");
        Map<String, Object> s = runOk(out, "vae", "--tsne-points", "30", "--latent-dim", "4", "--limit", "100");
        double loss = ((Number) metrics(s).get("test_loss")).doubleValue();
        assertEquals(-loss, ((Number) metrics(s).get("test_elbo")).doubleValue(), 1e-9);
        assertTrue(loss > 50 && loss < 800, "BCE summed over 784 pixels plus KL: " + loss);
        for (String f : List.of("samples.png", "traversal.png", "interpolation.png", "vae.safetensors")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
    }

    @Test
    void finetuneWritesAConfusionMatrix(@TempDir Path dir) throws Exception {
        Map<String, Object> s = runOk(dir.resolve("ft"), "finetune", "--pretrain-epochs", "1", "--mode", "full");
        double acc = ((Number) metrics(s).get("test_accuracy")).doubleValue();
        assertTrue(acc >= 0 && acc <= 1, "accuracy " + acc);
        List<?> confusion = (List<?>) metrics(s).get("confusion");
        long total = confusion.stream().flatMap(r -> ((List<?>) r).stream()).mapToLong(v -> (Long) v).sum();
        assertEquals(60L, total, "one count per test image");
        assertTrue(Files.isRegularFile(dir.resolve("ft/confusion-matrix.png")));
    }

    @Test
    void gridSearchReportsEveryTrial(@TempDir Path dir) throws Exception {
        Map<String, Object> s = runOk(dir.resolve("gs"), "grid-search", "--latent-dims", "2,4", "--lrs", "0.003");
        assertEquals(2, ((List<?>) metrics(s).get("trials")).size());
        assertEquals(3, Files.readAllLines(dir.resolve("gs/grid-search.csv")).size());
    }

    @Test
    void ganWritesSampleGridsAndScores(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("gan");
        Map<String, Object> s = runOk(out, "gan", "--epochs", "2", "--snapshot-epochs", "1,50", "--score-samples",
                "100", "--loss", "minimax", "--conditional", "--limit", "150", "--scorer-epochs", "1");
        assertTrue(Files.isRegularFile(out.resolve("samples-epoch-001.png")));
        assertTrue(Files.isRegularFile(out.resolve("samples-epoch-002.png")), "the last epoch always gets a grid");
        assertTrue(Files.notExists(out.resolve("samples-epoch-050.png")), "epochs beyond --epochs are skipped");
        @SuppressWarnings("unchecked")
        Map<String, Object> generated = (Map<String, Object>) metrics(s).get("generated");
        assertEquals(100L, generated.get("count"));
        double entropy = ((Number) generated.get("class_histogram_entropy")).doubleValue();
        assertTrue(entropy >= 0 && entropy <= Math.log(10) + 1e-9, "entropy " + entropy);
        assertEquals("minimax", s.get("generator_loss"));
        assertEquals(true, s.get("conditional"));
    }

    @Test
    void latentMapsAModelTrainedOnTheFly(@TempDir Path dir) throws Exception {
        Map<String, Object> s = runOk(dir.resolve("lat"), "latent", "--points", "60", "--tsne-points", "40");
        assertEquals(60L, metrics(s).get("points"));
        assertEquals(40L, metrics(s).get("tsne_points"));
        assertEquals(61, Files.readAllLines(dir.resolve("lat/latent-codes.csv")).size());
    }
}
