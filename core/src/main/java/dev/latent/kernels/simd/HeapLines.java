package dev.latent.kernels.simd;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Where a large heap {@code float[]}'s elements fall on 64-byte cache lines, as far as Java can tell.
 *
 * <p>Java shows no array's address. But HotSpot's G1 collector puts an array of half a heap region or more (a
 * "humongous" object: 0.5-16 MB, depending on the heap) at the start of a region, and its elements begin one
 * header past that: 16 bytes with the default compressed class pointers, 12 with compact object headers. So for
 * such an array element {@code i} starts a line when {@code (i + 4) % 16 == 0} (or {@code (i + 3) % 16}). Big
 * operands that stream from L3, where a load spanning two lines costs the most, are such arrays. Kernels use this
 * only to choose where their loads start, never what they sum: a wrong guess costs speed, not bits. The VM is asked
 * once, when a kernel first needs the answer (about 15 ms, no threads started).
 */
final class HeapLines {
    /** Floats per 64-byte cache line. */
    static final int LINE_FLOATS = 16;
    /** Bytes from which a float[] is humongous, or {@link Long#MAX_VALUE} when not known (another collector). */
    private static final long HUMONGOUS_BYTES;
    /** Floats from a humongous array's start to its element 0. */
    private static final int DATA_OFFSET_FLOATS;

    static {
        long humongous = Long.MAX_VALUE;
        int header = 16;
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (flag(vm, "UseG1GC") && (flag(vm, "UseCompressedClassPointers") || flag(vm, "UseCompactObjectHeaders"))) {
                humongous = Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue()) / 2;
                header = flag(vm, "UseCompactObjectHeaders") ? 12 : 16;
            }
        } catch (RuntimeException | LinkageError e) {
            // no jdk.management or another VM: make no guess
        }
        HUMONGOUS_BYTES = humongous;
        DATA_OFFSET_FLOATS = header / Float.BYTES;
    }

    private HeapLines() {
    }

    private static boolean flag(HotSpotDiagnosticMXBean vm, String name) {
        try {
            return Boolean.parseBoolean(vm.getVMOption(name).getValue());
        } catch (IllegalArgumentException e) {
            return false; // a flag this VM does not have
        }
    }

    /**
     * Whether {@link #toLineStart} knows where {@code a}'s lines fall: {@code a} is a humongous G1 object (larger
     * than half a region, counting the smaller of the two headers, so never yes for an array that is not).
     */
    static boolean knows(float[] a) {
        return (long) a.length * Float.BYTES + 12 > HUMONGOUS_BYTES;
    }

    /** Elements from index {@code i} of a humongous array to the first index at or after it that starts a line. */
    static int toLineStart(int i) {
        return Math.floorMod(-(DATA_OFFSET_FLOATS + i), LINE_FLOATS);
    }
}
