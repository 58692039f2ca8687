package dev.latent.examples.run;

import dev.latent.kernels.Parallel;
import dev.latent.kernels.VectorSupport;
import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The versions a run reports: Latent's (from the build), the JVM's, and which kernels are active. */
public final class Versions implements IVersionProvider {
    /** Creates the provider (picocli instantiates it for {@code --version}). */
    public Versions() {
    }

    /** Latent's version as the build stamped it, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String latent() {
        try (InputStream in = Versions.class.getResourceAsStream("/dev/latent/examples/latent-examples.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read latent-examples.properties", e);
        }
    }

    /** Latent, Java and kernel versions as a JSON-ready map. */
    public static Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("latent", latent());
        m.put("java", Runtime.version().toString());
        m.put("vm", System.getProperty("java.vm.name"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("kernels", VectorSupport.enabled() ? "simd" : "scalar");
        m.put("threads", Parallel.threads());
        return m;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"Latent " + latent(), "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name")
                + ")", "kernels: " + VectorSupport.describe()};
    }
}
