package dev.latent.nn.optim;

import dev.latent.nn.StateDict;
import dev.latent.nn.io.SafeTensors;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizerStateTest {
    @TempDir
    Path dir;

    private static List<Tensor> params() {
        Generator g = new Generator(9);
        return List.of(Tensor.randn(g, 3, 4).setRequiresGrad(true), Tensor.randn(g, 3).setRequiresGrad(true));
    }

    private static void train(Optimizer opt, List<Tensor> ps, int steps, int seed) {
        Generator g = new Generator(seed);
        for (int i = 0; i < steps; i++) {
            Tensor x = Tensor.randn(g, 5, 4);
            Tensor y = Tensor.randn(g, 5, 3);
            opt.zeroGrad();
            OptimizerFixtureTest.regressionLoss(ps.get(0), ps.get(1), x, y).backward();
            opt.step();
        }
    }

    /** Training 3 steps, saving, loading into a fresh optimizer and training 2 more equals training 5 straight. */
    private void assertExactResume(Function<List<Tensor>, Optimizer> make) throws IOException {
        List<Tensor> straight = params();
        Optimizer a = make.apply(straight);
        train(a, straight, 3, 1);
        train(a, straight, 2, 2);

        List<Tensor> resumed = params();
        Optimizer b = make.apply(resumed);
        train(b, resumed, 3, 1);
        Path file = dir.resolve(b.name() + ".safetensors");
        SafeTensors.save(file, b.stateDict());
        List<Tensor> copy = List.of(resumed.get(0).detach().clone().setRequiresGrad(true),
                resumed.get(1).detach().clone().setRequiresGrad(true));
        Optimizer c = make.apply(copy);
        c.setLr(123); // restored from the state
        c.loadStateDict(SafeTensors.load(file));
        train(c, copy, 2, 2);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(straight.get(i).toArray(), copy.get(i).toArray(), b.name() + " parameter " + i);
        }
    }

    @Test
    void everyOptimizerResumesExactlyFromItsSavedState() throws IOException {
        assertExactResume(ps -> SGD.builder().lr(0.05).momentum(0.9).nesterov(true).build(ps));
        assertExactResume(ps -> Adam.builder().lr(0.01).amsgrad(true).weightDecay(0.01).build(ps));
        assertExactResume(ps -> AdamW.builder().lr(0.01).build(ps));
        assertExactResume(ps -> RMSprop.builder().lr(0.01).momentum(0.5).centered(true).build(ps));
    }

    @Test
    void stateDictUsesPyTorchNamesAndKeepsHyperparameters() {
        List<Tensor> ps = params();
        Adam adam = Adam.builder().lr(0.01).betas(0.8, 0.9).amsgrad(true).build(ps);
        train(adam, ps, 2, 3);
        StateDict s = adam.stateDict();
        assertEquals(List.of("state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq", "state.0.max_exp_avg_sq",
                "state.1.step", "state.1.exp_avg", "state.1.exp_avg_sq", "state.1.max_exp_avg_sq"), List.copyOf(s.names()));
        assertEquals(2f, s.get("state.1.step").item());
        assertEquals("Adam", s.metadata().get("optimizer"));
        assertTrue(s.metadata().get("param_groups").contains("\"betas\":[0.8,0.9]"), s.metadata().get("param_groups"));
        Adam other = Adam.builder().lr(0.5).build(params());
        other.loadStateDict(s);
        assertEquals(0.01, other.paramGroups().get(0).lr());
        assertEquals(s.metadata().get("param_groups"), other.stateDict().metadata().get("param_groups"));
    }

    @Test
    void mismatchedStateIsRejectedWithEveryProblemAndNothingChanges() {
        List<Tensor> ps = params();
        Adam adam = new Adam(ps, 0.01);
        train(adam, ps, 1, 4);
        StateDict s = adam.stateDict();
        var kind = assertThrows(IllegalArgumentException.class, () -> new SGD(params(), 0.1).loadStateDict(s));
        assertTrue(kind.getMessage().contains("the state is for Adam, this optimizer is SGD"), kind.getMessage());
        Adam wrongShapes = new Adam(List.of(Tensor.zeros(4, 3).setRequiresGrad(true), Tensor.zeros(3)
                .setRequiresGrad(true)), 0.3);
        var shapes = assertThrows(IllegalArgumentException.class, () -> wrongShapes.loadStateDict(s));
        assertTrue(shapes.getMessage().contains("size mismatch for state.0.exp_avg")
                && shapes.getMessage().contains("size mismatch for state.0.exp_avg_sq"), shapes.getMessage());
        assertEquals(0.3, wrongShapes.paramGroups().get(0).lr(), "unchanged");
        var count = assertThrows(IllegalArgumentException.class,
                () -> new Adam(List.of(Tensor.zeros(3, 4).setRequiresGrad(true)), 0.1).loadStateDict(s));
        assertTrue(count.getMessage().contains("1 here"), count.getMessage());
    }

    @Test
    void paramGroupsHaveTheirOwnRatesAndSchedulersScaleEach() {
        Tensor enc = Tensor.ones(2).setRequiresGrad(true);
        Tensor head = Tensor.ones(2).setRequiresGrad(true);
        SGD opt = new SGD(List.of(head), 0.1);
        ParamGroup slow = opt.addParamGroup(List.of(enc), 0.01, 0);
        assertThrows(IllegalArgumentException.class, () -> opt.addParamGroup(List.of(head), 0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(), 0.1));
        enc.setGrad(Tensor.ones(2));
        head.setGrad(Tensor.ones(2));
        opt.step();
        assertArrayEquals(new float[] {0.99f, 0.99f}, enc.toArray(), 1e-7f);
        assertArrayEquals(new float[] {0.9f, 0.9f}, head.toArray(), 1e-7f);
        StepLR sched = new StepLR(opt, 1, 0.5);
        sched.step();
        assertEquals(0.005, slow.lr(), 1e-12);
        assertEquals(0.05, opt.paramGroups().get(0).lr(), 1e-12);
        assertEquals(0.01, slow.initialLr());
        var state = sched.stateDict();
        StepLR again = new StepLR(opt, 1, 0.5);
        again.loadStateDict(state);
        assertEquals(1, again.lastEpoch());
    }

    @Test
    void zeroGradKeepsBuffersAndFrozenOrGradlessParametersAreSkipped() {
        Tensor a = Tensor.ones(2).setRequiresGrad(true);
        Tensor frozen = Tensor.ones(2).setRequiresGrad(true);
        Tensor untouched = Tensor.ones(2).setRequiresGrad(true);
        Adam opt = Adam.builder().lr(0.1).weightDecay(0.5).build(List.of(a, frozen, untouched));
        a.setGrad(Tensor.ones(2));
        frozen.setGrad(Tensor.ones(2));
        frozen.setRequiresGrad(false);
        Tensor g = a.grad();
        opt.step();
        opt.zeroGrad();
        assertSame(g, a.grad());
        assertArrayEquals(new float[2], g.toArray());
        assertArrayEquals(new float[] {1, 1}, frozen.toArray());
        assertArrayEquals(new float[] {1, 1}, untouched.toArray());
        assertNull(untouched.grad());
        assertTrue(a.toArray()[0] < 1);
    }

    @Test
    void badSettingsAreRejected() {
        List<Tensor> ps = params();
        assertThrows(IllegalArgumentException.class, () -> SGD.builder().nesterov(true).build(ps));
        assertThrows(IllegalArgumentException.class, () -> Adam.builder().betas(1.0, 0.9).build(ps));
        assertThrows(IllegalArgumentException.class, () -> new Adam(ps, -1));
        assertThrows(IllegalArgumentException.class, () -> RMSprop.builder().alpha(-1).build(ps));
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().factor(1.5).build(new SGD(ps, 1)));
        Tensor strided = Tensor.zeros(4, 4).t().setRequiresGrad(true);
        strided.setGrad(Tensor.ones(4, 4));
        var e = assertThrows(IllegalStateException.class, () -> new SGD(List.of(strided), 0.1).step());
        assertTrue(e.getMessage().contains("not contiguous"), e.getMessage());
    }
}
