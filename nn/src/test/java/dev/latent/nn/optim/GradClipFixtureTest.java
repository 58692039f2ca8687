package dev.latent.nn.optim;

import dev.latent.nn.Fixtures;
import dev.latent.nn.StateDict;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Gradient clipping against PyTorch 1.13's clip_grad_norm_ and clip_grad_value_. */
class GradClipFixtureTest {
    private final StateDict fx = Fixtures.load("clipping.safetensors");

    private List<Tensor> params() {
        Tensor a = Tensor.zeros(3, 4).setRequiresGrad(true);
        Tensor b = Tensor.zeros(5).setRequiresGrad(true);
        a.setGrad(fx.tensor("g1").clone());
        b.setGrad(fx.tensor("g2").clone());
        Tensor frozen = Tensor.zeros(2).setRequiresGrad(true); // no gradient: ignored
        return List.of(a, b, frozen);
    }

    private void checkNorm(String name, double maxNorm, double normType) {
        List<Tensor> ps = params();
        double total = GradClip.clipGradNorm(ps, maxNorm, normType, false);
        assertEquals(fx.tensor(name + ".total").item(), total, 1e-5 * total, name + " total norm");
        Fixtures.assertClose(fx.tensor(name + ".g1"), ps.get(0).grad(), name + " g1");
        Fixtures.assertClose(fx.tensor(name + ".g2"), ps.get(1).grad(), name + " g2");
    }

    @Test
    void clipByNorm() {
        checkNorm("norm2", 1.0, 2);
        checkNorm("norm2_large", 100.0, 2);
        checkNorm("norm_inf", 0.5, Double.POSITIVE_INFINITY);
        checkNorm("norm1", 2.0, 1);
    }

    @Test
    void clipByValue() {
        List<Tensor> ps = params();
        GradClip.clipGradValue(ps, 0.3);
        Fixtures.assertClose(fx.tensor("value.g1"), ps.get(0).grad(), "g1");
        Fixtures.assertClose(fx.tensor("value.g2"), ps.get(1).grad(), "g2");
    }

    @Test
    void nonFiniteNormIsReportedWhenAsked() {
        Tensor a = Tensor.zeros(2).setRequiresGrad(true);
        a.setGrad(Tensor.of(1f, Float.NaN));
        assertThrows(IllegalStateException.class, () -> GradClip.clipGradNorm(List.of(a), 1, 2, true));
        assertEquals(0.0, GradClip.clipGradNorm(List.of(Tensor.zeros(2)), 1.0));
    }
}
