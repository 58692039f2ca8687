package dev.latent.models.analysis;

import dev.latent.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Principal component analysis of the rows of a matrix, through an EJML eigen-decomposition of the covariance
 * (the latent codes it is used on have few columns, so the covariance is small). Components are sorted by
 * decreasing variance and their signs are fixed (largest-magnitude coordinate positive), so results are
 * deterministic.
 */
public final class Pca {
    private final double[] mean;
    private final double[][] components; // [k][d]
    private final double[] explainedVariance;

    private Pca(double[] mean, double[][] components, double[] explainedVariance) {
        this.mean = mean;
        this.components = components;
        this.explainedVariance = explainedVariance;
    }

    /**
     * Fits {@code k} components to {@code data} of shape {@code [N, D]}.
     *
     * @throws IllegalArgumentException if the data is not 2-D, has fewer than 2 rows, or {@code k > D}
     */
    public static Pca fit(Tensor data, int k) {
        if (data.dim() != 2 || data.size(0) < 2) {
            throw new IllegalArgumentException("Pca.fit: expects [N >= 2, D] data, got " + data.shape());
        }
        int n = data.size(0);
        int d = data.size(1);
        if (k < 1 || k > d) {
            throw new IllegalArgumentException("Pca.fit: k must be in [1, " + d + "], got " + k);
        }
        float[] x = data.contiguous().toArray();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                double va = x[i * d + a] - mean[a];
                for (int b = a; b < d; b++) {
                    cov.data[a * d + b] += va * (x[i * d + b] - mean[b]);
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                double v = cov.data[a * d + b] / (n - 1);
                cov.data[a * d + b] = v;
                cov.data[b * d + a] = v;
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(cov)) {
            throw new IllegalStateException("Pca.fit: eigen-decomposition of the " + d + "x" + d
                    + " covariance failed");
        }
        Integer[] order = IntStream.range(0, d).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -eig.getEigenvalue(i).real));
        double[][] comps = new double[k][];
        double[] variance = new double[k];
        for (int c = 0; c < k; c++) {
            DMatrixRMaj v = eig.getEigenVector(order[c]);
            double[] vec = Arrays.copyOf(v.data, d);
            int biggest = 0;
            for (int j = 1; j < d; j++) {
                if (Math.abs(vec[j]) > Math.abs(vec[biggest])) {
                    biggest = j;
                }
            }
            double norm = Math.sqrt(Arrays.stream(vec).map(e -> e * e).sum());
            double sign = vec[biggest] < 0 ? -1 : 1;
            for (int j = 0; j < d; j++) {
                vec[j] = sign * vec[j] / norm;
            }
            comps[c] = vec;
            variance[c] = Math.max(0, eig.getEigenvalue(order[c]).real);
        }
        return new Pca(mean, comps, variance);
    }

    /** Projects {@code [N, D]} data onto the components: {@code [N, k]}. */
    public Tensor transform(Tensor data) {
        int d = mean.length;
        if (data.dim() != 2 || data.size(1) != d) {
            throw new IllegalArgumentException("Pca.transform: expects [N, " + d + "], got " + data.shape());
        }
        int n = data.size(0);
        int k = components.length;
        float[] x = data.contiguous().toArray();
        float[] out = new float[n * k];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += (x[i * d + j] - mean[j]) * components[c][j];
                }
                out[i * k + c] = (float) s;
            }
        }
        return Tensor.wrap(out, n, k);
    }

    /** The variance along each component, largest first. */
    public double[] explainedVariance() {
        return explainedVariance.clone();
    }

    /** Component {@code c} as a unit vector of length D. */
    public double[] component(int c) {
        return components[c].clone();
    }
}
