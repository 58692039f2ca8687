package dev.latent.examples.viz;

import dev.latent.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loss curves, class-coloured scatter plots and confusion matrices, drawn with XChart and written as PNG. */
public final class Charts {
    /** Ten distinguishable colours (Tableau 10), one per class. */
    private static final Color[] PALETTE = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2), new Color(0x59A14F),
        new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC)};

    private Charts() {
    }

    /**
     * A line chart with one series per entry, x = 1, 2, ... (epochs or steps). Series may have different lengths;
     * NaN values are skipped.
     */
    public static BufferedImage lines(String title, String xLabel, String yLabel, Map<String, double[]> series,
                                      boolean logY) {
        Map<String, double[][]> xy = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] xs = new double[e.getValue().length];
            Arrays.setAll(xs, i -> i + 1);
            xy.put(e.getKey(), new double[][] {xs, e.getValue()});
        }
        return curves(title, xLabel, yLabel, xy, logY);
    }

    /**
     * A line chart of series given as {@code {xs, ys}}; points with a NaN (or, on a log axis, non-positive) y are
     * skipped. Series of more than 30 points are drawn without markers.
     */
    public static BufferedImage curves(String title, String xLabel, String yLabel, Map<String, double[][]> series,
                                       boolean logY) {
        XYChart chart = new XYChartBuilder().width(720).height(440).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setXAxisDecimalPattern("0.#");
        int index = 0;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[] x = e.getValue()[0];
            double[] v = e.getValue()[1];
            if (x.length != v.length) {
                throw new IllegalArgumentException("curves: series '" + e.getKey() + "' has " + x.length + " x and "
                        + v.length + " y values");
            }
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < v.length; i++) {
                if (!Double.isNaN(v[i]) && (!logY || v[i] > 0)) {
                    xs.add(x[i]);
                    ys.add(v[i]);
                }
            }
            if (!xs.isEmpty()) {
                XYSeries s = chart.addSeries(e.getKey(), xs, ys);
                s.setLineColor(PALETTE[index % PALETTE.length]);
                s.setMarkerColor(PALETTE[index % PALETTE.length]);
                s.setMarker(xs.size() > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            }
            index++;
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** A scatter plot of 2-D points coloured by integer class. */
    public static BufferedImage scatterByClass(String title, float[] x, float[] y, int[] labels,
                                               String[] classNames) {
        if (x.length != y.length || x.length != labels.length) {
            throw new IllegalArgumentException("scatterByClass: " + x.length + " x, " + y.length + " y and "
                    + labels.length + " labels");
        }
        XYChart chart = new XYChartBuilder().width(560).height(520).title(title).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setAxisTicksVisible(false);
        Map<Integer, List<double[]>> byClass = new LinkedHashMap<>();
        int[] order = Arrays.stream(labels).distinct().sorted().toArray();
        for (int c : order) {
            byClass.put(c, new ArrayList<>());
        }
        for (int i = 0; i < x.length; i++) {
            byClass.get(labels[i]).add(new double[] {x[i], y[i]});
        }
        for (Map.Entry<Integer, List<double[]>> e : byClass.entrySet()) {
            int c = e.getKey();
            double[] xs = e.getValue().stream().mapToDouble(p -> p[0]).toArray();
            double[] ys = e.getValue().stream().mapToDouble(p -> p[1]).toArray();
            String name = classNames != null && c >= 0 && c < classNames.length ? classNames[c] : "class " + c;
            XYSeries s = chart.addSeries(name, xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(PALETTE[Math.floorMod(c, PALETTE.length)]);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** A confusion matrix heat map (rows: true class, columns: predicted class). */
    public static BufferedImage confusionMatrix(String title, int[][] counts, String[] classNames) {
        int k = counts.length;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            names.add(classNames != null && i < classNames.length ? classNames[i] : String.valueOf(i));
        }
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                cells.add(new Number[] {p, k - 1 - t, counts[t][p]});
            }
        }
        List<String> reversed = new ArrayList<>(names);
        java.util.Collections.reverse(reversed);
        HeatMapChart chart = new HeatMapChartBuilder().width(760).height(640).title(title)
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setPlotContentSize(1.0);
        chart.getStyler().setRangeColors(new Color[] {new Color(0xF7FBFF), new Color(0x6BAED6), new Color(0x08306B)});
        chart.addSeries("counts", names, reversed, cells);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Places images side by side on a white background. */
    public static BufferedImage sideBySide(BufferedImage... images) {
        int w = Arrays.stream(images).mapToInt(BufferedImage::getWidth).sum();
        int h = Arrays.stream(images).mapToInt(BufferedImage::getHeight).max().orElse(0);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        int x = 0;
        for (BufferedImage img : images) {
            g.drawImage(img, x, 0, null);
            x += img.getWidth();
        }
        g.dispose();
        return out;
    }

    /** Writes an image as PNG, atomically. */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        AtomicFiles.writeStream(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }
}
