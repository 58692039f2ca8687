package dev.latent.ops;

import dev.latent.tensor.Generator;
import dev.latent.tensor.GradCheck;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinearAlgebraTest {
    private static final int[] SIZES = {1, 3, 17, 65, 130};

    static Stream<Arguments> shapes() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int m : SIZES) {
            for (int k : SIZES) {
                b.add(Arguments.of(m, k, SIZES[(m + k) % SIZES.length]));
            }
        }
        return b.build();
    }

    /** The EJML product of two 2-D tensors (any layout), as the oracle. */
    static Tensor ejml(Tensor a, Tensor b) {
        FMatrixRMaj x = new FMatrixRMaj(a.size(0), a.size(1), true, a.toArray());
        FMatrixRMaj y = new FMatrixRMaj(b.size(0), b.size(1), true, b.toArray());
        FMatrixRMaj c = new FMatrixRMaj(a.size(0), b.size(1));
        CommonOps_FDRM.mult(x, y, c);
        return Tensor.wrap(c.data, a.size(0), b.size(1));
    }

    static void assertClose(Tensor expected, Tensor actual, int k) {
        // Float sums of k products: allow error growing with k.
        float tol = 1e-5f * (float) Math.sqrt(k) * 4;
        String mismatch = actual.mismatch(expected, tol, tol);
        assertTrue(mismatch == null, mismatch);
    }

    @ParameterizedTest(name = "{0}x{1} @ {1}x{2}")
    @MethodSource("shapes")
    void contiguousMatchesEjml(int m, int k, int n) {
        Generator g = new Generator(m * 1000L + k * 10L + n);
        Tensor a = Tensor.randn(g, m, k);
        Tensor b = Tensor.randn(g, k, n);
        assertClose(ejml(a, b), a.matmul(b), k);
    }

    @ParameterizedTest(name = "{0}x{1} @ {1}x{2} transposed and sliced")
    @MethodSource("shapes")
    void stridedViewsMatchEjml(int m, int k, int n) {
        Generator g = new Generator(m * 7L + k * 3L + n);
        Tensor at = Tensor.randn(g, k, m).t();                               // column-major A
        Tensor bt = Tensor.randn(g, n, k).t();                               // column-major B
        Tensor as = Tensor.randn(g, m, 2 * k + 1).slice(1, 1, 2 * k + 1, 2); // columns with stride 2
        Tensor bs = Tensor.randn(g, k + 3, n + 5).narrow(0, 2, k).narrow(1, 3, n); // row stride > n
        assertClose(ejml(at, bt), at.matmul(bt), k);
        assertClose(ejml(as, bs), as.matmul(bs), k);
        assertClose(ejml(at, bs), at.matmul(bs), k);
        assertClose(ejml(as, bt), as.matmul(bt), k);
    }

    @Test
    void vectorAndBatchedSemantics() {
        Generator g = new Generator(1);
        Tensor v = Tensor.randn(g, 5);
        Tensor w = Tensor.randn(g, 5);
        Tensor dot = v.matmul(w);
        assertEquals(Shape.scalar(), dot.shape());
        assertEquals(v.mul(w).sum().item(), dot.item(), 1e-5f);

        Tensor m = Tensor.randn(g, 3, 5);
        assertEquals(Shape.of(3), m.matmul(v).shape());
        assertClose(ejml(m, v.reshape(5, 1)).reshape(3), m.matmul(v), 5);
        assertEquals(Shape.of(3), v.matmul(m.t()).shape());

        // [2, 1, 3, 5] @ [4, 5, 6] -> [2, 4, 3, 6], each batch an ordinary product
        Tensor a = Tensor.randn(g, 2, 1, 3, 5);
        Tensor b = Tensor.randn(g, 4, 5, 6);
        Tensor c = a.matmul(b);
        assertEquals(Shape.of(2, 4, 3, 6), c.shape());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 4; j++) {
                assertClose(ejml(a.select(0, i).select(0, 0), b.select(0, j)), c.select(0, i).select(0, j), 5);
            }
        }
        // batched matrix @ vector
        assertEquals(Shape.of(4, 5), b.matmul(Tensor.randn(g, 6)).shape());
    }

    @Test
    void shapeErrorsNameBothShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 5]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(5, 4, 2)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1).matmul(Tensor.zeros(2)));
    }

    @Test
    void gradients() {
        Generator g = new Generator(2);
        Tensor a = Tensor.randn(g, 3, 4).setRequiresGrad(true);
        Tensor b = Tensor.randn(g, 4, 5).setRequiresGrad(true);
        GradCheck.assertGradients(in -> in[0].matmul(in[1]), a, b);
        GradCheck.assertGradients(in -> in[0].t().matmul(in[1].t()), Tensor.randn(g, 4, 3).setRequiresGrad(true),
                Tensor.randn(g, 5, 4).setRequiresGrad(true));
        GradCheck.assertGradients(in -> in[0].matmul(in[1]), Tensor.randn(g, 2, 1, 3, 4).setRequiresGrad(true),
                Tensor.randn(g, 3, 4, 2).setRequiresGrad(true));
        GradCheck.assertGradients(in -> in[0].matmul(in[1]), Tensor.randn(g, 4).setRequiresGrad(true),
                Tensor.randn(g, 2, 4, 3).setRequiresGrad(true));
        GradCheck.assertGradients(in -> in[0].matmul(in[1]), Tensor.randn(g, 4).setRequiresGrad(true),
                Tensor.randn(g, 4).setRequiresGrad(true));
    }
}
