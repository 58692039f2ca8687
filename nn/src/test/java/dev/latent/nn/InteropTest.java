package dev.latent.nn;

import dev.latent.nn.io.SafeTensors;
import dev.latent.nn.optim.SGD;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Weights cross between PyTorch and Latent in both directions, through safetensors files.
 *
 * <p>PyTorch to Latent: {@code torch_model.safetensors} (written by make_fixtures.py from a trained PyTorch model)
 * loads strictly into the same architecture here and reproduces PyTorch's output.
 *
 * <p>Latent to PyTorch: {@code java_model.safetensors} and {@code java_model_io.safetensors} were written by
 * {@link #writeJavaModel} (run this test with {@code -Dlatent.writeFixtures=true} to rewrite them); make_fixtures.py
 * loads them into PyTorch and checks PyTorch reproduces Latent's output. Here we check the committed files still
 * load and reproduce their recorded output, and that our writer reproduces them byte for byte.
 */
class InteropTest {
    private static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures");

    @Test
    void pytorchWeightsLoadAndReproducePyTorchsOutput() {
        StateDict torch = Fixtures.load("torch_model.safetensors");
        assertEquals(DType.I64, torch.dtype("encoder.1.num_batches_tracked"));
        assertEquals(3f, torch.get("encoder.1.num_batches_tracked").item());
        ModuleTest.Net net = new ModuleTest.Net(new Generator(1));
        assertTrue(net.loadStateDict(torch).isComplete());
        net.eval();
        StateDict io = Fixtures.load("torch_model_io.safetensors");
        Fixtures.assertClose(io.tensor("output"), net.forward(io.tensor("input")), "output of the PyTorch weights");
    }

    /** A seeded Net trained for three steps (so the BatchNorm statistics and counter are not at their defaults). */
    private static ModuleTest.Net trainedJavaModel() {
        Generator gen = new Generator(2026);
        ModuleTest.Net net = new ModuleTest.Net(gen);
        SGD opt = new SGD(net.parameters(), 0.1);
        for (int i = 0; i < 3; i++) {
            opt.zeroGrad();
            net.forward(Tensor.randn(gen, 10, 6)).pow(2f).mean().backward();
            opt.step();
        }
        net.eval();
        return net;
    }

    @Test
    void writeJavaModel() throws IOException {
        if (!Boolean.getBoolean("latent.writeFixtures")) {
            return; // only when asked: the committed files are checked below
        }
        ModuleTest.Net net = trainedJavaModel();
        Tensor input = Tensor.randn(new Generator(7), 4, 6);
        StateDict weights = net.stateDict();
        weights.metadata().put("written_by", "latent");
        SafeTensors.save(FIXTURES.resolve("java_model.safetensors"), weights);
        SafeTensors.save(FIXTURES.resolve("java_model_io.safetensors"),
                new StateDict().put("input", input).put("output", net.forward(input)));
    }

    @Test
    void committedJavaFileLoadsReproducesItsOutputAndIsWhatOurWriterWrites() throws IOException {
        StateDict written = Fixtures.load("java_model.safetensors");
        assertEquals(DType.I64, written.dtype("encoder.1.num_batches_tracked"));
        assertEquals(3f, written.get("encoder.1.num_batches_tracked").item());
        ModuleTest.Net net = new ModuleTest.Net(new Generator(3));
        net.loadStateDict(written);
        net.eval();
        StateDict io = Fixtures.load("java_model_io.safetensors");
        Fixtures.assertClose(io.tensor("output"), net.forward(io.tensor("input")), "output of the Latent weights");
        byte[] committed = Files.readAllBytes(FIXTURES.resolve("java_model.safetensors"));
        StateDict again = net.stateDict();
        again.metadata().putAll(written.metadata());
        assertArrayEquals(committed, SafeTensors.toBytes(again), "the writer reproduces the committed file");
    }
}
