package dev.latent.datasets;

import dev.latent.tensor.Shape;

import java.util.List;

/** The examples of a base dataset at given indices; a subset of a subset indexes the base directly. */
final class Subset implements Dataset {
    private final Dataset base;
    private final int[] indices;

    private Subset(Dataset base, int[] indices) {
        this.base = base;
        this.indices = indices;
    }

    static Subset of(Dataset dataset, int[] indices) {
        int[] mapped = indices.clone();
        for (int i = 0; i < mapped.length; i++) {
            if (mapped[i] < 0 || mapped[i] >= dataset.size()) {
                throw new IndexOutOfBoundsException("subset: index " + mapped[i] + " (position " + i
                        + ") is outside [0, " + dataset.size() + ")");
            }
        }
        if (dataset instanceof Subset s) {
            for (int i = 0; i < mapped.length; i++) {
                mapped[i] = s.indices[mapped[i]];
            }
            return new Subset(s.base, mapped);
        }
        return new Subset(dataset, mapped);
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public Shape exampleShape() {
        return base.exampleShape();
    }

    @Override
    public List<String> classNames() {
        return base.classNames();
    }

    @Override
    public int label(int index) {
        return base.label(indices[index]);
    }

    @Override
    public void copyExample(int index, float[] dest, int destOffset) {
        base.copyExample(indices[index], dest, destOffset);
    }

    @Override
    public String toString() {
        return "Subset[" + indices.length + " of " + base + "]";
    }
}
