package dev.latent.models.gan;

import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratorLossTest {
    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void lossValuesMatchTheirDefinitionsAndStayFinite() {
        float[] l = {-200, -10, -1, 0, 2, 30, 200};
        Tensor logits = Tensor.wrap(l, l.length);
        float[] minimax = GeneratorLoss.MINIMAX.perSample(logits).toArray();
        float[] nonSat = GeneratorLoss.NON_SATURATING.perSample(logits).toArray();
        for (int i = 0; i < l.length; i++) {
            assertTrue(Float.isFinite(minimax[i]) && Float.isFinite(nonSat[i]), "finite at logit " + l[i]);
            // log(1 - s(l)) = -log(1 + e^l) and -log s(l) = log(1 + e^-l), in double as the reference
            assertEquals(-Math.log1p(Math.exp(l[i])), minimax[i], 1e-5 * Math.max(1, Math.abs(l[i])), "minimax " + l[i]);
            assertEquals(Math.log1p(Math.exp(-l[i])), nonSat[i], 1e-5 * Math.max(1, Math.abs(l[i])), "ns " + l[i]);
        }
        // Where a naive log of the sigmoid is still accurate, the two agree with it.
        assertEquals(Math.log(1 - sigmoid(-1)), minimax[2], 1e-6);
        assertEquals(-Math.log(sigmoid(2)), nonSat[4], 1e-6);
    }

    @Test
    void gradientsWithRespectToTheLogits() {
        float[] l = {-12, -5, 0, 4};
        for (GeneratorLoss loss : GeneratorLoss.values()) {
            Tensor logits = Tensor.wrap(l.clone(), l.length).setRequiresGrad(true);
            loss.loss(logits).backward();
            float[] g = logits.grad().toArray();
            for (int i = 0; i < l.length; i++) {
                // d/dl of -softplus(l) is -s(l); of softplus(-l) it is -(1 - s(l)); the mean divides by N.
                double expected = (loss == GeneratorLoss.MINIMAX ? -sigmoid(l[i]) : -sigmoid(-l[i])) / l.length;
                assertEquals(expected, g[i], 1e-6 * Math.max(1e-3, Math.abs(expected)) + 1e-9, loss + " at " + l[i]);
            }
        }
    }

    @Test
    void minimaxSaturatesWhereNonSaturatingDoesNot() {
        // A discriminator that confidently rejects everything: its output bias pushes D(G(z)) to about e^-12.
        MlpGenerator g = new MlpGenerator(new Generator(1));
        MlpDiscriminator d = new MlpDiscriminator(new Generator(2));
        dev.latent.nn.Init.constant(d.namedParameters().get("net.4.bias"), -12);
        Tensor z = g.noise(16, new Generator(3));
        double[] norms = new double[2];
        double meanLogit = 0;
        for (GeneratorLoss loss : GeneratorLoss.values()) {
            g.zeroGrad();
            d.zeroGrad();
            Tensor logits = d.forward(g.forward(z));
            meanLogit = logits.mean().item();
            loss.loss(logits).backward();
            double sq = 0;
            for (Tensor p : g.parameters()) {
                for (float v : p.grad().toArray()) {
                    sq += (double) v * v;
                }
            }
            norms[loss.ordinal()] = Math.sqrt(sq);
        }
        double maxD = sigmoid(meanLogit);
        assertTrue(maxD < 1e-5, "D(G(z)) should be near 0, got " + maxD);
        double minimax = norms[GeneratorLoss.MINIMAX.ordinal()];
        double nonSat = norms[GeneratorLoss.NON_SATURATING.ordinal()];
        // Per sample the two gradients differ only by the factor s(l) vs 1 - s(l); the logits barely vary, so the
        // ratio of the norms is s(l) / (1 - s(l)) = e^l at the mean logit.
        assertEquals(Math.exp(meanLogit), minimax / nonSat, 0.05 * Math.exp(meanLogit),
                "minimax " + minimax + " vs non-saturating " + nonSat);
        assertTrue(nonSat > 1e-3, "the non-saturating gradient must not vanish: " + nonSat);
        assertTrue(minimax < 1e-4 * nonSat, "the minimax gradient vanishes: " + minimax);
    }

    @Test
    void discriminatorLossIsBceOnRealOnesAndFakeZeros() {
        Tensor real = Tensor.wrap(new float[] {3, -1}, 2, 1);
        Tensor fake = Tensor.wrap(new float[] {-2, 0.5f}, 2, 1);
        double expected = -(Math.log(sigmoid(3)) + Math.log(sigmoid(-1))) / 2
                - (Math.log(1 - sigmoid(-2)) + Math.log(1 - sigmoid(0.5))) / 2;
        assertEquals(expected, GanLosses.discriminator(real, fake).item(), 1e-6);
        assertEquals((sigmoid(3) + sigmoid(-1)) / 2, GanLosses.meanProbability(real), 1e-6);
        // Finite even for extreme logits on the wrong side.
        assertTrue(Float.isFinite(GanLosses.discriminator(Tensor.full(-500f, 2, 1), Tensor.full(500f, 2, 1)).item()));
    }
}
