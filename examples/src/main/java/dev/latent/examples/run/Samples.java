package dev.latent.examples.run;

import dev.latent.datasets.Dataset;
import dev.latent.nn.Module;
import dev.latent.tensor.GradMode;
import dev.latent.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/** Picks the images shown in pictures and encodes data sets batch by batch without grad. */
public final class Samples {
    private Samples() {
    }

    /**
     * The indices of the first {@code perClass} examples of every class, ordered by round then class (so a row shows
     * each class once before repeating). Classes with fewer examples contribute what they have.
     */
    public static int[] perClass(Dataset d, int perClass) {
        int classes = d.numClasses();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < d.size(); i++) {
            List<Integer> l = byClass.get(d.label(i));
            if (l.size() < perClass) {
                l.add(i);
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int r = 0; r < perClass; r++) {
            for (List<Integer> l : byClass) {
                if (r < l.size()) {
                    out.add(l.get(r));
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The images at {@code indices}, stacked: {@code [n, exampleShape...]}. */
    public static Tensor images(Dataset d, int[] indices) {
        return d.subset(indices).images();
    }

    /** The first {@code min(n, size)} indices of an evenly spaced pick over {@code d} (for latent maps). */
    public static int[] spread(Dataset d, int n) {
        int m = Math.min(n, d.size());
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) {
            idx[i] = (int) ((long) i * d.size() / m);
        }
        return idx;
    }

    /** {@code f} applied to {@code images} in slices of 500, without grad and in eval mode; results concatenated. */
    public static Tensor map(Module model, Tensor images, UnaryOperator<Tensor> f) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var scope = GradMode.noGrad()) {
            List<Tensor> parts = new ArrayList<>();
            int n = images.size(0);
            for (int from = 0; from < n; from += 500) {
                parts.add(f.apply(images.narrow(0, from, Math.min(500, n - from))).detach());
            }
            return parts.size() == 1 ? parts.get(0) : Tensor.cat(0, parts);
        } finally {
            model.train(wasTraining);
        }
    }

    /** The labels at {@code indices}. */
    public static int[] labels(Dataset d, int[] indices) {
        return Arrays.stream(indices).map(d::label).toArray();
    }
}
