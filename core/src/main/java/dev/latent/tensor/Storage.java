package dev.latent.tensor;

/**
 * The flat {@code float[]} that one or more tensors view, plus the version counter that in-place writes bump so
 * autodiff can tell when a tensor saved for backward was modified afterwards.
 */
final class Storage {
    final float[] data;
    private int version;

    Storage(float[] data) {
        this.data = data;
    }

    int version() {
        return version;
    }

    void bumpVersion() {
        version++;
    }
}
