package dev.latent.kernels;

import java.lang.invoke.MethodHandles;

/**
 * Decides once, at class initialisation, whether the Vector API kernels can run, in the manner of Apache Lucene's
 * vectorization provider: the {@code jdk.incubator.vector} classes are loaded only when that module is in the boot
 * layer (the JVM was started with {@value #FLAG}). Otherwise every kernel runs its scalar loop and one warning names
 * the flag.
 *
 * <p>The system property {@code latent.simd=false} turns the vector path off on purpose (to compare the two paths).
 */
public final class VectorSupport {
    /** The JVM flag that enables the SIMD kernels. */
    public static final String FLAG = "--add-modules jdk.incubator.vector";

    private static final System.Logger LOG = System.getLogger("dev.latent");
    private static final VectorKernels KERNELS = load();

    private VectorSupport() {
    }

    /** Whether the Vector API kernels are in use. */
    public static boolean enabled() {
        return KERNELS != null;
    }

    /** The vector kernels; only call when {@link #enabled()}. */
    public static VectorKernels kernels() {
        return KERNELS;
    }

    /** A one-line description of the active path, for logs and benchmark reports. */
    public static String describe() {
        return enabled() ? "SIMD (Vector API, " + KERNELS.floatLanes() + " float lanes, " + KERNELS.vectorRegisters()
                + " vector registers" + (KERNELS.vectorGathers() ? ")" : ", scalar gathers)")
                : "scalar (start the JVM with " + FLAG + " for SIMD)";
    }

    private static VectorKernels load() {
        if ("false".equalsIgnoreCase(System.getProperty("latent.simd"))) {
            return null;
        }
        var module = ModuleLayer.boot().findModule("jdk.incubator.vector");
        if (module.isEmpty() || !VectorSupport.class.getModule().canRead(module.get())) {
            LOG.log(System.Logger.Level.WARNING, "Latent runs its scalar kernels: the Java Vector API is not enabled."
                    + " Start the JVM with " + FLAG + " for the SIMD kernels.");
            return null;
        }
        try {
            Class<?> impl = Class.forName("dev.latent.kernels.simd.PanamaVectorKernels", true,
                    VectorSupport.class.getClassLoader());
            return (VectorKernels) MethodHandles.lookup().findConstructor(impl,
                    java.lang.invoke.MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, "Latent could not load its SIMD kernels; running scalar kernels", e);
            return null;
        }
    }
}
