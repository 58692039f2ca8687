package dev.latent.models.train;

import dev.latent.nn.optim.LRScheduler;
import dev.latent.nn.optim.ReduceLROnPlateau;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.Supplier;

/** Adapts nn's epoch schedulers to the trainer: stepped once per epoch, with the monitored loss, and checkpointed. */
public interface LrSchedule {
    /** Called after each epoch with the monitored loss. */
    void afterEpoch(double monitoredLoss);

    /** Scheduler state for checkpoints. */
    Map<String, Object> stateDict();

    /** Restores {@link #stateDict()}. */
    void loadStateDict(Map<String, Object> state);

    /** An epoch-based scheduler (step, exponential, cosine, ...); the monitored loss is not used. */
    static LrSchedule of(LRScheduler scheduler) {
        return new Adapter(loss -> scheduler.step(), scheduler::stateDict, scheduler::loadStateDict);
    }

    /** Reduce-on-plateau, driven by the monitored loss. */
    static LrSchedule of(ReduceLROnPlateau scheduler) {
        return new Adapter(scheduler::step, scheduler::stateDict, scheduler::loadStateDict);
    }

    /** An {@link LrSchedule} from its three operations. */
    record Adapter(DoubleConsumer step, Supplier<Map<String, Object>> save, Consumer<Map<String, Object>> load)
            implements LrSchedule {
        @Override
        public void afterEpoch(double monitoredLoss) {
            step.accept(monitoredLoss);
        }

        @Override
        public Map<String, Object> stateDict() {
            return save.get();
        }

        @Override
        public void loadStateDict(Map<String, Object> state) {
            load.accept(state);
        }
    }
}
