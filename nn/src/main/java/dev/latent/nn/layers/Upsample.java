package dev.latent.nn.layers;

import dev.latent.nn.Module;
import dev.latent.ops.Pooling;
import dev.latent.tensor.Tensor;

/**
 * Nearest-neighbour upsampling of {@code [N, C, H, W]} inputs by integer factors, like PyTorch's
 * {@code nn.Upsample(scale_factor=s, mode='nearest')}: each pixel becomes a {@code scaleH x scaleW} block.
 */
public final class Upsample extends Module {
    private final int scaleH;
    private final int scaleW;

    /** The same factor in both directions. */
    public Upsample(int scale) {
        this(scale, scale);
    }

    /** Separate vertical and horizontal factors. */
    public Upsample(int scaleH, int scaleW) {
        if (scaleH <= 0 || scaleW <= 0) {
            throw new IllegalArgumentException("Upsample: scale factors must be positive, got (" + scaleH + ", "
                    + scaleW + ")");
        }
        this.scaleH = scaleH;
        this.scaleW = scaleW;
    }

    @Override
    protected Tensor compute(Tensor input) {
        Pool2d.check4d("Upsample", input);
        return Pooling.upsampleNearest2d(input, scaleH, scaleW);
    }

    @Override
    protected String extraRepr() {
        return "scale_factor=(" + scaleH + ", " + scaleW + "), mode='nearest'";
    }
}
