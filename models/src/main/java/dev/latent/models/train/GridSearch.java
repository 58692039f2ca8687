package dev.latent.models.train;

import dev.latent.io.AtomicFiles;
import dev.latent.nn.io.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Exhaustive search over a grid of hyperparameters (latent size, learning rate, weight decay, epochs, ...): every
 * combination is trained, the one with the lowest validation loss wins, and every trial is reported.
 *
 * <pre>{@code
 * GridSearch.Result r = GridSearch.builder()
 *         .param("latentDim", 8, 16).param("lr", 1e-3, 3e-3).param("weightDecay", 0.0, 1e-5)
 *         .build()
 *         .run(params -> trainAndReturnResult(params));
 * }</pre>
 */
public final class GridSearch {
    private final Map<String, List<Object>> grid;

    private GridSearch(Map<String, List<Object>> grid) {
        this.grid = grid;
    }

    /** A builder of the grid. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * One trial.
     *
     * @param params         its hyperparameters
     * @param validationLoss the best monitored loss of its run
     * @param bestEpoch      the epoch that reached it
     * @param seconds        wall time
     */
    public record Trial(Map<String, Object> params, double validationLoss, int bestEpoch, double seconds) {
    }

    /**
     * All trials in the order they ran, and the best one.
     *
     * @param trials every trial
     * @param best   the trial with the lowest validation loss
     */
    public record Result(List<Trial> trials, Trial best) {
        /** The trials as CSV (one column per hyperparameter, then the results). */
        public String toCsv() {
            if (trials.isEmpty()) {
                return "";
            }
            List<String> names = new ArrayList<>(trials.get(0).params().keySet());
            StringBuilder sb = new StringBuilder(String.join(",", names)).append(",validation_loss,best_epoch,seconds\n");
            for (Trial t : trials) {
                for (String n : names) {
                    sb.append(t.params().get(n)).append(',');
                }
                sb.append(String.format(Locale.ROOT, "%.8g,%d,%.3f%n", t.validationLoss(), t.bestEpoch(), t.seconds()));
            }
            return sb.toString();
        }

        /** The trials as JSON. */
        public String toJson() {
            List<Object> list = new ArrayList<>();
            for (Trial t : trials) {
                Map<String, Object> m = new LinkedHashMap<>(t.params());
                m.put("validation_loss", t.validationLoss());
                m.put("best_epoch", (long) t.bestEpoch());
                m.put("seconds", t.seconds());
                m.put("best", t == best);
                list.add(m);
            }
            return Json.writePretty(list);
        }

        /** Writes {@code grid-search.csv} and {@code grid-search.json} into {@code dir}, atomically. */
        public void write(Path dir) throws IOException {
            AtomicFiles.writeString(dir.resolve("grid-search.csv"), toCsv());
            AtomicFiles.writeString(dir.resolve("grid-search.json"), toJson());
        }
    }

    /** Every combination of the grid, the last parameter varying fastest. */
    public List<Map<String, Object>> combinations() {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (var e : grid.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : out) {
                for (Object v : e.getValue()) {
                    Map<String, Object> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    /** Trains every combination with {@code train} and picks the lowest validation loss (ties: the earlier trial). */
    public Result run(Function<Map<String, Object>, TrainingResult> train) {
        List<Trial> trials = new ArrayList<>();
        Trial best = null;
        for (Map<String, Object> params : combinations()) {
            long t0 = System.nanoTime();
            TrainingResult r = train.apply(Collections.unmodifiableMap(params));
            Trial t = new Trial(params, r.bestLoss(), r.bestEpoch(), (System.nanoTime() - t0) / 1e9);
            trials.add(t);
            if (best == null || t.validationLoss() < best.validationLoss()) {
                best = t;
            }
        }
        return new Result(List.copyOf(trials), best);
    }

    /** Builds the grid. */
    public static final class Builder {
        private final Map<String, List<Object>> grid = new LinkedHashMap<>();

        private Builder() {
        }

        /** A hyperparameter and the values to try (at least one; names must be unique). */
        public Builder param(String name, Object... values) {
            if (name == null || name.isEmpty() || values.length == 0) {
                throw new IllegalArgumentException("GridSearch: a parameter needs a name and at least one value");
            }
            if (grid.containsKey(name)) {
                throw new IllegalArgumentException("GridSearch: parameter '" + name + "' given twice");
            }
            grid.put(name, List.of(values));
            return this;
        }

        /** The search. */
        public GridSearch build() {
            if (grid.isEmpty()) {
                throw new IllegalStateException("GridSearch: no parameters");
            }
            return new GridSearch(new LinkedHashMap<>(grid));
        }
    }
}
