package dev.latent.ops;

import dev.latent.tensor.Generator;
import dev.latent.tensor.GradCheck;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JoiningTest {
    @Test
    void catStackSplitChunk() {
        Tensor a = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        Tensor b = Tensor.of(new float[][] {{5, 6}});
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Tensor.cat(0, a, b).toArray());
        assertArrayEquals(new float[] {1, 2, 1, 3, 4, 3}, Tensor.cat(1, a, a.narrow(1, 0, 1)).toArray());
        Tensor s = Tensor.stack(1, Tensor.of(1, 2), Tensor.of(3, 4));
        assertEquals(Shape.of(2, 2), s.shape());
        assertArrayEquals(new float[] {1, 3, 2, 4}, s.toArray());
        List<Tensor> parts = Tensor.arange(7).split(3, 0);
        assertEquals(3, parts.size());
        assertArrayEquals(new float[] {6}, parts.get(2).toArray());
        assertTrue(parts.get(1).sharesStorageWith(parts.get(0)));
        assertEquals(3, Tensor.arange(6).chunk(4, 0).size(), "torch.chunk(6 elements, 4) gives 3 chunks of 2");
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.cat(0, a, Tensor.zeros(1, 3)));
        assertTrue(e.getMessage().contains("[1, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.stack(0, Tensor.zeros(2), Tensor.zeros(3)));
    }

    @Test
    void gradients() {
        Generator g = new Generator(4);
        Tensor a = Tensor.randn(g, 2, 3).setRequiresGrad(true);
        Tensor b = Tensor.randn(g, 2, 2).setRequiresGrad(true);
        GradCheck.assertGradients(in -> Tensor.cat(1, in[0], in[1], in[0]), a, b);
        GradCheck.assertGradients(in -> Tensor.stack(0, in[0], in[0].mul(2f)), a);
        GradCheck.assertGradients(in -> in[0].split(2, 1).get(1).exp(), a);
        GradCheck.assertGradients(in -> in[0].chunk(2, 0).get(0).mul(in[0].chunk(2, 0).get(1)), a);
    }
}
