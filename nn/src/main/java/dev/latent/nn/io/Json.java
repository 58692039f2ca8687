package dev.latent.nn.io;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON (RFC 8259) reader and writer for headers, metrics and summary files.
 *
 * <p>Values map to Java as: object → {@code Map<String, Object>} (insertion-ordered), array →
 * {@code List<Object>}, string → {@link String}, number → {@link Long} when it is an integer that fits, otherwise
 * {@link Double} (or {@link BigDecimal} for integers beyond the long range, so no value is silently rounded),
 * {@code true}/{@code false} → {@link Boolean}, {@code null} → {@code null}. Parsed maps and lists are unmodifiable.
 *
 * <p>The reader is meant for untrusted input: it rejects anything RFC 8259 does not allow (trailing commas, comments,
 * single quotes, leading zeros, raw control characters, invalid escapes, unpaired surrogates, duplicate keys,
 * trailing content) and enforces a maximum length and nesting depth, so hostile input cannot exhaust the stack or the
 * heap. Errors are {@link JsonException}s naming the character offset.
 */
public final class Json {
    /** Default maximum nesting depth of arrays and objects. */
    public static final int DEFAULT_MAX_DEPTH = 64;
    /** Default maximum input length, in characters. */
    public static final int DEFAULT_MAX_LENGTH = 100_000_000;

    private Json() {
    }

    /** Parses {@code text} with the default limits. */
    public static Object parse(String text) {
        return parse(text, DEFAULT_MAX_DEPTH, DEFAULT_MAX_LENGTH);
    }

    /**
     * Parses one JSON value that must span all of {@code text} (surrounding whitespace allowed).
     *
     * @param maxDepth  deepest nesting of arrays/objects accepted
     * @param maxLength longest input accepted, in characters
     * @throws JsonException if the text is not valid JSON or exceeds a limit
     */
    public static Object parse(String text, int maxDepth, int maxLength) {
        if (text.length() > maxLength) {
            throw new JsonException("JSON text of " + text.length() + " characters exceeds the limit of " + maxLength, 0);
        }
        return new JsonReader(text, maxDepth).parseDocument();
    }

