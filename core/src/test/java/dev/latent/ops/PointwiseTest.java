package dev.latent.ops;

import dev.latent.tensor.Generator;
import dev.latent.tensor.GradCheck;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PointwiseTest {
    private static final float EPS = 1e-6f;

    private static Tensor leaf(Tensor t) {
        return t.setRequiresGrad(true);
    }

    private static Tensor randn(long seed, int... shape) {
        return Tensor.randn(new Generator(seed), shape);
    }

    /** Values in [lo, hi) so that log/sqrt/pow stay in their domain and away from kinks. */
    private static Tensor uniform(long seed, float lo, float hi, int... shape) {
        return Tensor.rand(new Generator(seed), shape).mul(hi - lo).add(lo);
    }

    @Test
    void binaryForwardWithBroadcasting() {
        Tensor a = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor col = Tensor.of(10, 20).reshape(2, 1);
        assertArrayEquals(new float[] {11, 12, 13, 24, 25, 26}, a.add(col).toArray());
        assertArrayEquals(new float[] {-9, -8, -7, -16, -15, -14}, a.sub(col).toArray());
        assertArrayEquals(new float[] {10, 20, 30, 80, 100, 120}, a.mul(col).toArray());
        assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2, 2.5f, 3}, a.div(Tensor.scalar(2)).toArray());
        assertArrayEquals(new float[] {1, 4, 9, 16, 25, 36}, a.pow(Tensor.scalar(2)).toArray());
        assertArrayEquals(new float[] {1, 2, 3, 4, 4, 4}, a.minimum(Tensor.scalar(4)).toArray());
        assertArrayEquals(new float[] {3, 3, 3, 4, 5, 6}, a.maximum(Tensor.of(3)).toArray());
        // [3] + [2, 1] -> [2, 3]
        assertArrayEquals(new float[] {11, 12, 13, 21, 22, 23}, Tensor.of(1, 2, 3).add(col).toArray());
        var e = assertThrows(IllegalArgumentException.class, () -> a.add(Tensor.of(1, 2)));
        assertTrue(e.getMessage().startsWith("add:") && e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void unaryForwardValues() {
        Tensor x = Tensor.of(-2, -0.5f, 0, 0.5f, 2);
        assertArrayEquals(new float[] {0, 0, 0, 0.5f, 2}, x.relu().toArray());
        assertArrayEquals(new float[] {-0.02f, -0.005f, 0, 0.5f, 2}, x.leakyRelu(0.01f).toArray(), EPS);
        assertArrayEquals(new float[] {0.11920292f, 0.37754067f, 0.5f, 0.62245933f, 0.88079708f},
                x.sigmoid().toArray(), EPS);
        assertArrayEquals(new float[] {-0.96402758f, -0.46211716f, 0, 0.46211716f, 0.96402758f}, x.tanh().toArray(),
                EPS);
        assertArrayEquals(new float[] {0.12692801f, 0.47407698f, 0.69314718f, 0.97407698f, 2.12692801f},
                x.softplus().toArray(), EPS);
        assertArrayEquals(new float[] {2, 0.5f, 0, 0.5f, 2}, x.abs().toArray());
        assertArrayEquals(new float[] {-1, -0.5f, 0, 0.5f, 1}, x.clamp(-1, 1).toArray());
        assertArrayEquals(new float[] {2, 0.5f, 0, -0.5f, -2}, x.neg().toArray(), 0f);
        assertArrayEquals(new float[] {0.13533528f, 0.60653066f, 1, 1.64872127f, 7.3890561f}, x.exp().toArray(), 1e-5f);
        Tensor p = Tensor.of(0.5f, 1, 4);
        assertArrayEquals(new float[] {-0.69314718f, 0, 1.38629436f}, p.log().toArray(), EPS);
        assertArrayEquals(new float[] {0.40546511f, 0.69314718f, 1.60943791f}, p.log1p().toArray(), EPS);
        assertArrayEquals(new float[] {0.70710678f, 1, 2}, p.sqrt().toArray(), EPS);
        assertArrayEquals(new float[] {0.35355339f, 1, 8}, p.pow(1.5f).toArray(), EPS);
        assertArrayEquals(new float[] {2, 1, 0.25f}, p.rdiv(1).toArray(), EPS);
        // Large inputs stay finite where the naive formulas overflow.
        assertEquals(1f, Tensor.of(100).sigmoid().item());
        assertEquals(3.7835e-44f, Tensor.of(-100).sigmoid().item(), 1e-45f);
        assertEquals(100f, Tensor.of(100).softplus().item());
    }

    @Test
    void comparisonsAndWhere() {
        Tensor a = Tensor.of(1, 2, 3);
        Tensor b = Tensor.of(3, 2, 1);
        assertArrayEquals(new float[] {0, 0, 1}, a.gt(b).toArray());
        assertArrayEquals(new float[] {0, 1, 1}, a.ge(b).toArray());
        assertArrayEquals(new float[] {1, 0, 0}, a.lt(b).toArray());
        assertArrayEquals(new float[] {1, 1, 0}, a.le(b).toArray());
        assertArrayEquals(new float[] {0, 1, 0}, a.eq(b).toArray());
        assertArrayEquals(new float[] {1, 0, 1}, a.ne(b).toArray());
        assertArrayEquals(new float[] {0, 1, 1}, a.gt(1.5f).toArray());
        assertArrayEquals(new float[] {1, 2, 1}, Tensor.where(a.le(2f), a, b).toArray());
        // where does not produce NaN from the branch it does not take
        Tensor x = Tensor.of(0, 4);
        assertArrayEquals(new float[] {0, 2}, Tensor.where(x.gt(0f), x.sqrt(), Tensor.scalar(0)).toArray());
    }

    @Test
    void gradientsOfBinaryOpsWithBroadcasting() {
        Tensor a = leaf(randn(1, 3, 4));
        Tensor b = leaf(randn(2, 4));
        Tensor col = leaf(uniform(3, 0.5f, 2f, 3, 1));
        GradCheck.assertGradients(in -> in[0].add(in[1]), a, b);
        GradCheck.assertGradients(in -> in[0].sub(in[1]), a, col);
        GradCheck.assertGradients(in -> in[0].mul(in[1]), a, b);
        GradCheck.assertGradients(in -> in[0].div(in[1]), a, col);
        GradCheck.assertGradients(in -> in[0].pow(in[1]), col, leaf(randn(4, 3, 4)));
        GradCheck.assertGradients(in -> in[0].minimum(in[1]), a, b);
        GradCheck.assertGradients(in -> in[0].maximum(in[1]), a, b);
        GradCheck.assertGradients(in -> Tensor.where(in[0].gt(0f), in[0], in[1]), a, b);
    }

    @Test
    void gradientsOfUnaryOps() {
        Tensor x = leaf(randn(5, 2, 3, 4).mul(1.5f));
        Tensor pos = leaf(uniform(6, 0.5f, 3f, 2, 3, 4));
        GradCheck.assertGradients(in -> in[0].neg(), x);
        GradCheck.assertGradients(in -> in[0].exp(), x);
        GradCheck.assertGradients(in -> in[0].log(), pos);
        GradCheck.assertGradients(in -> in[0].log1p(), pos);
        GradCheck.assertGradients(in -> in[0].sqrt(), pos);
        GradCheck.assertGradients(in -> in[0].pow(3f), x);
        GradCheck.assertGradients(in -> in[0].pow(-1.5f), pos);
        GradCheck.assertGradients(in -> in[0].sigmoid(), x);
        GradCheck.assertGradients(in -> in[0].tanh(), x);
        GradCheck.assertGradients(in -> in[0].softplus(), x);
        GradCheck.assertGradients(in -> in[0].softplus(2f, 1f), x);
        GradCheck.assertGradients(in -> in[0].add(3f).mul(2f).sub(1f).div(4f).rsub(2f), x);
        GradCheck.assertGradients(in -> in[0].rdiv(2f), pos);
        // Kinked ops: inputs kept away from the kink by more than the finite-difference step.
        Tensor away = leaf(Tensor.of(-2f, -0.7f, -0.3f, 0.4f, 0.9f, 1.6f));
        GradCheck.assertGradients(in -> in[0].relu(), away);
        GradCheck.assertGradients(in -> in[0].leakyRelu(0.2f), away);
        GradCheck.assertGradients(in -> in[0].abs(), away);
        GradCheck.assertGradients(in -> in[0].clamp(-0.5f, 1f), away);
    }

    @Test
    void gradientPassesThroughNonContiguousInputs() {
        Tensor x = leaf(randn(7, 4, 3));
        GradCheck.assertGradients(in -> in[0].t().exp().mul(in[0].t()), x);
        GradCheck.assertGradients(in -> in[0].slice(0, 0, 4, 2).sigmoid(), x);
    }

    @Test
    void inPlaceOpsWriteThroughViewsAndRefuseGradTensors() {
        Tensor x = Tensor.ones(2, 3);
        x.t().mulInPlace(Tensor.of(2, 3).reshape(1, 2)); // scales the rows of x through its transpose
        x.addInPlace(Tensor.of(1, 2, 3), 2f);
        assertArrayEquals(new float[] {4, 6, 8, 5, 7, 9}, x.toArray());
        x.clampInPlace(5, 8).divInPlace(2f).subInPlace(Tensor.scalar(1f));
        assertArrayEquals(new float[] {1.5f, 2, 3, 1.5f, 2.5f, 3}, x.toArray());
        x.addcmulInPlace(Tensor.ones(3), Tensor.full(2, 2, 3), 0.5f).addcdivInPlace(Tensor.ones(3), Tensor.full(4, 3), 4);
        assertArrayEquals(new float[] {3.5f, 4, 5, 3.5f, 4.5f, 5}, x.toArray());

        Tensor w = Tensor.ones(2).setRequiresGrad(true);
        var e = assertThrows(IllegalStateException.class, () -> w.addInPlace(1f));
        assertTrue(e.getMessage().contains("noGrad"), e.getMessage());
        try (var scope = dev.latent.tensor.GradMode.noGrad()) {
            w.addInPlace(1f);
        }
        assertArrayEquals(new float[] {2, 2}, w.toArray());
        // A bad operand shape is rejected before anything is written.
        Tensor y = Tensor.ones(2, 3);
        assertThrows(IllegalArgumentException.class, () -> y.addInPlace(Tensor.ones(2)));
        assertThrows(IllegalArgumentException.class, () -> y.addInPlace(Tensor.ones(4, 2, 3)));
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, y.toArray());
        assertEquals(0, y.version());
    }

    @Test
    void inPlaceWithOverlappingOperandUsesTheOldValues() {
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        x.addInPlace(x.t());
        assertArrayEquals(new float[] {2, 5, 5, 8}, x.toArray());
    }
}
