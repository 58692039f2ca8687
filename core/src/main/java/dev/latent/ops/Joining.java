package dev.latent.ops;

import dev.latent.tensor.Function;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/** Concatenation, stacking and splitting. */
public final class Joining {
    private Joining() {
    }

    /** Concatenates along {@code dim}; every other size must agree. */
    public static Tensor cat(int dim, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("cat: expects at least one tensor");
        }
        Tensor first = tensors[0];
        int d = first.shape().normalizeDim(dim);
        int total = 0;
        int[] sizes = new int[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            if (t.dim() != first.dim()) {
                throw new IllegalArgumentException("cat: tensor " + i + " has shape " + t.shape() + " but tensor 0 has "
                        + first.shape() + " (ranks differ)");
            }
            for (int j = 0; j < t.dim(); j++) {
                if (j != d && t.size(j) != first.size(j)) {
                    throw new IllegalArgumentException("cat: tensor " + i + " has shape " + t.shape()
                            + " but tensor 0 has " + first.shape() + " (dimension " + j + " differs)");
                }
            }
            sizes[i] = t.size(d);
            total += sizes[i];
        }
        Shape out = first.shape().with(d, total);
        return new Function() {
            @Override
            protected Tensor forward(Tensor... in) {
                Tensor result = Tensor.zeros(out);
                int at = 0;
                for (Tensor t : in) {
                    result.narrow(d, at, t.size(d)).copyFrom(t);
                    at += t.size(d);
                }
                return result;
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                Tensor[] grads = new Tensor[sizes.length];
                int at = 0;
                for (int i = 0; i < sizes.length; i++) {
                    grads[i] = needsInputGrad(i) ? g.narrow(d, at, sizes[i]) : null;
                    at += sizes[i];
                }
                return grads;
            }

            @Override
            public String name() {
                return "CatBackward";
            }
        }.apply(tensors);
    }

    /** Stacks same-shape tensors along a new dimension. */
    public static Tensor stack(int dim, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("stack: expects at least one tensor");
        }
        Tensor[] expanded = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            if (!tensors[i].shape().equals(tensors[0].shape())) {
                throw new IllegalArgumentException("stack: tensor " + i + " has shape " + tensors[i].shape()
                        + " but tensor 0 has " + tensors[0].shape());
            }
            expanded[i] = tensors[i].unsqueeze(dim);
        }
        return cat(dim, expanded);
    }

    /** Views of {@code splitSize} elements along {@code dim}; the last may be smaller. */
    public static List<Tensor> split(Tensor t, int splitSize, int dim) {
        if (splitSize <= 0) {
            throw new IllegalArgumentException("split: size must be positive, got " + splitSize);
        }
        int d = t.shape().normalizeDim(dim);
        int size = t.size(d);
        List<Tensor> parts = new ArrayList<>();
        for (int at = 0; at < size; at += splitSize) {
            parts.add(t.narrow(d, at, Math.min(splitSize, size - at)));
        }
        if (size == 0) {
            parts.add(t);
        }
        return parts;
    }

    /** {@code chunks} views of size {@code ceil(size / chunks)} along {@code dim} (fewer if they run out). */
    public static List<Tensor> chunk(Tensor t, int chunks, int dim) {
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk: number of chunks must be positive, got " + chunks);
        }
        int size = t.size(dim);
        return split(t, Math.max(1, (size + chunks - 1) / chunks), dim);
    }
}
