package dev.latent.nn.optim;

import dev.latent.nn.Fixtures;
import dev.latent.nn.StateDict;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Five steps of every optimizer (alone and with a scheduler) on {@code mean((tanh(x W^T + b) - y)^2)} against
 * PyTorch 1.13, plus the optimizer state after the last step under PyTorch's names.
 */
class OptimizerFixtureTest {
    /** An optimizer and, optionally, a scheduler stepped after it. */
    record Run(Optimizer optimizer, LRScheduler scheduler) {
    }

    static final Map<String, Function<List<Tensor>, Run>> RUNS = new LinkedHashMap<>();

    static {
        RUNS.put("sgd", ps -> new Run(new SGD(ps, 0.1), null));
        RUNS.put("sgd_momentum", ps -> new Run(SGD.builder().lr(0.05).momentum(0.9).dampening(0.1).build(ps), null));
        RUNS.put("sgd_nesterov_wd", ps -> new Run(SGD.builder().lr(0.05).momentum(0.8).nesterov(true)
                .weightDecay(0.01).build(ps), null));
        RUNS.put("adam", ps -> new Run(new Adam(ps, 0.01), null));
        RUNS.put("adam_wd_amsgrad", ps -> new Run(Adam.builder().lr(0.02).betas(0.8, 0.99).eps(1e-6).weightDecay(0.1)
                .amsgrad(true).build(ps), null));
        RUNS.put("adamw", ps -> new Run(new AdamW(ps, 0.01), null));
        RUNS.put("adamw_amsgrad", ps -> new Run(AdamW.builder().lr(0.02).weightDecay(0.1).amsgrad(true).build(ps),
                null));
        RUNS.put("rmsprop", ps -> new Run(new RMSprop(ps, 0.01), null));
        RUNS.put("rmsprop_centered_momentum_wd", ps -> new Run(RMSprop.builder().lr(0.005).alpha(0.9).eps(1e-6)
                .weightDecay(0.05).momentum(0.7).centered(true).build(ps), null));
        RUNS.put("sgd_momentum+step", ps -> {
            Optimizer o = SGD.builder().lr(0.1).momentum(0.9).build(ps);
            return new Run(o, new StepLR(o, 2, 0.5));
        });
        RUNS.put("adam+cosine", ps -> {
            Optimizer o = new Adam(ps, 0.01);
            return new Run(o, new CosineAnnealingLR(o, 3, 0.001));
        });
        RUNS.put("rmsprop+exponential", ps -> {
            Optimizer o = new RMSprop(ps, 0.01);
            return new Run(o, new ExponentialLR(o, 0.7));
        });
    }

    @Test
    void everyFixtureRunIsCovered() {
        assertEquals(Fixtures.cases(Fixtures.load("optimizers.safetensors"), ".step5.w"), new TreeSet<>(RUNS.keySet()));
    }

    @TestFactory
    Stream<DynamicTest> fiveStepsMatchPyTorch() {
        StateDict fx = Fixtures.load("optimizers.safetensors");
        return RUNS.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Tensor w = fx.tensor("w0").clone().setRequiresGrad(true);
            Tensor b = fx.tensor("b0").clone().setRequiresGrad(true);
            Run run = e.getValue().apply(List.of(w, b));
            for (int step = 1; step <= 5; step++) {
                run.optimizer().zeroGrad();
                regressionLoss(w, b, fx.tensor("x"), fx.tensor("y")).backward();
                run.optimizer().step();
                if (run.scheduler() != null) {
                    run.scheduler().step();
                }
                String at = e.getKey() + ".step" + step;
                Fixtures.assertClose(fx.tensor(at + ".w"), w, at + " weight");
                Fixtures.assertClose(fx.tensor(at + ".b"), b, at + " bias");
            }
            StateDict state = run.optimizer().stateDict();
            StateDict expected = fx.subDict(e.getKey() + ".state.");
            for (String name : expected.names()) {
                Fixtures.assertClose(expected.tensor(name), state.tensor("state." + name), e.getKey() + " state " + name);
            }
        }));
    }

    static Tensor regressionLoss(Tensor w, Tensor b, Tensor x, Tensor y) {
        Tensor d = x.matmul(w.t()).add(b).tanh().sub(y);
        return d.mul(d).mean();
    }
}
