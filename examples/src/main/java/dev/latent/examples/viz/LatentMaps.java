package dev.latent.examples.viz;

import dev.latent.models.analysis.Pca;
import dev.latent.models.analysis.Tsne;
import dev.latent.tensor.Tensor;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Locale;

/**
 * The picture of a latent space: codes projected to 2-D by PCA (left) and embedded by t-SNE (right), each point
 * coloured by its class. t-SNE is exact (O(N^2)), so it runs on the first {@code tsnePoints} codes only.
 */
public final class LatentMaps {
    /**
     * The projections behind a map.
     *
     * @param pca    {@code [N, 2]} PCA coordinates of every code
     * @param tsne   {@code [M, 2]} t-SNE coordinates of the first M codes
     * @param image  the two scatter plots side by side
     * @param pcaVariance share of the variance the two principal components explain
     */
    public record Result(Tensor pca, Tensor tsne, BufferedImage image, double pcaVariance) {
    }

    private LatentMaps() {
    }

    /**
     * Projects {@code codes} ({@code [N, d]}) and draws the two maps.
     *
     * @param title      prefix of the plot titles, e.g. "conv AE, d=16"
     * @param codes      the latent codes
     * @param labels     their classes
     * @param classNames names for the legend
     * @param tsnePoints how many codes t-SNE embeds (at most {@link Tsne#MAX_POINTS})
     * @param seed       t-SNE's seed
     */
    public static Result render(String title, Tensor codes, int[] labels, String[] classNames, int tsnePoints,
                                long seed) {
        int n = codes.size(0);
        int d = codes.size(1);
        Tensor pca2;
        double share;
        if (d >= 2) {
            Pca pca = Pca.fit(codes, Math.min(d, 2));
            pca2 = pca.transform(codes);
            double total = 0;
            for (double v : Pca.fit(codes, d).explainedVariance()) {
                total += v;
            }
            double[] ev = pca.explainedVariance();
            share = total == 0 ? Double.NaN : (ev[0] + ev[1]) / total;
        } else {
            pca2 = Tensor.cat(1, codes, Tensor.zeros(n, 1));
            share = 1;
        }
        int m = Math.max(3, Math.min(Math.min(n, tsnePoints), Tsne.MAX_POINTS));
        Tensor sub = codes.narrow(0, 0, Math.min(m, n));
        int[] subLabels = Arrays.copyOf(labels, sub.size(0));
        Tensor tsne = new Tsne().perplexity(Math.min(30, (sub.size(0) - 1) / 3.0 + 1.01)).iterations(500).seed(seed)
                .fit(sub);
        BufferedImage left = Charts.scatterByClass(String.format(Locale.ROOT, "%s: PCA (%d points, %.0f%% of variance)",
                title, n, 100 * share), column(pca2, 0), column(pca2, 1), labels, classNames);
        BufferedImage right = Charts.scatterByClass(String.format(Locale.ROOT, "%s: t-SNE (%d points)", title,
                sub.size(0)), column(tsne, 0), column(tsne, 1), subLabels, classNames);
        return new Result(pca2, tsne, Charts.sideBySide(left, right), share);
    }

    private static float[] column(Tensor t, int c) {
        return t.select(1, c).contiguous().toArray();
    }
}
