package dev.latent.nn;

import dev.latent.nn.layers.BatchNorm1d;
import dev.latent.nn.layers.Dropout;
import dev.latent.nn.layers.Linear;
import dev.latent.nn.layers.ReLU;
import dev.latent.nn.optim.SGD;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModuleTest {
    /** encoder = Sequential(Linear(6, 8), BatchNorm1d(8), ReLU()), head = Linear(8, 3), as the interop model. */
    static final class Net extends Module {
        final Sequential encoder;
        final Linear head;

        Net(Generator gen) {
            encoder = registerModule("encoder", new Sequential(new Linear(6, 8, true, gen), new BatchNorm1d(8),
                    new ReLU()));
            head = registerModule("head", new Linear(8, 3, true, gen));
        }

        @Override
        protected Tensor compute(Tensor x) {
            return head.forward(encoder.forward(x));
        }
    }

    @Test
    void namesMatchPyTorchStateDictKeys() {
        Net net = new Net(new Generator(1));
        assertEquals(List.of("encoder.0.weight", "encoder.0.bias", "encoder.1.weight", "encoder.1.bias",
                "encoder.1.running_mean", "encoder.1.running_var", "encoder.1.num_batches_tracked", "head.weight",
                "head.bias"), List.copyOf(net.stateDict().names()));
        assertEquals(List.of("encoder.0.weight", "encoder.0.bias", "encoder.1.weight", "encoder.1.bias", "head.weight",
                "head.bias"), List.copyOf(net.namedParameters().keySet()));
        assertEquals(List.of("encoder.1.running_mean", "encoder.1.running_var", "encoder.1.num_batches_tracked"),
                List.copyOf(net.namedBuffers().keySet()));
        assertEquals(List.of("", "encoder", "encoder.0", "encoder.1", "encoder.2", "head"),
                List.copyOf(net.namedModules().keySet()));
        assertEquals(DType.I64, net.stateDict().dtype("encoder.1.num_batches_tracked"));
        assertSame(net.head, net.submodule("head"));
        assertSame(net.encoder.get(1), net.submodule("encoder.1"));
        var e = assertThrows(IllegalArgumentException.class, () -> net.submodule("encoder.7"));
        assertTrue(e.getMessage().contains("'7'"), e.getMessage());
        assertEquals(6 * 8 + 8 + 8 + 8 + 8 * 3 + 3, net.parameterCount());
        assertTrue(net.stateDict().get("head.weight").sharesStorageWith(net.head.weight()),
                "the state dict views the live tensors");
    }

    @Test
    void registrationRejectsBadAndDuplicateNames() {
        Module m = new Module() {
            {
                registerParameter("w", Tensor.zeros(2));
                assertThrows(IllegalArgumentException.class, () -> registerBuffer("w", Tensor.zeros(2)));
                assertThrows(IllegalArgumentException.class, () -> registerModule("a.b", new ReLU()));
                assertThrows(IllegalArgumentException.class, () -> registerParameter("", Tensor.zeros(1)));
                assertThrows(IllegalArgumentException.class, () -> registerParameter("x", null));
            }

            @Override
            protected Tensor compute(Tensor input) {
                return input;
            }
        };
        assertTrue(m.parameters().get(0).requiresGrad(), "registered parameters require grad");
    }

    @Test
    void sharedParametersAreCountedOnce() {
        Linear shared = new Linear(3, 3);
        Sequential twice = new Sequential(shared, new ReLU(), shared);
        assertEquals(2, twice.parameters().size());
        assertEquals(12, twice.parameterCount());
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(twice.namedParameters().keySet()));
    }

    @Test
    void trainEvalApplyAndRepr() {
        Net net = new Net(new Generator(2));
        assertTrue(net.encoder.get(1).isTraining());
        net.eval();
        for (Module m : net.namedModules().values()) {
            assertFalse(m.isTraining());
        }
        net.train();
        assertTrue(net.head.isTraining());
        List<String> visited = new ArrayList<>();
        net.apply(m -> visited.add(m.typeName()));
        assertEquals(List.of("Linear", "BatchNorm1d", "ReLU", "Sequential", "Linear", "Net"), visited);
        String repr = net.toString();
        assertTrue(repr.contains("(encoder): Sequential(\n    (0): Linear(in_features=6, out_features=8, bias=true)"),
                repr);
        assertTrue(repr.contains("(1): BatchNorm1d(8, eps=1.0E-5, momentum=0.1, affine=true, track_running_stats=true)"),
                repr);
    }

    @Test
    void zeroGradKeepsAndZeroesTheGradientBuffers() {
        Linear lin = new Linear(4, 2, true, new Generator(3));
        Tensor x = Tensor.randn(new Generator(4), 5, 4);
        lin.forward(x).sum().backward();
        Tensor grad = lin.weight().grad();
        float[] first = grad.toArray();
        lin.zeroGrad();
        assertSame(grad, lin.weight().grad(), "the gradient tensor is kept");
        assertArrayEquals(new float[8], grad.toArray());
        lin.forward(x).sum().backward();
        assertSame(grad, lin.weight().grad(), "backward accumulates into the kept buffer");
        assertArrayEquals(first, grad.toArray(), 1e-6f);
    }

    @Test
    void frozenParametersGetNoGradientAndAreNotUpdated() {
        Net net = new Net(new Generator(5));
        net.encoder.requiresGrad(false);
        assertEquals(8 * 3 + 3, net.trainableParameterCount());
        float[] before = net.encoder.get(0).parameters().get(0).toArray();
        float[] headBefore = net.head.weight().toArray();
        SGD opt = new SGD(net.parameters(), 0.5);
        Tensor x = Tensor.randn(new Generator(6), 4, 6);
        opt.zeroGrad();
        net.forward(x).pow(2f).mean().backward();
        opt.step();
        assertNull(net.encoder.get(0).parameters().get(0).grad());
        assertArrayEquals(before, net.encoder.get(0).parameters().get(0).toArray());
        assertFalse(java.util.Arrays.equals(headBefore, net.head.weight().toArray()), "the head trains");
        ModuleSummary s = net.summary(2, 6);
        assertEquals(net.parameterCount() - 27, s.nonTrainableParameters());
    }

    @Test
    void loadStateDictReportsEveryProblemAndChangesNothing() {
        Net net = new Net(new Generator(7));
        StateDict before = net.stateDict().copy();
        StateDict bad = new Net(new Generator(8)).stateDict().copy();
        bad.put("encoder.0.weight", Tensor.zeros(8, 5));
        bad.put("encoder.1.num_batches_tracked", Tensor.scalar(3));
        bad.remove("head.bias");
        bad.put("head.extra", Tensor.zeros(1));
        StateDictException e = assertThrows(StateDictException.class, () -> net.loadStateDict(bad));
        assertEquals(List.of(
                "size mismatch for encoder.0.weight: copying a tensor of shape [8, 5], the shape in the current model is [8, 6]",
                "dtype mismatch for encoder.1.num_batches_tracked: the source stores F32, the current model stores I64",
                "missing key: head.bias",
                "unexpected key: head.extra"), e.problems());
        assertTrue(e.getMessage().startsWith("Error(s) in loading state dict for Net:"), e.getMessage());
        for (String n : before.names()) {
            assertArrayEquals(before.get(n).toArray(), net.stateDict().get(n).toArray(), n + " unchanged");
        }
        // non-strict: missing and unexpected names are allowed, shape errors are not
        StateDict partial = new Net(new Generator(9)).stateDict().subDict("");
        partial.remove("head.bias");
        partial.put("head.extra", Tensor.zeros(1));
        LoadResult r = net.loadStateDict(partial, false);
        assertEquals(List.of("head.bias"), r.missingKeys());
        assertEquals(List.of("head.extra"), r.unexpectedKeys());
        assertArrayEquals(partial.get("head.weight").toArray(), net.head.weight().toArray());
        assertArrayEquals(before.get("head.bias").toArray(), net.head.bias().toArray());
        assertThrows(StateDictException.class, () -> net.loadStateDict(bad, false));
    }

    @Test
    void loadingIntoASubmoduleUsesSubDict() {
        Net a = new Net(new Generator(10));
        Net b = new Net(new Generator(11));
        LoadResult r = b.encoder.loadStateDict(a.stateDict().subDict("encoder."));
        assertTrue(r.isComplete());
        assertArrayEquals(a.encoder.get(0).parameters().get(0).toArray(), b.encoder.get(0).parameters().get(0).toArray());
        assertNotSame(a.head.weight().toArray()[0], b.head.weight().toArray()[0]);
    }

    @Test
    void summaryListsLayersShapesAndCountsAndLeavesModesAndStatsAlone() {
        Net net = new Net(new Generator(12));
        net.encoder.get(1).eval(); // a frozen BatchNorm inside a training model
        float[] stats = net.stateDict().get("encoder.1.running_mean").toArray();
        ModuleSummary s = net.summary(64, 6);
        List<ModuleSummary.Row> rows = s.rows();
        assertEquals(6, rows.size());
        assertEquals("Net", rows.get(0).type());
        assertEquals("[64, 3]", rows.get(0).outputShape().toString());
        assertEquals("[64, 8]", rows.get(2).outputShape().toString());
        assertEquals(56, rows.get(2).parameters());
        assertEquals(2, rows.get(2).depth());
        assertEquals(net.parameterCount(), s.totalParameters());
        assertTrue(net.isTraining() && net.head.isTraining() && !net.encoder.get(1).isTraining(), "modes restored");
        assertArrayEquals(stats, net.stateDict().get("encoder.1.running_mean").toArray());
        String table = s.toString();
        assertTrue(table.contains("Layer (type)") && table.contains("Output Shape") && table.contains("Param #"), table);
        assertTrue(table.contains("    0 (Linear)") && table.contains("Total params: 99"), table);
        assertTrue(net.summary().toString().contains("--"), "without input, shapes are unknown");
    }

    @Test
    void dropoutIsSeededScaledAndOffInEval() {
        Tensor x = Tensor.ones(100, 100).setRequiresGrad(true);
        Dropout d = new Dropout(0.3f, new Generator(13));
        Tensor y = d.forward(x);
        float[] v = y.toArray();
        int kept = 0;
        for (float f : v) {
            assertTrue(f == 0f || Math.abs(f - 1 / 0.7f) < 1e-6, "values are 0 or 1/(1-p)");
            kept += f != 0 ? 1 : 0;
        }
        assertEquals(7000, kept, 150, "about 70% kept");
        y.sum().backward();
        assertArrayEquals(v, x.grad().toArray(), "the gradient passes through the same mask");
        assertArrayEquals(v, new Dropout(0.3f, new Generator(13)).forward(Tensor.ones(100, 100)).toArray(),
                "same seed, same mask");
        d.eval();
        assertSame(x, d.forward(x));
        assertArrayEquals(new float[4], new Dropout(1f, new Generator(1)).forward(Tensor.ones(4)).toArray());
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5f));
    }

    @Test
    void layersRejectWrongInputShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Linear(4, 2).forward(Tensor.zeros(3, 5)));
        assertTrue(e.getMessage().contains("[..., 4]") && e.getMessage().contains("[3, 5]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(4).forward(Tensor.zeros(3, 5)));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(4).forward(Tensor.zeros(3, 4, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(4).forward(Tensor.zeros(1, 4)));
        assertThrows(IndexOutOfBoundsException.class,
                () -> new dev.latent.nn.layers.Embedding(5, 2).forward(Tensor.of(1, 5)));
    }
}
