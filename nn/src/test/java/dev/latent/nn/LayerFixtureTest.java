package dev.latent.nn;

import dev.latent.nn.layers.BatchNorm1d;
import dev.latent.nn.layers.BatchNorm2d;
import dev.latent.nn.layers.Dropout;
import dev.latent.nn.layers.Embedding;
import dev.latent.nn.layers.Flatten;
import dev.latent.nn.layers.LeakyReLU;
import dev.latent.nn.layers.Linear;
import dev.latent.nn.layers.ReLU;
import dev.latent.nn.layers.Sigmoid;
import dev.latent.nn.layers.Softplus;
import dev.latent.nn.layers.Tanh;
import dev.latent.nn.layers.Unflatten;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every layer against PyTorch 1.13: output, gradients w.r.t. input and parameters, and buffers after forward. */
class LayerFixtureTest {
    static final Map<String, Supplier<Module>> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("linear", () -> new Linear(5, 3));
        LAYERS.put("linear_nobias", () -> new Linear(5, 3, false));
        LAYERS.put("linear_3d", () -> new Linear(5, 3));
        LAYERS.put("bn1d_train", () -> new BatchNorm1d(4));
        LAYERS.put("bn1d_3d_train", () -> new BatchNorm1d(4));
        LAYERS.put("bn1d_custom_train", () -> new BatchNorm1d(4, 1e-3, 0.3, true, true));
        LAYERS.put("bn1d_eval", () -> new BatchNorm1d(4));
        LAYERS.put("bn1d_cma_train", () -> new BatchNorm1d(3, 1e-5, null, true, true));
        LAYERS.put("bn2d_train", () -> new BatchNorm2d(3));
        LAYERS.put("bn2d_eval", () -> new BatchNorm2d(3));
        LAYERS.put("bn2d_plain_train", () -> new BatchNorm2d(3, 1e-5, 0.1, false, false));
        LAYERS.put("bn2d_plain_eval", () -> new BatchNorm2d(3, 1e-5, 0.1, false, false));
        LAYERS.put("relu", ReLU::new);
        LAYERS.put("leaky_relu", () -> new LeakyReLU(0.2f));
        LAYERS.put("sigmoid", Sigmoid::new);
        LAYERS.put("tanh", Tanh::new);
        LAYERS.put("softplus", Softplus::new);
        LAYERS.put("softplus_beta", () -> new Softplus(2f, 5f));
        LAYERS.put("flatten", Flatten::new);
        LAYERS.put("unflatten", () -> new Unflatten(1, 3, 4));
        LAYERS.put("dropout_eval", () -> new Dropout(0.5f));
        LAYERS.put("embedding", () -> new Embedding(10, 4));
    }

    @Test
    void everyFixtureCaseHasALayer() {
        assertEquals(Fixtures.cases(Fixtures.load("layers.safetensors"), ".output"), new java.util.TreeSet<>(LAYERS.keySet()));
    }

    @TestFactory
    Stream<DynamicTest> layersMatchPyTorch() {
        return cases("layers.safetensors", LAYERS);
    }

    /** One dynamic test per case of {@code file}, each building its layer with {@code layers}. */
    static Stream<DynamicTest> cases(String file, Map<String, Supplier<Module>> layers) {
        StateDict fx = Fixtures.load(file);
        return layers.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(),
                () -> check(fx, e.getKey(), e.getValue().get())));
    }

    /** Loads the case's PyTorch state strictly, runs forward and backward, and compares everything recorded. */
    static void check(StateDict fx, String name, Module module) {
        module.loadStateDict(fx.subDict(name + ".state."), true);
        module.train("train".equals(fx.metadata().get(name + ".mode")));
        boolean inputGrad = fx.contains(name + ".grad.input");
        Tensor x = fx.tensor(name + ".input").clone().setRequiresGrad(inputGrad);
        Tensor y = module.forward(x);
        Fixtures.assertClose(fx.tensor(name + ".output"), y, name + " output");
        y.backward(fx.tensor(name + ".grad_output"));
        if (inputGrad) {
            Fixtures.assertClose(fx.tensor(name + ".grad.input"), x.grad(), name + " grad of input");
        }
        for (var p : module.namedParameters().entrySet()) {
            Fixtures.assertClose(fx.tensor(name + ".grad." + p.getKey()), p.getValue().grad(),
                    name + " grad of " + p.getKey());
        }
        if (fx.contains(name + ".input2")) {
            module.forward(fx.tensor(name + ".input2"));
        }
        for (var b : module.namedBuffers().entrySet()) {
            Fixtures.assertClose(fx.tensor(name + ".after." + b.getKey()), b.getValue(), name + " buffer " + b.getKey());
        }
        assertEquals(fx.subDict(name + ".after.").names(), module.namedBuffers().keySet(), name + " buffer names");
    }
}
