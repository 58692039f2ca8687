package dev.latent.tensor;

import java.util.Arrays;

/**
 * A seedable pseudo-random generator (xoshiro256**, seeded through SplitMix64) whose sequence depends only on the
 * seed: the same seed gives the same numbers on every machine and JDK. Gaussian samples use the Marsaglia polar
 * method with {@link StrictMath}, which is bit-reproducible across platforms.
 *
 * <p>The full state can be read with {@link #state()} and restored with {@link #setState(long[])}, so a training
 * checkpoint can resume exactly. A generator is not thread-safe; give each thread its own.
 */
public final class Generator {
    private static final Generator DEFAULT = new Generator(0x5EEDL);

    private long s0;
    private long s1;
    private long s2;
    private long s3;
    private boolean hasSpareGaussian;
    private double spareGaussian;

    /** A generator seeded with {@code seed}. */
    public Generator(long seed) {
        manualSeed(seed);
    }

    /**
     * The library-wide default generator, used by methods that take no generator (layer initialisation, dropout).
     * Seed it with {@code Generator.global().manualSeed(seed)} for a reproducible run, like {@code torch.manual_seed}.
     */
    public static Generator global() {
        return DEFAULT;
    }

    /** Resets this generator to the start of the sequence for {@code seed}. */
    public synchronized void manualSeed(long seed) {
        long x = seed;
        x += 0x9E3779B97F4A7C15L;
        s0 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s1 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s2 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s3 = mix(x);
        hasSpareGaussian = false;
        spareGaussian = 0;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next 64 uniformly random bits. */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** A uniform float in {@code [0, 1)} with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** A uniform double in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** A uniform int in {@code [0, bound)}, without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        // Lemire's multiply-shift with rejection.
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** A standard normal sample. */
    public double nextGaussian() {
        if (hasSpareGaussian) {
            hasSpareGaussian = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double scale = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        spareGaussian = v * scale;
        hasSpareGaussian = true;
        return u * scale;
    }

    /** Shuffles {@code values} in place (Fisher-Yates). */
    public void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /** A random permutation of {@code 0 .. n-1}. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p);
        return p;
    }

    /**
     * The complete state: four xoshiro words, a flag for a cached Gaussian and its bits. Pass it to
     * {@link #setState(long[])} to continue the exact same sequence.
     */
    public synchronized long[] state() {
        return new long[] {s0, s1, s2, s3, hasSpareGaussian ? 1 : 0, Double.doubleToRawLongBits(spareGaussian)};
    }

    /** Restores a state returned by {@link #state()}. */
    public synchronized void setState(long[] state) {
        if (state == null || state.length != 6) {
            throw new IllegalArgumentException("generator state must have 6 words, got "
                    + (state == null ? "null" : Arrays.toString(state)));
        }
        if ((state[0] | state[1] | state[2] | state[3]) == 0) {
            throw new IllegalArgumentException("generator state must not be all zero");
        }
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
        hasSpareGaussian = state[4] != 0;
        spareGaussian = Double.longBitsToDouble(state[5]);
    }
}
