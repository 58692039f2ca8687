package dev.latent.nn;

import dev.latent.nn.io.SafeTensors;
import dev.latent.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Reads the PyTorch fixtures (nn/src/test/python/make_fixtures.py) and compares tensors against them. */
public final class Fixtures {
    /** The tolerance the fixtures are checked with. */
    public static final float RTOL = 1e-5f;
    /**
     * Absolute floor for values near zero, where a relative tolerance means nothing: float32 sums of a few dozen
     * terms that cancel to ~1e-3 carry absolute rounding errors of ~1e-7.
     */
    public static final float ATOL = 1e-6f;

    private static final Map<String, StateDict> CACHE = new ConcurrentHashMap<>();

    private Fixtures() {
    }

    /** The fixture file {@code name} from the test resources. */
    public static StateDict load(String name) {
        return CACHE.computeIfAbsent(name, n -> {
            try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + n)) {
                assertNotNull(in, "missing fixture " + n + ": run /usr/bin/python3 nn/src/test/python/make_fixtures.py");
                return SafeTensors.read(in.readAllBytes(), n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The case names of a fixture: every distinct prefix before {@code marker} (e.g. ".input"). */
    public static TreeSet<String> cases(StateDict fixture, String marker) {
        TreeSet<String> out = new TreeSet<>();
        for (String name : fixture.names()) {
            if (name.endsWith(marker)) {
                out.add(name.substring(0, name.length() - marker.length()));
            }
        }
        return out;
    }

    /** Asserts {@code actual} matches {@code expected} within {@link #RTOL} relative and {@link #ATOL} absolute. */
    public static void assertClose(Tensor expected, Tensor actual, String what) {
        assertClose(expected, actual, RTOL, ATOL, what);
    }

    /** Asserts closeness with explicit tolerances (callers say why they differ from the defaults). */
    public static void assertClose(Tensor expected, Tensor actual, float rtol, float atol, String what) {
        assertNotNull(actual, what + ": no value");
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        String mismatch = actual.mismatch(expected, rtol, atol);
        assertNull(mismatch, () -> what + ": " + mismatch);
    }
}
