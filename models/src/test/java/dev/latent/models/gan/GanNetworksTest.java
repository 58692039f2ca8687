package dev.latent.models.gan;

import dev.latent.nn.Module;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GanNetworksTest {
    private static final Tensor IMAGES = Tensor.rand(new Generator(9), 3, 1, 28, 28).mul(2).sub(1);

    @Test
    void mlpShapesNamesAndCounts() {
        MlpGenerator g = new MlpGenerator(new Generator(1));
        MlpDiscriminator d = new MlpDiscriminator(new Generator(2));
        Tensor fake = g.forward(g.noise(3, new Generator(3)));
        assertEquals(Shape.of(3, 1, 28, 28), fake.shape());
        assertEquals(Shape.of(3, 1), d.forward(fake).shape());
        assertEquals(List.of("net.0.weight", "net.0.bias", "net.2.weight", "net.2.bias", "net.4.weight",
                "net.4.bias"), List.copyOf(g.stateDict().names()));
        assertEquals(List.copyOf(g.stateDict().names()), List.copyOf(d.stateDict().names()));
        // PyTorch: (100*256+256) + (256*512+512) + (512*784+784); (784*512+512) + (512*256+256) + (256+1)
        assertEquals(559632, g.parameterCount());
        assertEquals(533505, d.parameterCount());
        assertEquals(Shape.of(512, 784), d.namedParameters().get("net.0.weight").shape());
        assertEquals(Shape.of(784, 512), g.namedParameters().get("net.4.weight").shape());
        assertThrows(IllegalArgumentException.class, () -> g.forward(Tensor.zeros(2, 64)));
        assertThrows(IllegalArgumentException.class, () -> d.forward(Tensor.zeros(2, 1, 32, 32)));
        assertThrows(IllegalArgumentException.class, () -> d.logits(IMAGES, Tensor.zeros(3)));
    }

    @Test
    void dcganShapesNamesAndCounts() {
        DcganGenerator g = new DcganGenerator(new Generator(1));
        DcganDiscriminator d = new DcganDiscriminator(new Generator(2));
        Tensor fake = g.forward(g.noise(4, new Generator(3)));
        assertEquals(Shape.of(4, 1, 28, 28), fake.shape());
        assertEquals(Shape.of(4, 1), d.forward(fake).shape());
        assertEquals(List.of("net.0.weight", "net.0.bias", "net.1.weight", "net.1.bias", "net.1.running_mean",
                "net.1.running_var", "net.1.num_batches_tracked", "net.4.weight", "net.4.bias", "net.5.weight",
                "net.5.bias", "net.5.running_mean", "net.5.running_var", "net.5.num_batches_tracked",
                "net.7.weight", "net.7.bias"), List.copyOf(g.stateDict().names()));
        assertEquals(List.of("net.0.weight", "net.0.bias", "net.2.weight", "net.2.bias", "net.3.weight",
                "net.3.bias", "net.3.running_mean", "net.3.running_var", "net.3.num_batches_tracked",
                "net.6.weight", "net.6.bias"), List.copyOf(d.stateDict().names()));
        // PyTorch: Linear 633472 + BN1d 12544 + ConvT 131136 + BN2d 128 + ConvT 1025
        assertEquals(778305, g.parameterCount());
        // Conv 1088 + Conv 131200 + BN2d 256 + Linear 6273
        assertEquals(138817, d.parameterCount());
        assertEquals(Shape.of(128, 64, 4, 4), g.namedParameters().get("net.4.weight").shape());
        assertEquals(Shape.of(128, 64, 4, 4), d.namedParameters().get("net.2.weight").shape());
    }

    @Test
    void conditionalShapesNamesAndLabelChecks() {
        ConditionalMlpGenerator g = new ConditionalMlpGenerator(new Generator(1));
        ConditionalMlpDiscriminator d = new ConditionalMlpDiscriminator(new Generator(2));
        assertTrue(g.conditional());
        assertEquals(10, d.numClasses());
        Tensor labels = Tensor.wrap(new float[] {0, 3, 9}, 3);
        Tensor fake = g.generate(g.noise(3, new Generator(3)), labels);
        assertEquals(Shape.of(3, 1, 28, 28), fake.shape());
        assertEquals(Shape.of(3, 1), d.logits(fake, labels).shape());
        assertEquals(List.of("label_emb.weight", "net.0.weight", "net.0.bias", "net.2.weight", "net.2.bias",
                "net.4.weight", "net.4.bias"), List.copyOf(g.stateDict().names()));
        assertEquals(Shape.of(256, 110), g.namedParameters().get("net.0.weight").shape());
        assertEquals(Shape.of(512, 794), d.namedParameters().get("net.0.weight").shape());
        assertEquals(562292, g.parameterCount());
        assertEquals(538725, d.parameterCount());
        // Labels are required, must match the batch and lie in [0, C).
        assertThrows(IllegalArgumentException.class, () -> g.forward(g.noise(3, new Generator(4))));
        assertThrows(IllegalArgumentException.class, () -> d.logits(fake, null));
        assertThrows(IllegalArgumentException.class, () -> d.logits(fake, Tensor.wrap(new float[] {0, 1}, 2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.generate(g.noise(3, new Generator(4)), Tensor.wrap(new float[] {0, 10, 1}, 3)));
        assertTrue(e.getMessage().contains("label 10"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> d.logits(fake, Tensor.wrap(new float[] {0, 1.5f, 1}, 3)));
    }

    @Test
    void conditionalNetworksUseTheLabel() {
        ConditionalMlpGenerator g = new ConditionalMlpGenerator(new Generator(1));
        ConditionalMlpDiscriminator d = new ConditionalMlpDiscriminator(new Generator(2));
        Tensor z = g.noise(1, new Generator(5)).expand(2, 100).contiguous();
        Tensor images = g.generate(z, Tensor.wrap(new float[] {2, 7}, 2));
        // Same code, different labels: different images, and each row equals its own single-label output.
        float[] a = images.select(0, 0).toArray();
        float[] b = images.select(0, 1).toArray();
        assertFalse(java.util.Arrays.equals(a, b));
        assertArrayEquals(b, g.generate(z.narrow(0, 1, 1), Tensor.wrap(new float[] {7}, 1)).toArray(), 1e-6f);
        Tensor x = IMAGES.narrow(0, 0, 1).expand(2, 1, 28, 28).contiguous();
        Tensor l = d.logits(x, Tensor.wrap(new float[] {2, 7}, 2));
        assertTrue(l.get(0, 0) != l.get(1, 0), "the discriminator must depend on the label");
        // sample(n) cycles through the classes: rows 0 and 10 share label 0 but not the code.
        Tensor grid = g.sample(20, new Generator(6));
        assertEquals(Shape.of(20, 1, 28, 28), grid.shape());
        assertArrayEquals(grid.toArray(), g.sample(20, new Generator(6)).toArray());
    }

    @Test
    void dcganInitStatistics() {
        DcganGenerator g = new DcganGenerator(new Generator(11));
        DcganDiscriminator d = new DcganDiscriminator(new Generator(12));
        assertMoments(g.namedParameters().get("net.0.weight"), 0, 0.02);   // Linear 6272 x 100
        assertMoments(g.namedParameters().get("net.4.weight"), 0, 0.02);   // ConvT 128 x 64 x 4 x 4
        assertMoments(g.namedParameters().get("net.1.weight"), 1, 0.02);   // BatchNorm1d
        assertMoments(d.namedParameters().get("net.2.weight"), 0, 0.02);   // Conv 128 x 64 x 4 x 4
        assertMoments(d.namedParameters().get("net.6.weight"), 0, 0.02);   // Linear 1 x 6272
        for (var e : g.namedParameters().entrySet()) {
            if (e.getKey().endsWith("bias")) {
                assertEquals(0, maxAbs(e.getValue()), e.getKey());
            }
        }
        for (var e : d.namedParameters().entrySet()) {
            if (e.getKey().endsWith("bias")) {
                assertEquals(0, maxAbs(e.getValue()), e.getKey());
            }
        }
        MlpGenerator mg = new MlpGenerator(new Generator(13));
        assertMoments(mg.namedParameters().get("net.4.weight"), 0, 0.02);
        // The embedding keeps PyTorch's N(0, 1).
        assertMoments(new ConditionalMlpGenerator(100, 50, 40, new Generator(14)).namedParameters()
                .get("label_emb.weight"), 0, 1);
    }

    @Test
    void sameSeedSameWeights() {
        assertArrayEquals(flat(new DcganGenerator(new Generator(5))), flat(new DcganGenerator(new Generator(5))));
        assertFalse(java.util.Arrays.equals(flat(new MlpDiscriminator(new Generator(5))),
                flat(new MlpDiscriminator(new Generator(6)))));
    }

    @Test
    void sampleIsSeededAndLeavesTheModelAlone() {
        DcganGenerator g = new DcganGenerator(new Generator(1));
        g.train();
        float[] before = flat(g);
        Tensor s1 = g.sample(6, new Generator(42));
        Tensor s2 = g.sample(6, new Generator(42));
        assertEquals(Shape.of(6, 1, 28, 28), s1.shape());
        assertArrayEquals(s1.toArray(), s2.toArray());
        assertFalse(s1.requiresGrad());
        assertTrue(g.isTraining(), "sample restores the training mode");
        assertArrayEquals(before, flat(g), "sampling must not move BatchNorm statistics");
        float[] v = s1.toArray();
        for (float x : v) {
            assertTrue(x > -1 && x < 1, "tanh output in (-1, 1): " + x);
        }
    }

    private static float[] flat(Module m) {
        List<Tensor> all = new java.util.ArrayList<>();
        m.stateDict().entries().values().forEach(e -> all.add(e.tensor().flatten()));
        return Tensor.cat(0, all).toArray();
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (float v : t.toArray()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** Sample mean and std within 5 standard errors of the expected values. */
    private static void assertMoments(Tensor t, double mean, double std) {
        float[] v = t.toArray();
        double s = 0;
        double s2 = 0;
        for (float x : v) {
            s += x;
            s2 += x * x;
        }
        int n = v.length;
        double m = s / n;
        double sd = Math.sqrt(s2 / n - m * m);
        assertEquals(mean, m, 5 * std / Math.sqrt(n), "mean of " + t.shape());
        assertEquals(std, sd, 5 * std / Math.sqrt(2.0 * n), "std of " + t.shape());
    }
}
