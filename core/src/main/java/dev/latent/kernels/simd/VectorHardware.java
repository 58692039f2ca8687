package dev.latent.kernels.simd;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;

/**
 * What the vector hardware underneath can do, as far as the kernels must plan for it. The Vector API runs every
 * operation everywhere, but C2 compiles some to single instructions only on some instruction sets (elsewhere they
 * run as slow Java code), and the register-blocked kernels assume a register file. An x86 core without AVX-512
 * (AVX2, AVX or SSE) has:
 * <ul>
 *   <li>16 vector registers, against 32 with AVX-512 or on ARM. A block of 24 accumulators fits in 32, but in 16
 *       C2 spills most of them and every multiply-add then loads and stores its accumulator: under {@code
 *       -XX:UseAVX=2} on the development machine, the 6 x 4-vector GEMM ran 1024 x 1024 at 15 GFLOPS, against 43-50
 *       with the same 8 lanes and 32 registers ({@code -XX:MaxVectorSize=32}), and below the scalar path;</li>
 *   <li>no scatter instruction: a vector scatter took 4.8-6.0 ns per element there, against 0.85-1.0 with
 *       AVX-512.</li>
 * </ul>
 * The Vector API does not say which it is, so this reads HotSpot's {@code UseAVX} option (3 means AVX-512), and
 * where that cannot be read takes 8-lane vectors on x86 to mean AVX2.
 */
final class VectorHardware {
    /** Whether this is an x86 core without AVX-512: 16 vector registers and no vector scatter. */
    static final boolean AVX2 = avx2(System.getProperty("os.arch", ""), useAvx(),
            FloatVector.SPECIES_PREFERRED.length());

    private VectorHardware() {
    }

    /**
     * Whether {@code os.arch} {@code arch} with HotSpot's {@code UseAVX} level ({@code -1} if unknown) and vectors of
     * {@code lanes} floats is an x86 core without AVX-512.
     */
    static boolean avx2(String arch, int useAvx, int lanes) {
        String a = arch.toLowerCase(Locale.ROOT);
        boolean x86 = a.equals("amd64") || a.equals("x86_64") || a.equals("x86") || a.equals("i386");
        if (!x86) {
            return false;
        }
        return useAvx >= 0 ? useAvx < 3 : lanes <= 8;
    }

    /** HotSpot's {@code UseAVX} option, or -1 where there is no such option or it cannot be read. */
    private static int useAvx() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return Integer.parseInt(vm.getVMOption("UseAVX").getValue());
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }
}
