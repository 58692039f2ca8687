package dev.latent.nn.io;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {
    @Test
    void parsesEveryValueKind() {
        Map<String, Object> m = Json.parseObject(" {\"a\": [1, -2.5, 3e2, true, false, null], \"b\": {\"c\": \"x\\u00e9\\n\\\"\"},"
                + " \"big\": 123456789012345678901234567890, \"max\": 9223372036854775807} ");
        assertEquals(List.of(1L, -2.5, 300.0, true, false), ((List<?>) m.get("a")).subList(0, 5));
        assertNull(((List<?>) m.get("a")).get(5));
        assertEquals("xé\n\"", ((Map<?, ?>) m.get("b")).get("c"));
        assertEquals(new BigDecimal("123456789012345678901234567890"), m.get("big"));
        assertEquals(Long.MAX_VALUE, m.get("max"));
        assertEquals("😀", Json.parse("\"\\ud83d\\ude00\""));
        assertEquals(List.of(), Json.parse("[]"));
        assertEquals(Map.of(), Json.parse("{ }"));
    }

    @Test
    void rejectsEverythingRfc8259Forbids() {
        String[] bad = {"", " ", "{", "[1,]", "{\"a\":1,}", "[01]", "[1.]", "[.5]", "[1e]", "[+1]", "[-]",
            "{'a':1}", "{\"a\" 1}", "{a:1}", "[1] x", "[1][2]", "\"abc", "\"a\u0001\"", "\"\\x\"", "\"\\u12\"",
            "\"\\ud800\"", "\"\\udc00x\"", "tru", "nul", "[NaN]", "[Infinity]", "// c\n1", "{\"a\":1,\"a\":2}",
            "[1e999]", "\u00a0[1]"};
        for (String s : bad) {
            assertThrows(JsonException.class, () -> Json.parse(s), () -> "accepted: " + s);
        }
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\"a\": [1, 2,, 3]}"));
        assertTrue(e.getMessage().contains("offset 12"), e.getMessage());
        assertEquals(12, e.offset());
        JsonException dup = assertThrows(JsonException.class, () -> Json.parse("{\"k\":1, \"k\":2}"));
        assertTrue(dup.getMessage().contains("duplicate key \"k\""), dup.getMessage());
    }

    @Test
    void enforcesDepthAndLengthLimits() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("deeper than the limit of 64"), e.getMessage());
        assertEquals(List.of(List.of()), Json.parse("[[]]", 2, 10));
        assertThrows(JsonException.class, () -> Json.parse("[[[]]]", 2, 10));
        assertThrows(JsonException.class, () -> Json.parse("[1, 2, 3, 4]", 64, 5));
    }

    @Test
    void writesWhatItReads() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "tab\there \"quoted\" \\ \u0001");
        m.put("n", 42L);
        m.put("x", 0.1);
        m.put("whole", 3.0);
        m.put("tiny", 1e-20);
        m.put("list", List.of(true, "s", List.of()));
        m.put("nothing", null);
        m.put("empty", Map.of());
        String compact = Json.write(m);
        assertEquals(m, Json.parse(compact));
        assertEquals(m, Json.parse(Json.writePretty(m)));
        assertTrue(Json.writePretty(m).contains("\n  \"n\": 42"), Json.writePretty(m));
        assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, 2)));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }
}
