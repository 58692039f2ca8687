package dev.latent.examples.viz;

import dev.latent.io.AtomicFiles;
import dev.latent.tensor.Tensor;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays out rows of grayscale images (e.g. original | noisy | reconstructed) into one PNG, each row with an
 * optional label on the left. Pixel values are clamped to {@code [lo, hi]} and mapped to black..white.
 */
public final class ImageGrid {
    private final int scale;
    private final float lo;
    private final float hi;
    private final List<String> labels = new ArrayList<>();
    private final List<Tensor> rows = new ArrayList<>();

    /**
     * @param scale pixels per image pixel (e.g. 2 draws a 28x28 image as 56x56)
     * @param lo    value drawn as black (0 for [0, 1] images, -1 for tanh outputs)
     * @param hi    value drawn as white
     */
    public ImageGrid(int scale, float lo, float hi) {
        if (scale < 1 || !(hi > lo)) {
            throw new IllegalArgumentException("ImageGrid: scale must be >= 1 and hi > lo, got " + scale + ", " + lo
                    + ", " + hi);
        }
        this.scale = scale;
        this.lo = lo;
        this.hi = hi;
    }

    /** Adds a row of images {@code [N, 1, H, W]} (or {@code [N, H, W]}) with a label (may be empty). */
    public ImageGrid addRow(String label, Tensor images) {
        if (images.dim() != 3 && !(images.dim() == 4 && images.size(1) == 1)) {
            throw new IllegalArgumentException("ImageGrid.addRow: expects [N, 1, H, W] or [N, H, W], got "
                    + images.shape());
        }
        if (!rows.isEmpty() && (rows.get(0).size(-1) != images.size(-1) || rows.get(0).size(-2) != images.size(-2))) {
            throw new IllegalArgumentException("ImageGrid.addRow: image size " + images.shape()
                    + " differs from the first row's " + rows.get(0).shape());
        }
        labels.add(label == null ? "" : label);
        rows.add(images.detach().contiguous().reshape(images.size(0), images.size(-2), images.size(-1)));
        return this;
    }

    /** Renders the grid. */
    public BufferedImage render() {
        if (rows.isEmpty()) {
            throw new IllegalStateException("ImageGrid.render: no rows were added");
        }
        int h = rows.get(0).size(1);
        int w = rows.get(0).size(2);
        int cols = rows.stream().mapToInt(r -> r.size(0)).max().orElse(0);
        boolean hasLabels = labels.stream().anyMatch(l -> !l.isEmpty());
        int labelWidth = hasLabels ? 110 : 0;
        int gap = 2;
        int cellW = w * scale + gap;
        int cellH = h * scale + gap;
        BufferedImage img = new BufferedImage(labelWidth + cols * cellW + gap, rows.size() * cellH + gap,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(40, 40, 40));
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int r = 0; r < rows.size(); r++) {
            Tensor row = rows.get(r);
            float[] px = row.toArray();
            int y0 = gap + r * cellH;
            if (hasLabels) {
                g.setColor(Color.WHITE);
                g.drawString(labels.get(r), 6, y0 + cellH / 2 + 4);
            }
            for (int c = 0; c < row.size(0); c++) {
                int x0 = labelWidth + gap + c * cellW;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        float v = (px[(c * h + y) * w + x] - lo) / (hi - lo);
                        int gray = Math.round(255 * Math.max(0f, Math.min(1f, Float.isNaN(v) ? 0f : v)));
                        int rgb = (gray << 16) | (gray << 8) | gray;
                        for (int dy = 0; dy < scale; dy++) {
                            for (int dx = 0; dx < scale; dx++) {
                                img.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                            }
                        }
                    }
                }
            }
        }
        g.dispose();
        return img;
    }

    /** Renders and writes a PNG atomically. */
    public void writePng(Path file) throws IOException {
        BufferedImage img = render();
        AtomicFiles.writeStream(file, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }
}
