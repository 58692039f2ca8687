package dev.latent.kernels;

import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WorkspaceTest {
    @AfterEach
    void restore() {
        Workspace.setReuse(true);
    }

    @Test
    void resultsOfOneScopeAreHandedOutZeroedByTheNext() {
        float[] first;
        try (var scope = Workspace.recycleResults()) {
            first = Workspace.result(5);
            first[2] = 7f;
        }
        try (var scope = Workspace.recycleResults()) {
            float[] again = Workspace.result(5);
            assertSame(first, again);
            assertArrayEquals(new float[5], again);
            assertNotSame(first, Workspace.result(5), "an array is lent once per scope");
        }
    }

    @Test
    void outsideAScopeOrWithReuseOffResultsAreNew() {
        float[] first;
        try (var scope = Workspace.recycleResults()) {
            first = Workspace.result(3);
        }
        assertNotSame(first, Workspace.result(3));
        Workspace.setReuse(false);
        try (var scope = Workspace.recycleResults()) {
            assertNotSame(first, Workspace.result(3));
        }
    }

    @Test
    void nestedScopesRecycleWhenTheOutermostCloses() {
        float[] inner;
        try (var outer = Workspace.recycleResults()) {
            try (var nested = Workspace.recycleResults()) {
                inner = Workspace.result(4);
            }
            assertNotSame(inner, Workspace.result(4), "still in use until the outer scope closes");
        }
        try (var scope = Workspace.recycleResults()) {
            float[] a = Workspace.result(4);
            float[] b = Workspace.result(4);
            assertEquals(true, a == inner || b == inner);
        }
    }

    @Test
    void closingAScopeTwiceIsAnError() {
        var scope = Workspace.recycleResults();
        scope.close();
        assertThrows(IllegalStateException.class, scope::close);
    }

    @Test
    void takeWithReuseOffAlwaysAllocates() {
        float[] a = Workspace.take(16);
        Workspace.give(a);
        assertSame(a, Workspace.take(16));
        Workspace.give(a);
        Workspace.setReuse(false);
        assertNotSame(a, Workspace.take(16));
    }

    @Test
    void leafGradientsSurviveLaterBackwardPasses() {
        Tensor x = Tensor.of(1f, 2f, 3f).setRequiresGrad(true);
        x.mul(x).sum().backward(); // dx = 2x, the leaf keeps a copy
        Tensor grad = x.grad();
        assertArrayEquals(new float[] {2f, 4f, 6f}, grad.toArray());
        Tensor y = Tensor.of(5f, 6f, 7f).setRequiresGrad(true);
        for (int i = 0; i < 3; i++) {
            y.mul(y).mul(10f).sum().backward(); // recycles the first pass's gradient arrays
        }
        assertArrayEquals(new float[] {2f, 4f, 6f}, grad.toArray());
        assertArrayEquals(new float[] {300f, 360f, 420f}, y.grad().toArray());
    }
}