    /**
     * Parses {@code text} and checks that it is a JSON object.
     *
     * @throws JsonException if it is not valid JSON or not an object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new JsonException("expected a JSON object, got " + describe(value), 0);
        }
        return (Map<String, Object>) value;
    }

    /** Compact JSON for {@code value} (maps with string keys, lists, strings, numbers, booleans, null). */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        new JsonWriter(sb, false).value(value, 0);
        return sb.toString();
    }

    /** Indented JSON (two spaces), for files people read. */
    public static String writePretty(Object value) {
        StringBuilder sb = new StringBuilder();
        new JsonWriter(sb, true).value(value, 0);
        return sb.toString();
    }

    /** A short description of a parsed value's JSON type, for error messages. */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String s) {
            return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return "the number " + value;
    }

    /** The recursive-descent reader; depth is bounded, so recursion is too. */
    private static final class JsonReader {
        private final String s;
        private final int maxDepth;
        private int pos;

        JsonReader(String s, int maxDepth) {
            this.s = s;
            this.maxDepth = maxDepth;
        }

        Object parseDocument() {
            skipWhitespace();
            Object v = value(0);
            skipWhitespace();
            if (pos != s.length()) {
                throw error("unexpected content after the JSON value");
            }
            return v;
        }

        private JsonException error(String message) {
            return new JsonException(message + " at offset " + pos, pos);
        }

        private void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private Object value(int depth) {
            if (pos >= s.length()) {
                throw error("unexpected end of input, expected a value");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object(depth + 1);
                case '[' -> array(depth + 1);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("unexpected character '" + printable(c) + "'");
                }
            };
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, pos)) {
                throw error("invalid literal, expected '" + word + "'");
            }
            pos += word.length();
            return value;
        }

        private Map<String, Object> object(int depth) {
            checkDepth(depth);
            pos++; // '{'
            Map<String, Object> map = new LinkedHashMap<>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return Collections.unmodifiableMap(map);
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a string key");
                }
                int keyAt = pos;
                String key = string();
                skipWhitespace();
                if (peek() != ':') {
                    throw error("expected ':' after a key");
                }
                pos++;
                skipWhitespace();
                Object v = value(depth);
                if (map.containsKey(key)) {
                    throw new JsonException("duplicate key \"" + key + "\" at offset " + keyAt, keyAt);
                }
                map.put(key, v);
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == '}') {
                    return Collections.unmodifiableMap(map);
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or '}' in an object");
                }
            }
        }

        private List<Object> array(int depth) {
            checkDepth(depth);
            pos++; // '['
            List<Object> list = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return Collections.unmodifiableList(list);
            }
            while (true) {
                skipWhitespace();
                list.add(value(depth));
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == ']') {
                    return Collections.unmodifiableList(list);
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or ']' in an array");
                }
            }
        }

        private void checkDepth(int depth) {
            if (depth > maxDepth) {
                throw error("nesting deeper than the limit of " + maxDepth);
            }
        }

        private char peek() {
            if (pos >= s.length()) {
                throw error("unexpected end of input");
            }
            return s.charAt(pos);
        }

        private String string() {
            pos++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    pos++;
                    checkSurrogates(sb);
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw error("raw control character U+" + String.format("%04X", (int) c) + " in a string");
                }
                if (c == '\\') {
                    pos++;
                    if (pos >= s.length()) {
                        throw error("unterminated escape");
                    }
                    char e = s.charAt(pos);
                    switch (e) {
                        case '"' -> sb.append('"');
                        case '\\' -> sb.append('\\');
                        case '/' -> sb.append('/');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case 'u' -> {
                            sb.append(hex4());
                            pos += 4;
                        }
                        default -> throw error("invalid escape '\\" + printable(e) + "'");
                    }
                    pos++;
                    continue;
                }
                sb.append(c);
                pos++;
            }
        }

        private void checkSurrogates(CharSequence str) {
            for (int i = 0; i < str.length(); i++) {
                char c = str.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < str.length() && Character.isLowSurrogate(str.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw error("unpaired UTF-16 surrogate in a string");
                }
            }
        }

        private char hex4() {
            if (pos + 4 >= s.length()) {
                throw error("truncated \\u escape");
            }
            int v = 0;
            for (int i = 1; i <= 4; i++) {
                int d = Character.digit(s.charAt(pos + i), 16);
                if (d < 0) {
                    throw error("invalid hex digit in a \\u escape");
                }
                v = v * 16 + d;
            }
            return (char) v;
        }

        private Object number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (pos >= s.length() || !isDigit(s.charAt(pos))) {
                throw error("invalid number");
            }
            if (s.charAt(pos) == '0') {
                pos++;
                if (pos < s.length() && isDigit(s.charAt(pos))) {
                    throw error("leading zero in a number");
                }
            } else {
                digits();
            }
            boolean integral = true;
            if (pos < s.length() && s.charAt(pos) == '.') {
                integral = false;
                pos++;
                if (pos >= s.length() || !isDigit(s.charAt(pos))) {
                    throw error("expected a digit after the decimal point");
                }
                digits();
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                integral = false;
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                if (pos >= s.length() || !isDigit(s.charAt(pos))) {
                    throw error("expected a digit in the exponent");
                }
                digits();
            }
            String text = s.substring(start, pos);
            if (integral) {
                if (text.length() <= 18) {
                    return Long.parseLong(text);
                }
                BigDecimal big = new BigDecimal(text);
                try {
                    return big.longValueExact();
                } catch (ArithmeticException e) {
                    return big;
                }
            }
            if (text.length() > 1000) {
                throw error("number literal too long");
            }
            double d = Double.parseDouble(text);
            if (Double.isInfinite(d)) {
                throw error("number out of range");
            }
            return d;
        }

        private void digits() {
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                pos++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static String printable(char c) {
            return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
        }
    }

    /** Writes values recursively; the input is built by the program, not parsed, so depth is the caller's. */
    private record JsonWriter(StringBuilder sb, boolean pretty) {
        void value(Object v, int indent) {
            if (v == null) {
                sb.append("null");
            } else if (v instanceof String str) {
                string(str);
            } else if (v instanceof Boolean b) {
                sb.append(b);
            } else if (v instanceof Double || v instanceof Float) {
                double d = ((Number) v).doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new IllegalArgumentException("JSON cannot represent the number " + d);
                }
                sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) + ".0" : Double.toString(d));
            } else if (v instanceof Number n) {
                sb.append(n instanceof BigDecimal bd ? bd.toString() : Long.toString(n.longValue()));
            } else if (v instanceof Map<?, ?> map) {
                object(map, indent);
            } else if (v instanceof List<?> list) {
                array(list, indent);
            } else {
                throw new IllegalArgumentException("JSON cannot represent a " + v.getClass().getName());
            }
        }

        private void object(Map<?, ?> map, int indent) {
            if (map.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey());
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                newline(indent + 1);
                string(key);
                sb.append(pretty ? ": " : ":");
                value(e.getValue(), indent + 1);
            }
            newline(indent);
            sb.append('}');
        }

        private void array(List<?> list, int indent) {
            if (list.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                newline(indent + 1);
                value(list.get(i), indent + 1);
            }
            newline(indent);
            sb.append(']');
        }

        private void newline(int indent) {
            if (pretty) {
                sb.append('\n');
                sb.append("  ".repeat(indent));
            }
        }

        private void string(String str) {
            sb.append('"');
            for (int i = 0; i < str.length(); i++) {
                char c = str.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    case '\b' -> sb.append("\\b");
                    case '\f' -> sb.append("\\f");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }
    }
}
