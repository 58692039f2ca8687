package dev.latent.nn.optim;

import dev.latent.nn.Fixtures;
import dev.latent.nn.StateDict;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Learning-rate sequences of every scheduler against PyTorch 1.13 (starting from lr 0.1). */
class SchedulerFixtureTest {
    private final StateDict fx = Fixtures.load("schedulers.safetensors");

    private static Optimizer sgd() {
        return new SGD(List.of(Tensor.zeros(1).setRequiresGrad(true)), 0.1);
    }

    private void assertSequence(String name, LRScheduler scheduler) {
        float[] expected = fx.tensor(name).toArray();
        for (int i = 0; i < expected.length; i++) {
            scheduler.step();
            assertEquals(expected[i], scheduler.lastLr()[0], Math.abs(expected[i]) * 1e-6, name + " after step " + (i + 1));
        }
        assertEquals(expected.length, scheduler.lastEpoch());
    }

    @Test
    void stepLr() {
        assertSequence("step", new StepLR(sgd(), 3, 0.5));
    }

    @Test
    void exponentialLr() {
        assertSequence("exponential", new ExponentialLR(sgd(), 0.9));
    }

    @Test
    void cosineAnnealingIncludingTheRiseAfterTMax() {
        assertSequence("cosine", new CosineAnnealingLR(sgd(), 4, 0.01));
    }

    @Test
    void reduceOnPlateauMinRelativeWithCooldownAndFloor() {
        Optimizer opt = sgd();
        ReduceLROnPlateau p = ReduceLROnPlateau.builder().factor(0.5).patience(2).cooldown(1).minLr(0.02).build(opt);
        assertPlateau("plateau_min", p);
    }

    @Test
    void reduceOnPlateauMaxAbsolute() {
        Optimizer opt = sgd();
        ReduceLROnPlateau p = ReduceLROnPlateau.builder().mode(ReduceLROnPlateau.Mode.MAX).factor(0.1).patience(1)
                .threshold(0.01).thresholdMode(ReduceLROnPlateau.ThresholdMode.ABS).build(opt);
        assertPlateau("plateau_max_abs", p);
    }

    private void assertPlateau(String name, ReduceLROnPlateau p) {
        float[] expected = fx.tensor(name).toArray();
        float[] metrics = fx.tensor(name + ".metrics").toArray();
        boolean reduced = false;
        for (int i = 0; i < expected.length; i++) {
            // the metrics were doubles in PyTorch; the float copy changes no comparison in these sequences
            p.step(metrics[i]);
            assertEquals(expected[i], p.lastLr()[0], Math.abs(expected[i]) * 1e-6, name + " after step " + (i + 1));
            reduced |= expected[i] < 0.1f;
        }
        assertEquals(true, reduced, name + " must exercise a reduction");
    }
}
