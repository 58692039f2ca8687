package dev.latent.models.train;

import dev.latent.datasets.Batch;
import dev.latent.nn.Module;
import dev.latent.nn.optim.Optimizer;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/** One model, one optimizer and a loss function: the objective of autoencoders, VAEs and classifiers. */
public final class LossObjective implements Objective {
    /** The loss of a batch: the tensor to minimise and extra metrics to report. */
    public record Loss(Tensor value, Map<String, Double> extra) {
        /** A loss with no extra metrics. */
        public static Loss of(Tensor value) {
            return new Loss(value, Map.of());
        }
    }

    /** Computes a batch's loss with the model (grad recording is on during training). */
    @FunctionalInterface
    public interface LossFunction {
        /** The loss of {@code batch}. */
        Loss compute(Batch batch, Generator rng);
    }

    private final String name;
    private final Module model;
    private final Optimizer optimizer;
    private final LossFunction loss;

    /**
     * @param name      the model's name in checkpoints
     * @param model     the trained module
     * @param optimizer its optimizer
     * @param loss      the loss of a batch
     */
    public LossObjective(String name, Module model, Optimizer optimizer, LossFunction loss) {
        this.name = name;
        this.model = model;
        this.optimizer = optimizer;
        this.loss = loss;
    }

    @Override
    public Metrics trainStep(Batch batch, Generator rng) {
        optimizer.zeroGrad();
        Loss l = loss.compute(batch, rng);
        float value = l.value().item();
        if (Float.isFinite(value)) {
            l.value().backward();
            optimizer.step();
        }
        return metrics(value, l.extra());
    }

    @Override
    public Metrics evalStep(Batch batch, Generator rng) {
        Loss l = loss.compute(batch, rng);
        return metrics(l.value().item(), l.extra());
    }

    private static Metrics metrics(float value, Map<String, Double> extra) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(Metrics.LOSS, (double) value);
        m.putAll(extra);
        return Metrics.of(m);
    }

    @Override
    public Map<String, Module> modules() {
        return Map.of(name, model);
    }

    @Override
    public Map<String, Optimizer> optimizers() {
        return Map.of(name, optimizer);
    }
}
