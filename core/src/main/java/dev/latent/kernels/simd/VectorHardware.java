package dev.latent.kernels.simd;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;

/**
 * What the vector hardware underneath can do, as far as the kernels must plan for it. The Vector API runs every
 * operation everywhere, but C2 compiles some to single instructions only on some instruction sets (elsewhere they
 * run as slow Java code that allocates an object per vector), and the register-blocked kernels assume a register
 * file. The API says neither, so this reads HotSpot's options: {@code UseAVX} on x86 (3 is AVX-512) and {@code
 * UseSVE} on ARM (0 is NEON only).
 * <ul>
 *   <li>Registers: an x86 core without AVX-512 has 16 vector registers; AVX-512 and ARM have 32. A block of 24
 *       accumulators fits in 32, but in 16 C2 spills most of them and every multiply-add then loads and stores its
 *       accumulator: under {@code -XX:UseAVX=2} on the development machine the 6 x 4-vector GEMM ran 1024 x 1024 at
 *       15 GFLOPS, against 43-50 with the same 8 lanes and 32 registers ({@code -XX:MaxVectorSize=32}).</li>
 *   <li>Scatters: AVX-512 and SVE have them. AVX2 has none: a vector scatter took 4.8-6.0 ns per element there,
 *       against 0.85-1.0 with AVX-512.</li>
 *   <li>Gathers: AVX2 (unmasked, 0.7-1.3 ns per element), AVX-512 and SVE have them; NEON (Apple's cores, for
 *       one) has none, and there the kernels gather with scalar loads.</li>
 * </ul>
 * Where an option cannot be read (another JVM), x86 is taken to have AVX2 when its vectors are 8 floats wide, and
 * other architectures to have neither gathers nor scatters. {@code -Dlatent.simd.gathers=false} makes the kernels
 * gather and scatter with scalar code anyway, as on NEON (the build tests that path this way).
 */
final class VectorHardware {
    private static final String ARCH = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    private static final boolean X86 = ARCH.equals("amd64") || ARCH.equals("x86_64") || ARCH.equals("x86")
            || ARCH.equals("i386");
    private static final int USE_AVX = option("UseAVX");
    private static final int USE_SVE = option("UseSVE");
    private static final boolean FORCE_SCALAR_GATHERS =
            "false".equalsIgnoreCase(System.getProperty("latent.simd.gathers"));

    /** Whether the kernels must fit their live vectors in 16 registers: x86 without AVX-512. */
    static final boolean SIXTEEN_REGISTERS = X86 && (USE_AVX >= 0 ? USE_AVX < 3
            : FloatVector.SPECIES_PREFERRED.length() <= 8);
    /** Whether a vector scatter is one instruction: AVX-512 or SVE. */
    static final boolean SCATTERS = !FORCE_SCALAR_GATHERS && (X86 ? !SIXTEEN_REGISTERS : USE_SVE > 0);
    /** Whether an unmasked vector gather is one instruction: AVX2 and up, or SVE. */
    static final boolean GATHERS = !FORCE_SCALAR_GATHERS && (X86 ? USE_AVX < 0 || USE_AVX >= 2 : USE_SVE > 0);

    private VectorHardware() {
    }

    /** A HotSpot option's integer value, or -1 where there is no such option or it cannot be read. */
    private static int option(String name) {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return Integer.parseInt(vm.getVMOption(name).getValue());
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }
}
