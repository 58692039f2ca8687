package dev.latent.models;

import dev.latent.tensor.Tensor;

/** Input checks shared by the image models. */
final class ImageShapes {
    private ImageShapes() {
    }

    /** Throws unless {@code x} is {@code [N, 1, 28, 28]}. */
    static void requireMnist(String op, Tensor x) {
        if (x.dim() != 4 || x.size(1) != 1 || x.size(2) != 28 || x.size(3) != 28) {
            throw new IllegalArgumentException(op + ": expects images of shape [N, 1, 28, 28], got " + x.shape());
        }
    }

    /** Throws unless {@code z} is {@code [N, latentDim]}. */
    static void requireCodes(String op, Tensor z, int latentDim) {
        if (z.dim() != 2 || z.size(1) != latentDim) {
            throw new IllegalArgumentException(op + ": expects latent codes of shape [N, " + latentDim + "], got "
                    + z.shape());
        }
    }
}
