package dev.latent.models.train;

import dev.latent.nn.optim.LRScheduler;
import dev.latent.nn.optim.ReduceLROnPlateau;

import java.util.Map;

/** Adapts nn's epoch schedulers to the trainer: stepped once per epoch, with the monitored loss, and checkpointed. */
public interface LrSchedule {
    /** Called after each epoch with the monitored loss. */
    void afterEpoch(double monitoredLoss);

    /** Scheduler state for checkpoints. */
    Map<String, Object> stateDict();

    /** Restores {@link #stateDict()}. */
    void loadStateDict(Map<String, Object> state);

    /** An epoch-based scheduler (step, exponential, cosine, ...). */
    static LrSchedule of(LRScheduler scheduler) {
        return new LrSchedule() {
            @Override
            public void afterEpoch(double monitoredLoss) {
                scheduler.step();
            }

            @Override
            public Map<String, Object> stateDict() {
                return scheduler.stateDict();
            }

            @Override
            public void loadStateDict(Map<String, Object> state) {
                scheduler.loadStateDict(state);
            }
        };
    }

    /** Reduce-on-plateau, driven by the monitored loss. */
    static LrSchedule of(ReduceLROnPlateau scheduler) {
        return new LrSchedule() {
            @Override
            public void afterEpoch(double monitoredLoss) {
                scheduler.step(monitoredLoss);
            }

            @Override
            public Map<String, Object> stateDict() {
                return scheduler.stateDict();
            }

            @Override
            public void loadStateDict(Map<String, Object> state) {
                scheduler.loadStateDict(state);
            }
        };
    }
}
