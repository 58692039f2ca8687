package dev.latent.ops;

import dev.latent.tensor.Generator;
import dev.latent.tensor.GradCheck;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AffineTest {
    private static void assertClose(Tensor expected, Tensor actual) {
        String m = actual.mismatch(expected, 1e-5f, 1e-5f);
        assertNull(m, m);
    }

    @Test
    void matchesMatmulPlusBiasForwardAndBackward() {
        Generator gen = new Generator(1);
        // the last shape has enough outputs for the bias copies, bias sums and transposes to run as parallel tasks
        for (int[] shape : new int[][] {{1, 7}, {5, 7}, {3, 4, 7}, {65, 7}, {97, 5}}) {
            int in = shape[shape.length - 1];
            int out = in == 5 ? 700 : 9;
            for (boolean withBias : new boolean[] {true, false}) {
                Tensor x = Tensor.randn(gen, shape).setRequiresGrad(true);
                Tensor w = Tensor.randn(gen, out, in).setRequiresGrad(true);
                Tensor b = withBias ? Tensor.randn(gen, out).setRequiresGrad(true) : null;
                Tensor y = Affine.linear(x, w, b);
                Tensor ref = withBias ? x.matmul(w.t()).add(b) : x.matmul(w.t());
                assertClose(ref, y);
                Tensor up = Tensor.randn(gen, y.shape().toArray());
                y.backward(up);
                Tensor[] fused = {x.grad(), w.grad(), withBias ? b.grad() : null};
                x.clearGrad();
                w.clearGrad();
                if (withBias) {
                    b.clearGrad();
                }
                ref.backward(up);
                assertClose(x.grad(), fused[0]);
                assertClose(w.grad(), fused[1]);
                if (withBias) {
                    assertClose(b.grad(), fused[2]);
                }
            }
        }
    }

    @Test
    void stridedOperandsAndGradcheck() {
        Generator gen = new Generator(2);
        Tensor xt = Tensor.randn(gen, 6, 4).t(); // [4, 6], transposed view
        Tensor wt = Tensor.randn(gen, 6, 3).t(); // [3, 6]
        assertClose(xt.matmul(wt.t()), Affine.linear(xt, wt, null));
        Tensor x = Tensor.randn(gen, 2, 3, 4).setRequiresGrad(true);
        Tensor w = Tensor.randn(gen, 5, 4).setRequiresGrad(true);
        Tensor b = Tensor.randn(gen, 5).setRequiresGrad(true);
        GradCheck.assertGradients(in -> Affine.linear(in[0], in[1], in[2]), x, w, b);
        GradCheck.assertGradients(in -> Affine.linear(in[0], in[1], null), x, w);
    }

    @Test
    void emptyBatchesAndBadShapes() {
        assertEquals(0, Affine.linear(Tensor.zeros(0, 4), Tensor.zeros(3, 4), Tensor.zeros(3)).numel());
        var e = assertThrows(IllegalArgumentException.class,
                () -> Affine.linear(Tensor.zeros(2, 5), Tensor.zeros(3, 4), null));
        assertTrue(e.getMessage().contains("[2, 5]") && e.getMessage().contains("[3, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Affine.linear(Tensor.zeros(2, 4), Tensor.zeros(3, 4),
                Tensor.zeros(4)));
    }
}
