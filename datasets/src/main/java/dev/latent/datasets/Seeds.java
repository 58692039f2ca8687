package dev.latent.datasets;

/** Derives independent seeds from a base seed and indices (epoch, batch), so any batch can be rebuilt alone. */
final class Seeds {
    private Seeds() {
    }

    /** A seed for {@code (seed, stream, a, b)}: distinct inputs give unrelated seeds (SplitMix64 finalizer). */
    static long derive(long seed, long stream, long a, long b) {
        long h = mix(seed ^ 0x6A09E667F3BCC909L);
        h = mix(h ^ stream);
        h = mix(h ^ a);
        return mix(h ^ b);
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
