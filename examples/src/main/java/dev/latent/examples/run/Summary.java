package dev.latent.examples.run;

import dev.latent.nn.io.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns run results into JSON: NaN and infinities (which JSON cannot hold) become null. */
public final class Summary {
    private Summary() {
    }

    /** A copy of {@code value} (maps, lists, numbers, strings) with non-finite numbers replaced by null. */
    public static Object sanitize(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), sanitize(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(sanitize(v)));
            return out;
        }
        if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            return null;
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof java.nio.file.Path p) {
            return p.toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
        return value;
    }

    /** One-line JSON of the sanitized value. */
    public static String toJson(Object value) {
        return Json.write(sanitize(value));
    }
}
