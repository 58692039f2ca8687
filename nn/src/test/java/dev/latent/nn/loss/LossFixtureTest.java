package dev.latent.nn.loss;

import dev.latent.nn.Fixtures;
import dev.latent.nn.StateDict;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every loss and reduction against PyTorch 1.13: the value and the gradient of every differentiable input. */
class LossFixtureTest {
    /** A loss taking its named inputs. */
    interface Case {
        Tensor apply(Map<String, Tensor> in, Reduction reduction);
    }

    static final Map<String, Case> LOSSES = new LinkedHashMap<>();

    static {
        LOSSES.put("mse", (in, r) -> Losses.mse(in.get("input"), in.get("target"), r));
        LOSSES.put("l1", (in, r) -> Losses.l1(in.get("input"), in.get("target"), r));
        LOSSES.put("bce", (in, r) -> new BCELoss(r).forward(in.get("input"), in.get("target")));
        LOSSES.put("bce_edges", (in, r) -> Losses.binaryCrossEntropy(in.get("input"), in.get("target"), r));
        LOSSES.put("bce_logits", (in, r) -> new BCEWithLogitsLoss(r).forward(in.get("input"), in.get("target")));
        LOSSES.put("nll", (in, r) -> new NLLLoss(r).forward(in.get("input"), in.get("target")));
        LOSSES.put("nll_3d", (in, r) -> Losses.nll(in.get("input"), in.get("target"), r));
        LOSSES.put("cross_entropy", (in, r) -> new CrossEntropyLoss(r, 0).forward(in.get("input"), in.get("target")));
        LOSSES.put("cross_entropy_smooth",
                (in, r) -> new CrossEntropyLoss(r, 0.1).forward(in.get("input"), in.get("target")));
        LOSSES.put("cross_entropy_probs",
                (in, r) -> Losses.crossEntropy(in.get("input"), in.get("target"), r, 0.2));
        LOSSES.put("gaussian_kl", (in, r) -> new GaussianKLLoss(r).forward(in.get("mu"), in.get("logvar")));
        LOSSES.put("gaussian_nll", (in, r) -> new GaussianNLLLoss(false, 1e-6, r)
                .forward(in.get("input"), in.get("target"), in.get("var")));
        LOSSES.put("gaussian_nll_full_shared",
                (in, r) -> Losses.gaussianNll(in.get("input"), in.get("target"), in.get("var"), true, 1e-6, r));
    }

    @Test
    void everyFixtureCaseHasALoss() {
        TreeSet<String> cases = new TreeSet<>();
        for (String c : Fixtures.cases(Fixtures.load("losses.safetensors"), ".none.output")) {
            cases.add(c);
        }
        assertEquals(cases, new TreeSet<>(LOSSES.keySet()));
    }

    @TestFactory
    Stream<DynamicTest> lossesMatchPyTorch() {
        StateDict fx = Fixtures.load("losses.safetensors");
        List<DynamicTest> tests = new ArrayList<>();
        for (var e : LOSSES.entrySet()) {
            for (Reduction r : Reduction.values()) {
                String name = e.getKey() + "." + r.name().toLowerCase(Locale.ROOT);
                tests.add(DynamicTest.dynamicTest(name, () -> check(fx, e.getKey(), name, e.getValue(), r)));
            }
        }
        return tests.stream();
    }

    private static void check(StateDict fx, String loss, String name, Case c, Reduction r) {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (String key : fx.names()) {
            String rest = key.startsWith(loss + ".") ? key.substring(loss.length() + 1) : "";
            if (!rest.isEmpty() && !rest.contains(".")) {
                boolean differentiable = fx.contains(name + ".grad." + rest);
                inputs.put(rest, fx.tensor(key).clone().setRequiresGrad(differentiable));
            }
        }
        Tensor out = c.apply(inputs, r);
        Fixtures.assertClose(fx.tensor(name + ".output"), out, name + " value");
        if (fx.contains(name + ".grad_output")) {
            out.backward(fx.tensor(name + ".grad_output"));
        } else {
            out.backward();
        }
        for (var in : inputs.entrySet()) {
            if (in.getValue().requiresGrad()) {
                Fixtures.assertClose(fx.tensor(name + ".grad." + in.getKey()), in.getValue().grad(),
                        name + " grad of " + in.getKey());
            }
        }
    }
}
