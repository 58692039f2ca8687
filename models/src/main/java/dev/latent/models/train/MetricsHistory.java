package dev.latent.models.train;

import dev.latent.io.AtomicFiles;
import dev.latent.nn.io.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The per-epoch records of a run, written as CSV and JSON (atomically) and restored from JSON on resume. */
public final class MetricsHistory {
    private final List<EpochRecord> records = new ArrayList<>();

    /** An empty history. */
    public MetricsHistory() {
    }

    /** Appends a record. */
    public void add(EpochRecord record) {
        records.add(record);
    }

    /** The records in order (unmodifiable). */
    public List<EpochRecord> records() {
        return Collections.unmodifiableList(records);
    }

    /** The last record, or null. */
    public EpochRecord last() {
        return records.isEmpty() ? null : records.get(records.size() - 1);
    }

    /** One metric over the epochs ({@code validation} selects which side), NaN where absent. */
    public double[] series(String metric, boolean validation) {
        double[] out = new double[records.size()];
        for (int i = 0; i < out.length; i++) {
            Metrics m = validation ? records.get(i).validation() : records.get(i).train();
            out[i] = m == null ? Double.NaN : m.get(metric);
        }
        return out;
    }

    /** The history as a JSON-ready list of flat maps. */
    public List<Object> toJsonList() {
        List<Object> out = new ArrayList<>();
        for (EpochRecord r : records) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", (long) r.epoch());
            r.train().asMap().forEach((k, v) -> m.put("train_" + k, v));
            if (r.validation() != null) {
                r.validation().asMap().forEach((k, v) -> m.put("val_" + k, v));
            }
            m.put("lr", r.lr());
            m.put("seconds", r.seconds());
            m.put("images_per_s", r.imagesPerSecond());
            out.add(m);
        }
        return out;
    }

    /** Rebuilds a history from {@link #toJsonList()}. */
    public static MetricsHistory fromJsonList(List<?> list) {
        MetricsHistory h = new MetricsHistory();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("metrics history: expected JSON objects, got " + Json.describe(o));
            }
            Map<String, Double> train = new LinkedHashMap<>();
            Map<String, Double> val = new LinkedHashMap<>();
            for (var e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                if (e.getValue() instanceof Number n) {
                    if (k.startsWith("train_")) {
                        train.put(k.substring(6), n.doubleValue());
                    } else if (k.startsWith("val_")) {
                        val.put(k.substring(4), n.doubleValue());
                    }
                }
            }
            h.add(new EpochRecord(number(m, "epoch").intValue(), Metrics.of(train), val.isEmpty() ? null
                    : Metrics.of(val), number(m, "lr").doubleValue(), number(m, "seconds").doubleValue(),
                    number(m, "images_per_s").doubleValue()));
        }
        return h;
    }

    private static Number number(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof Number n)) {
            throw new IllegalArgumentException("metrics history: record without a numeric '" + key + "'");
        }
        return n;
    }

    /** CSV with a header row; columns are the union of all records' metrics. */
    public String toCsv() {
        List<Object> rows = toJsonList();
        Set<String> columns = new LinkedHashSet<>();
        for (Object r : rows) {
            columns.addAll(((Map<String, ?>) cast(r)).keySet());
        }
        StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
        for (Object r : rows) {
            Map<String, ?> m = cast(r);
            List<String> cells = new ArrayList<>();
            for (String c : columns) {
                Object v = m.get(c);
                cells.add(v == null ? "" : v instanceof Long l ? l.toString()
                        : String.format(Locale.ROOT, "%.8g", ((Number) v).doubleValue()));
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Object o) {
        return (Map<String, ?>) o;
    }

    /** Writes {@code <dir>/metrics.csv} and {@code <dir>/metrics.json} atomically. */
    public void write(Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve("metrics.csv"), toCsv());
        AtomicFiles.writeString(dir.resolve("metrics.json"), Json.writePretty(toJsonList()));
    }
}
