package dev.latent.models.train;

import dev.latent.datasets.Batch;
import dev.latent.nn.Module;
import dev.latent.nn.optim.Optimizer;
import dev.latent.tensor.Generator;

import java.util.Map;

/**
 * What a {@link Trainer} optimises: how one batch is trained on and evaluated, and which modules and optimizers make
 * up its state (so checkpoints can save and restore them). {@link LossObjective} covers one model with one
 * optimizer and a loss function; GANs implement their own alternating step.
 */
public interface Objective {
    /**
     * Trains on one batch (forward, backward, optimizer step).
     *
     * <p>The {@link Trainer} runs each step in a {@code Workspace.recycleResults()} scope: the arrays behind tensors
     * made during the step are handed out again in the next step. Update lasting state in place (as optimizers and
     * batch norm do) and keep values as numbers or copies ({@code toArray()}), never as tensors made in the step;
     * {@code -Dlatent.reuse=false} turns the recycling off.
     *
     * @param batch the batch
     * @param rng   the trainer's generator, for stochastic parts of the step (noise, sampling); its state is
     *              checkpointed
     * @return the batch's metrics, including {@link Metrics#LOSS}
     */
    Metrics trainStep(Batch batch, Generator rng);

    /** Evaluates one batch without updating anything (the trainer runs it in eval mode and without grad). */
    Metrics evalStep(Batch batch, Generator rng);

    /** The modules whose weights (and buffers) form the trained state, by name. */
    Map<String, Module> modules();

    /** The optimizers whose state must be checkpointed, by name. */
    Map<String, Optimizer> optimizers();

    /**
     * For the trainer's message when {@code metric} of a step came out NaN or infinite: which of the step's updates
     * were not applied. The default fits a step with one update, skipped when its loss is not finite; a step with
     * several updates (a GAN's discriminator, then generator) says which ones it had already applied.
     */
    default String skippedUpdates(String metric) {
        return "the update of that step was not applied";
    }

    /** Puts every module in training or evaluation mode. */
    default void train(boolean training) {
        modules().values().forEach(m -> m.train(training));
    }
}
