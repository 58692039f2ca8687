package dev.latent.models.gan;

import dev.latent.ops.Indexing;
import dev.latent.tensor.Tensor;

/** Input checks shared by the GAN networks. */
final class GanShapes {
    /** Side of the square images the networks make and judge. */
    static final int SIDE = 28;
    /** Pixels per image. */
    static final int PIXELS = SIDE * SIDE;

    private GanShapes() {
    }

    /** A conditional network needs at least one class. */
    static int requireClasses(String op, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException(op + ": needs at least one class, got " + numClasses);
        }
        return numClasses;
    }

    static void checkImages(String op, Tensor x) {
        if (x.dim() != 4 || x.size(1) != 1 || x.size(2) != SIDE || x.size(3) != SIDE) {
            throw new IllegalArgumentException(op + ": expects images of shape [N, 1, 28, 28], got " + x.shape());
        }
    }

    /** Labels must be given exactly for conditional networks, as {@code [n]} class indices in range. */
    static void checkLabels(String op, int numClasses, Tensor labels, int n) {
        if (numClasses == 0) {
            if (labels != null) {
                throw new IllegalArgumentException(op + ": is unconditional but was given labels " + labels.shape());
            }
            return;
        }
        if (labels == null) {
            throw new IllegalArgumentException(op + ": is conditional on " + numClasses + " classes and needs labels");
        }
        if (labels.dim() != 1 || labels.size(0) != n) {
            throw new IllegalArgumentException(op + ": expects labels of shape [" + n + "], got " + labels.shape());
        }
        int[] l = Indexing.toInts(op, labels);
        for (int i = 0; i < n; i++) {
            if (l[i] < 0 || l[i] >= numClasses) {
                throw new IllegalArgumentException(op + ": label " + l[i] + " at index " + i + " is not a class index"
                        + " in [0, " + numClasses + ")");
            }
        }
    }

    /** Labels {@code start % C, (start + 1) % C, ...}: {@code n} of them, cycling through the classes. */
    static Tensor cycledLabels(int start, int n, int numClasses) {
        float[] l = new float[n];
        for (int i = 0; i < n; i++) {
            l[i] = (start + i) % numClasses;
        }
        return Tensor.wrap(l, n);
    }
}
