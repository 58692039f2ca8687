package dev.latent.benchmarks;

import java.util.SplittableRandom;

/** Shared set-up helpers for the benchmarks. */
final class Operands {
    private Operands() {
    }

    /** {@code n} uniform floats in [-1, 1) from a fixed seed. */
    static float[] random(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }

    /** One line on stderr, so the JMH log says which kernels ran. */
    static void log(String benchmark, String what) {
        System.err.println("# " + benchmark + ": " + what);
    }
}
