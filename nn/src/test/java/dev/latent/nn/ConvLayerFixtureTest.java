package dev.latent.nn;

import dev.latent.nn.layers.AvgPool2d;
import dev.latent.nn.layers.Conv2d;
import dev.latent.nn.layers.ConvTranspose2d;
import dev.latent.nn.layers.MaxPool2d;
import dev.latent.nn.layers.Upsample;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Convolution, transposed convolution, pooling and upsampling layers against PyTorch 1.13. */
class ConvLayerFixtureTest {
    static final Map<String, Supplier<Module>> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("conv_basic", () -> new Conv2d(3, 4, 3, 1, 1));
        LAYERS.put("conv_stride", () -> Conv2d.builder(2, 5, 3, 2).stride(2, 1).padding(1, 0).build());
        LAYERS.put("conv_dilation_groups", () -> Conv2d.builder(4, 6, 3).padding(2).dilation(2).groups(2).build());
        LAYERS.put("conv_nobias", () -> Conv2d.builder(1, 8, 3).stride(2).padding(1).bias(false).build());
        LAYERS.put("convt_basic", () -> new ConvTranspose2d(4, 3, 3, 2, 0));
        LAYERS.put("convt_output_padding",
                () -> ConvTranspose2d.builder(3, 2, 3).stride(2).padding(1).outputPadding(1).build());
        LAYERS.put("convt_k4", () -> new ConvTranspose2d(4, 2, 4, 2, 1));
        LAYERS.put("convt_groups",
                () -> ConvTranspose2d.builder(4, 6, 3).stride(2).padding(1).outputPadding(1).groups(2).build());
        LAYERS.put("maxpool", () -> new MaxPool2d(2));
        LAYERS.put("maxpool_stride_pad", () -> new MaxPool2d(3, 2, 1));
        LAYERS.put("avgpool", () -> new AvgPool2d(2));
        LAYERS.put("avgpool_stride_pad", () -> new AvgPool2d(3, 2, 1));
        LAYERS.put("upsample", () -> new Upsample(2));
        LAYERS.put("upsample_2x3", () -> new Upsample(2, 3));
    }

    @Test
    void everyFixtureCaseHasALayer() {
        assertEquals(Fixtures.cases(Fixtures.load("conv_layers.safetensors"), ".output"), new TreeSet<>(LAYERS.keySet()));
    }

    @TestFactory
    Stream<DynamicTest> convolutionsPoolingAndUpsamplingMatchPyTorch() {
        return LayerFixtureTest.cases("conv_layers.safetensors", LAYERS);
    }

    @Test
    void defaultInitialisationUsesPyTorchsFanIn() {
        // ConvTranspose2d's fan-in comes from weight.size(1): out / groups * kH * kW, as in PyTorch.
        ConvTranspose2d t = ConvTranspose2d.builder(64, 8, 4).generator(new Generator(1)).build();
        double bound = 1 / Math.sqrt(8 * 16);
        float max = 0;
        for (float v : t.weight().toArray()) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max <= bound && max > 0.95 * bound, "max " + max + " vs bound " + bound);
        Conv2d c = Conv2d.builder(6, 8, 5).groups(2).generator(new Generator(2)).build();
        double cb = 1 / Math.sqrt(3 * 25);
        for (float v : c.bias().toArray()) {
            assertTrue(Math.abs(v) <= cb);
        }
    }

    @Test
    void badGeometryIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Conv2d.builder(3, 4, 3).groups(2).build());
        assertThrows(IllegalArgumentException.class, () -> Conv2d.builder(3, 4, 0).build());
        assertThrows(IllegalArgumentException.class, () -> Conv2d.builder(3, 4, 3).stride(0).build());
        var e = assertThrows(IllegalArgumentException.class,
                () -> ConvTranspose2d.builder(3, 4, 3).stride(2).outputPadding(2).build());
        assertTrue(e.getMessage().contains("output padding"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new Upsample(0));
        var in = assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 3).forward(Tensor.zeros(1, 2, 5, 5)));
        assertTrue(in.getMessage().contains("[1, 2, 5, 5]"), in.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2).forward(Tensor.zeros(2, 4, 4)));
    }

    @Test
    void reprAndSummaryOfAConvModel() {
        Sequential net = new Sequential(new Conv2d(1, 8, 3, 2, 1), new dev.latent.nn.layers.ReLU(),
                ConvTranspose2d.builder(8, 1, 3).stride(2).padding(1).outputPadding(1).build());
        assertTrue(net.toString().contains("(0): Conv2d(1, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))"),
                net.toString());
        assertTrue(net.toString().contains("output_padding=(1, 1)"), net.toString());
        ModuleSummary s = net.summary(4, 1, 28, 28);
        assertEquals("[4, 8, 14, 14]", s.rows().get(1).outputShape().toString());
        assertEquals("[4, 1, 28, 28]", s.rows().get(3).outputShape().toString());
        assertEquals(8 * 9 + 8 + 8 * 9 + 1, s.totalParameters());
    }
}
