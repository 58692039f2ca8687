package dev.latent.models.train;

import dev.latent.nn.Module;
import dev.latent.nn.StateDict;
import dev.latent.nn.io.Json;
import dev.latent.nn.io.SafeTensors;
import dev.latent.nn.optim.Optimizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One safetensors file holding everything a run needs to continue exactly: every module's weights and buffers
 * ({@code modules.<name>.<key>}), every optimizer's state ({@code optimizers.<name>.<key>}, its metadata under the
 * same prefix), the best weights so far for early stopping ({@code best.<name>.<key>}), and the trainer's own state
 * as JSON metadata ({@code trainer}: completed epochs, generator state, metrics history, early-stopping and schedule
 * state). Written atomically, so an interrupted save never replaces a good checkpoint.
 */
public final class Checkpoint {
    private static final String TRAINER = "trainer";

    private Checkpoint() {
    }

    /** The trainer's own part of a checkpoint. */
    record TrainerState(int epochsDone, long[] rng, MetricsHistory history, double bestLoss, int bestEpoch,
                        int badEpochs, Map<String, Object> schedule) {
    }

    static void save(Path file, Objective objective, Map<String, StateDict> best, TrainerState state)
            throws IOException {
        StateDict out = new StateDict();
        objective.modules().forEach((name, m) -> copyInto(out, "modules." + name + ".", m.stateDict()));
        objective.optimizers().forEach((name, o) -> copyInto(out, "optimizers." + name + ".", o.stateDict()));
        if (best != null) {
            best.forEach((name, sd) -> copyInto(out, "best." + name + ".", sd));
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("epochs_done", (long) state.epochsDone());
        t.put("rng", java.util.Arrays.stream(state.rng()).mapToObj(Long::toHexString).toList());
        t.put("history", state.history().toJsonList());
        t.put("best_loss", Double.isFinite(state.bestLoss()) ? state.bestLoss() : null);
        t.put("best_epoch", (long) state.bestEpoch());
        t.put("bad_epochs", (long) state.badEpochs());
        t.put("schedule", state.schedule());
        out.metadata().put(TRAINER, Json.write(t));
        SafeTensors.save(file, out);
    }

    private static void copyInto(StateDict out, String prefix, StateDict source) {
        source.entries().forEach((k, e) -> out.put(prefix + k, e.tensor(), e.dtype()));
        source.metadata().forEach((k, v) -> out.metadata().put(prefix + k, v));
    }

    private static StateDict sub(StateDict all, String prefix) {
        StateDict sd = all.subDict(prefix);
        all.metadata().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                sd.metadata().put(k.substring(prefix.length()), v);
            }
        });
        return sd;
    }

    /** Loads a checkpoint into the objective (all or nothing) and returns the trainer state and best weights. */
    static TrainerState load(Path file, Objective objective, Map<String, StateDict> bestOut) throws IOException {
        StateDict all = SafeTensors.load(file);
        String json = all.metadata().get(TRAINER);
        if (json == null) {
            throw new IOException(file + " is not a Latent training checkpoint (no '" + TRAINER + "' metadata)");
        }
        Map<String, Object> t = Json.parseObject(json);
        // All or nothing: remember the current state and put it back if any part fails to load.
        Map<String, StateDict> moduleBackup = new LinkedHashMap<>();
        objective.modules().forEach((name, m) -> moduleBackup.put(name, m.stateDict().copy()));
        Map<String, StateDict> optimizerBackup = new LinkedHashMap<>();
        objective.optimizers().forEach((name, o) -> optimizerBackup.put(name, o.stateDict()));
        try {
            for (Map.Entry<String, Module> e : objective.modules().entrySet()) {
                e.getValue().loadStateDict(sub(all, "modules." + e.getKey() + "."), true);
            }
            for (Map.Entry<String, Optimizer> e : objective.optimizers().entrySet()) {
                e.getValue().loadStateDict(sub(all, "optimizers." + e.getKey() + "."));
            }
        } catch (RuntimeException e) {
            objective.modules().forEach((name, m) -> m.loadStateDict(moduleBackup.get(name), true));
            objective.optimizers().forEach((name, o) -> o.loadStateDict(optimizerBackup.get(name)));
            throw new IOException("checkpoint " + file + " does not match the model being trained: "
                    + e.getMessage(), e);
        }
        for (String name : objective.modules().keySet()) {
            StateDict b = sub(all, "best." + name + ".");
            if (b.size() > 0) {
                bestOut.put(name, b);
            }
        }
        List<?> rngWords = (List<?>) t.get("rng");
        long[] rng = new long[rngWords.size()];
        for (int i = 0; i < rng.length; i++) {
            rng[i] = Long.parseUnsignedLong(String.valueOf(rngWords.get(i)), 16);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> schedule = (Map<String, Object>) t.get("schedule");
        Object best = t.get("best_loss");
        return new TrainerState(((Number) t.get("epochs_done")).intValue(), rng,
                MetricsHistory.fromJsonList((List<?>) t.get("history")),
                best instanceof Number n ? n.doubleValue() : Double.POSITIVE_INFINITY,
                ((Number) t.get("best_epoch")).intValue(), ((Number) t.get("bad_epochs")).intValue(), schedule);
    }
}
