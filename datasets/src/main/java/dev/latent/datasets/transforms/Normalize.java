package dev.latent.datasets.transforms;

import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

import java.util.Arrays;

/**
 * {@code (x - mean[c]) / std[c]} for channel {@code c} (dimension 1 of {@code [B, C, ...]}), like torchvision's
 * {@code Normalize}; a single mean and std apply to every value.
 */
final class Normalize implements Transform {
    private final float[] mean;
    private final float[] std;

    Normalize(float[] mean, float[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("normalize: need as many means as stds (at least one), got "
                    + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        for (float s : std) {
            if (!(s > 0) || !Float.isFinite(s)) {
                throw new IllegalArgumentException("normalize: std must be positive and finite, got "
                        + Arrays.toString(std));
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    @Override
    public Tensor apply(Tensor images, Generator random) {
        int channels = mean.length;
        if (channels > 1 && (images.dim() < 2 || images.size(1) != channels)) {
            throw new IllegalArgumentException("normalize: " + channels + " channel means need images [B, "
                    + channels + ", ...], got shape " + images.shape());
        }
        float[] v = images.toArray();
        if (v.length == 0) {
            return Tensor.wrap(v, images.shape());
        }
        int inner = channels == 1 ? v.length : v.length / images.size(0) / channels;
        for (int start = 0, c = 0; start < v.length; start += inner, c = (c + 1) % channels) {
            float m = mean[c];
            float inv = 1f / std[c];
            for (int i = start; i < start + inner; i++) {
                v[i] = (v[i] - m) * inv;
            }
        }
        return Tensor.wrap(v, images.shape());
    }

    @Override
    public String toString() {
        return "normalize(mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std) + ")";
    }
}
