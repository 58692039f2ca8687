package dev.latent.examples.viz;

import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VizTest {
    @Test
    void imageGridMapsValuesToGrayLevels(@TempDir Path dir) throws Exception {
        Tensor images = Tensor.of(0f, 1f, 0.5f, 2f).reshape(1, 1, 2, 2);
        ImageGrid grid = new ImageGrid(3, 0f, 1f).addRow("", images).addRow("", images.mul(0f));
        BufferedImage img = grid.render();
        // no labels: 2px gap, 2x2 image at scale 3 -> cell 8px wide
        assertEquals(2 + 8, img.getWidth());
        assertEquals(2 + 2 * 8, img.getHeight());
        assertEquals(0, img.getRGB(2, 2) & 0xFF);             // value 0 -> black
        assertEquals(255, img.getRGB(2 + 3, 2) & 0xFF);       // value 1 -> white
        assertEquals(128, img.getRGB(2, 2 + 3) & 0xFF);       // 0.5 -> mid gray
        assertEquals(255, img.getRGB(2 + 3, 2 + 3) & 0xFF);   // 2 clamps to white
        Path file = dir.resolve("grid.png");
        grid.writePng(file);
        assertEquals(img.getWidth(), ImageIO.read(file.toFile()).getWidth());
        assertThrows(IllegalArgumentException.class, () -> grid.addRow("", Tensor.zeros(1, 1, 3, 3)));
    }

    @Test
    void chartsRenderAndWriteAtomically(@TempDir Path dir) throws Exception {
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("train", new double[] {1, 0.5, 0.25});
        curves.put("validation", new double[] {1.1, 0.6, Double.NaN});
        BufferedImage lines = Charts.lines("loss", "epoch", "mse", curves, true);
        BufferedImage scatter = Charts.scatterByClass("latent", new float[] {0, 1, 2}, new float[] {1, 0, 2},
                new int[] {0, 1, 1}, new String[] {"a", "b"});
        BufferedImage cm = Charts.confusionMatrix("confusion", new int[][] {{5, 1}, {2, 7}}, new String[] {"a", "b"});
        BufferedImage both = Charts.sideBySide(lines, scatter);
        assertEquals(lines.getWidth() + scatter.getWidth(), both.getWidth());
        Path file = dir.resolve("cm.png");
        Charts.writePng(cm, file);
        assertTrue(Files.size(file) > 1000);
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no temporary file is left behind");
        }
    }
}
