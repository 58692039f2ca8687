package dev.latent.kernels;

import java.util.ArrayList;

/**
 * Per-thread scratch arrays (im2col columns, gathered tiles, partial sums) that kernels borrow and give back, so
 * that steady-state training allocates none. A borrowed array is the caller's until it is given back, so nested
 * kernels on one thread never share one; its contents are arbitrary.
 *
 * <pre>{@code
 * float[] col = Workspace.take(n);
 * try {
 *     ...
 * } finally {
 *     Workspace.give(col);
 * }
 * }</pre>
 */
public final class Workspace {
    /** Arrays kept per thread; beyond this the smallest free one is dropped. */
    private static final int MAX_KEPT = 8;
    private static final ThreadLocal<ArrayList<float[]>> FREE = ThreadLocal.withInitial(ArrayList::new);

    private Workspace() {
    }

    /** An array of at least {@code size} floats with arbitrary contents; give it back with {@link #give}. */
    public static float[] take(int size) {
        ArrayList<float[]> free = FREE.get();
        int best = -1;
        for (int i = 0; i < free.size(); i++) {
            int len = free.get(i).length;
            if (len >= size && (best < 0 || len < free.get(best).length)) {
                best = i;
            }
        }
        if (best >= 0) {
            return free.remove(best);
        }
        if (free.size() >= MAX_KEPT) {
            free.remove(smallest(free)); // this request replaces a buffer too small to serve it
        }
        return new float[size];
    }

    /** Returns an array obtained from {@link #take} on this thread. */
    public static void give(float[] array) {
        ArrayList<float[]> free = FREE.get();
        if (free.size() >= MAX_KEPT) {
            int s = smallest(free);
            if (free.get(s).length >= array.length) {
                return;
            }
            free.remove(s);
        }
        free.add(array);
    }

    private static int smallest(ArrayList<float[]> free) {
        int s = 0;
        for (int i = 1; i < free.size(); i++) {
            if (free.get(i).length < free.get(s).length) {
                s = i;
            }
        }
        return s;
    }
}
