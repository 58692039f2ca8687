package dev.latent.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutogradTest {
    @Test
    void gradientsAccumulateOverEveryUseAndEveryBackward() {
        Tensor x = Tensor.of(1, 2, 3).setRequiresGrad(true);
        Tensor y = x.mul(x).add(x.mul(3f)).sum(); // dy/dx = 2x + 3
        y.backward();
        assertArrayEquals(new float[] {5, 7, 9}, x.grad().toArray());
        x.mul(2f).sum().backward();
        assertArrayEquals(new float[] {7, 9, 11}, x.grad().toArray(), "a second backward adds to grad");
        x.clearGrad();
        assertNull(x.grad());
    }

    @Test
    void broadcastGradientsAreSummedBackToTheInputShape() {
        Tensor w = Tensor.ones(3, 4).setRequiresGrad(true);
        Tensor b = Tensor.of(1, 2, 3, 4).setRequiresGrad(true);
        Tensor s = Tensor.scalar(2).setRequiresGrad(true);
        w.add(b).mul(s).sum().backward();
        assertArrayEquals(new float[] {6, 6, 6, 6}, b.grad().toArray());
        assertEquals(Shape.of(4), b.grad().shape());
        assertEquals(Shape.scalar(), s.grad().shape());
        assertEquals(3 * 4 + 3 * (1 + 2 + 3 + 4), s.grad().item(), 1e-5f);
    }

    @Test
    void gradientsFlowThroughViews() {
        Tensor x = Tensor.arange(12).reshape(3, 4).setRequiresGrad(true);
        Tensor y = x.t().slice(0, 1, 4, 2).reshape(-1).mul(Tensor.arange(6)).sum()
                .add(x.select(0, 2).sum()).add(x.narrow(1, 0, 1).expand(3, 5).sum());
        y.backward();
        // x.t()[1::2] takes columns 1 and 3 of x: element (r, c) gets weight index (c==1 ? 0 : 3) + r
        float[] expected = new float[12];
        for (int r = 0; r < 3; r++) {
            expected[r * 4 + 1] += r;
            expected[r * 4 + 3] += 3 + r;
            expected[r * 4] += 5; // expanded first column
        }
        for (int c = 0; c < 4; c++) {
            expected[8 + c] += 1; // select row 2
        }
        assertArrayEquals(expected, x.grad().toArray());
    }

    @Test
    void aChainOfAHundredThousandOpsDoesNotOverflowTheStack() {
        Tensor x = Tensor.of(1f).setRequiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 100_000; i++) {
            y = y.mul(1.00001f);
        }
        y.sum().backward();
        assertEquals(Math.pow(1.00001, 100_000), x.grad().item(), 1e-2);
    }

    @Test
    void noGradScopeDetachAndLeaves() {
        Tensor x = Tensor.ones(2).setRequiresGrad(true);
        try (var scope = GradMode.noGrad()) {
            Tensor y = x.mul(2f);
            assertFalse(y.requiresGrad());
            try (var inner = GradMode.enableGrad()) {
                assertTrue(x.mul(2f).requiresGrad());
            }
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
        Tensor z = x.mul(3f);
        assertTrue(z.requiresGrad());
        assertFalse(z.isLeaf());
        Tensor d = z.detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.sharesStorageWith(z));
        assertThrows(IllegalStateException.class, () -> z.setRequiresGrad(false));
        d.mul(x).sum().backward();
        assertArrayEquals(new float[] {3, 3}, x.grad().toArray(), "the detached factor is a constant");
    }

    @Test
    void backwardTwiceThroughAReleasedGraphFailsClearly() {
        Tensor x = Tensor.of(1, 2).setRequiresGrad(true);
        Tensor y = x.exp().sum();
        y.backward();
        var e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("second time") && e.getMessage().contains("retainGraph"), e.getMessage());

        Tensor z = x.exp().sum();
        x.clearGrad();
        z.backward(Tensor.scalar(1), true);
        z.backward(Tensor.scalar(1), false);
        assertArrayEquals(new float[] {2 * (float) Math.E, 2 * (float) Math.exp(2)}, x.grad().toArray(), 1e-5f);
    }

    @Test
    void modifyingASavedTensorInPlaceIsDetected() {
        Tensor x = Tensor.of(1, 2).setRequiresGrad(true);
        Tensor y = x.exp(); // saves its output
        Tensor loss = y.sum();
        try (var scope = GradMode.noGrad()) {
            y.mulInPlace(2f);
        }
        var e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("modified by an in-place operation") && e.getMessage().contains("version"),
                e.getMessage());
    }

    @Test
    void nonScalarBackwardNeedsAGradient() {
        Tensor x = Tensor.ones(2, 2).setRequiresGrad(true);
        Tensor y = x.mul(2f);
        var e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("[2, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(2)));
        y.backward(Tensor.of(new float[][] {{1, 2}, {3, 4}}));
        assertArrayEquals(new float[] {2, 4, 6, 8}, x.grad().toArray());
        assertThrows(IllegalStateException.class, () -> Tensor.ones(1).backward());
    }

    @Test
    void leafGradIsAPrivateCopy() {
        Tensor a = Tensor.ones(2).setRequiresGrad(true);
        Tensor b = Tensor.ones(2).setRequiresGrad(true);
        a.add(b).sum().backward();
        a.grad().mulInPlace(5f);
        assertArrayEquals(new float[] {1, 1}, b.grad().toArray());
    }

    /** A user-defined op: forward and backward in one place. */
    static final class Cube extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            saveForBackward(in[0]);
            return in[0].mul(in[0]).mul(in[0]);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor x = savedTensors()[0];
            return new Tensor[] {g.mul(x).mul(x).mul(3f)};
        }
    }

    @Test
    void customFunctionsJoinTheGraph() {
        Tensor x = Tensor.of(1, 2, 3).setRequiresGrad(true);
        Tensor y = new Cube().apply(x);
        assertEquals("Cube", y.gradFn().name());
        assertArrayEquals(new float[] {1, 8, 27}, y.toArray());
        GradCheck.assertGradients(in -> new Cube().apply(in[0]), x);
        Function once = new Cube();
        once.apply(x);
        assertThrows(IllegalStateException.class, () -> once.apply(x));
    }

    @Test
    void gradcheckCatchesAWrongBackward() {
        Function wrong = new Function() {
            @Override
            protected Tensor forward(Tensor... in) {
                return in[0].mul(in[0]);
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {g}; // should be 2 * x * g
            }
        };
        Tensor x = Tensor.of(1, 2, 3).setRequiresGrad(true);
        GradCheck.Result r = GradCheck.check(in -> new Function() {
            @Override
            protected Tensor forward(Tensor... inputs) {
                return inputs[0].mul(inputs[0]);
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {g};
            }
        }.apply(in[0]), x);
        assertFalse(r.passed());
        assertTrue(r.firstFailure().contains("element"), r.firstFailure());
        assertTrue(wrong.name().length() > 0);
    }

    @Test
    void backwardReturningTheWrongShapeIsReported() {
        Tensor x = Tensor.ones(3).setRequiresGrad(true);
        Tensor y = new Function() {
            @Override
            protected Tensor forward(Tensor... in) {
                return in[0].mul(2f);
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {g.sum()};
            }

            @Override
            public String name() {
                return "Broken";
            }
        }.apply(x);
        var e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("Broken") && e.getMessage().contains("[3]"), e.getMessage());
    }
}
