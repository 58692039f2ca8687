package dev.latent.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The SIMD Adam step gives the scalar loop's bits (the loop of {@code dev.latent.nn.optim.Adam}). */
class AdamKernelTest {
    @Test
    void vectorStepEqualsTheScalarLoopBitForBit() {
        if (!VectorSupport.enabled()) {
            return;
        }
        SplittableRandom rnd = new SplittableRandom(5);
        for (int n : new int[] {1, 7, 16, 33, 100, 1029}) {
            for (int mode = 0; mode < 3; mode++) {
                boolean decoupled = mode == 1;
                float wd = mode == 2 ? 0.01f : 0f;
                float[] p = random(rnd, n + 3);
                float[] g = random(rnd, n + 5);
                float[] m = random(rnd, n);
                float[] v = abs(random(rnd, n));
                float[] p2 = p.clone();
                float[] m2 = m.clone();
                float[] v2 = v.clone();
                float b1 = 0.9f;
                float c1 = 0.1f;
                float b2 = 0.999f;
                float c2 = 0.001f;
                float stepSize = 1.3e-3f;
                float bias2Sqrt = 0.0447f;
                float eps = 1e-8f;
                float decay = 0.99999f;
                int start = VectorSupport.kernels().adam(p, 3, g, 5, m, v, 0, n, b1, c1, b2, c2, stepSize,
                        bias2Sqrt, eps, decoupled, decay, wd);
                assertEquals(n / VectorSupport.kernels().floatLanes() * VectorSupport.kernels().floatLanes(),
                        start, "whole vectors done by the kernel");
                scalar(p, 3, g, 5, m, v, start, n, b1, c1, b2, c2, stepSize, bias2Sqrt, eps, decoupled, decay, wd);
                scalar(p2, 3, g, 5, m2, v2, 0, n, b1, c1, b2, c2, stepSize, bias2Sqrt, eps, decoupled, decay, wd);
                String what = "n=" + n + " decoupled=" + decoupled + " wd=" + wd;
                assertArrayEquals(p2, p, what);
                assertArrayEquals(m2, m, what);
                assertArrayEquals(v2, v, what);
            }
        }
    }

    /** The scalar loop as Adam has it. */
    private static void scalar(float[] p, int po, float[] g, int go, float[] m, float[] v, int from, int to, float b1,
                               float c1, float b2, float c2, float stepSize, float bias2Sqrt, float eps,
                               boolean decoupled, float decay, float wd) {
        for (int i = from; i < to; i++) {
            float gi = g[go + i];
            if (decoupled) {
                p[po + i] *= decay;
            } else if (wd != 0) {
                gi += wd * p[po + i];
            }
            float mi = m[i] * b1 + c1 * gi;
            float vi = v[i] * b2 + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            float denom = (float) Math.sqrt(vi) / bias2Sqrt + eps;
            p[po + i] -= stepSize * (mi / denom);
        }
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }

    private static float[] abs(float[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.abs(a[i]) * 1e-3f;
        }
        return a;
    }
}
