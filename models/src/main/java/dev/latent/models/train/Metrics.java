package dev.latent.models.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named scalar results of a step or an epoch, in insertion order. {@code "loss"} is the value training minimises
 * and validation compares.
 */
public final class Metrics {
    /** The key of the training objective. */
    public static final String LOSS = "loss";

    private final Map<String, Double> values;

    private Metrics(Map<String, Double> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** Metrics from alternating names and values: {@code Metrics.of("loss", 0.3, "kl", 12.0)}. */
    public static Metrics of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Metrics.of: expects name/value pairs, got " + namesAndValues.length
                    + " arguments");
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!(namesAndValues[i] instanceof String name) || !(namesAndValues[i + 1] instanceof Number v)) {
                throw new IllegalArgumentException("Metrics.of: argument " + i + " must be a String name followed by"
                        + " a Number");
            }
            m.put(name, v.doubleValue());
        }
        return new Metrics(m);
    }

    /** Metrics from a map (copied). */
    public static Metrics of(Map<String, Double> values) {
        return new Metrics(new LinkedHashMap<>(values));
    }

    /** The {@value #LOSS} value, or NaN if absent. */
    public double loss() {
        return get(LOSS);
    }

    /** A value, or NaN if absent. */
    public double get(String name) {
        Double v = values.get(name);
        return v == null ? Double.NaN : v;
    }

    /** All values (unmodifiable). */
    public Map<String, Double> asMap() {
        return values;
    }

    /** The first non-finite value's name, or null if all are finite. */
    public String firstNonFinite() {
        for (var e : values.entrySet()) {
            if (!Double.isFinite(e.getValue())) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Weighted running mean of metrics over batches (weights are batch sizes). */
    public static final class Mean {
        private final Map<String, double[]> sums = new LinkedHashMap<>();

        /** Adds one batch's metrics with weight {@code n}. */
        public void add(Metrics m, int n) {
            for (var e : m.values.entrySet()) {
                double[] s = sums.computeIfAbsent(e.getKey(), k -> new double[2]);
                s[0] += e.getValue() * n;
                s[1] += n;
            }
        }

        /** The means so far. */
        public Metrics result() {
            Map<String, Double> m = new LinkedHashMap<>();
            sums.forEach((k, s) -> m.put(k, s[1] == 0 ? Double.NaN : s[0] / s[1]));
            return new Metrics(m);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=')
                .append(String.format(java.util.Locale.ROOT, "%.5g", v)));
        return sb.toString();
    }
}
