package dev.latent.kernels;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Buffer reuse, so that steady-state training allocates little. Two kinds:
 *
 * <ul>
 *   <li>Per-thread scratch arrays (im2col columns, gathered tiles, partial sums) that kernels borrow and give back
 *       ({@link #take}, {@link #give}). A borrowed array is the caller's until it is given back, so nested kernels on
 *       one thread never share one; its contents are arbitrary.
 *   <li>Op results created inside a {@link #recycleResults() recycling scope} ({@link #result}): the autodiff engine
 *       opens one around each backward pass, and every array handed out in it (the intermediate gradients) is kept
 *       when the scope closes and handed out again by the next scope on the same thread. Results are zero-filled
 *       like a new array, so reuse never changes a value; ops that write every element ask for
 *       {@link #resultToOverwrite} and skip the fill.
 * </ul>
 *
 * <pre>{@code
 * float[] col = Workspace.take(n);
 * try {
 *     ...
 * } finally {
 *     Workspace.give(col);
 * }
 * }</pre>
 *
 * <p>Reuse can be switched off (every request then allocates a new array), to check that it changes no result or
 * to compare allocation: with the system property {@code -Dlatent.reuse=false} or {@link #setReuse(boolean)}.
 */
public final class Workspace {
    /** Arrays kept per thread; beyond this the smallest free one is dropped. */
    private static final int MAX_KEPT = 8;
    private static final ThreadLocal<ArrayList<float[]>> FREE = ThreadLocal.withInitial(ArrayList::new);
    private static final ThreadLocal<Recycler> RECYCLER = ThreadLocal.withInitial(Recycler::new);
    private static volatile boolean reuse = !"false".equalsIgnoreCase(System.getProperty("latent.reuse", "true"));

    private Workspace() {
    }

    /** Whether buffers are reused (the default; {@code -Dlatent.reuse=false} turns it off). */
    public static boolean reuseEnabled() {
        return reuse;
    }

    /**
     * Turns buffer reuse on or off for every thread. Arrays already borrowed stay valid; with reuse off, nothing is
     * kept for later.
     */
    public static void setReuse(boolean enabled) {
        reuse = enabled;
    }

    /** An array of at least {@code size} floats with arbitrary contents; give it back with {@link #give}. */
    public static float[] take(int size) {
        if (!reuse) {
            return new float[size];
        }
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
        if (!reuse) {
            return;
        }
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

    /**
     * A zero-filled array of exactly {@code size} floats for an op's result. Inside a {@link #recycleResults()}
     * scope on this thread it may be an array handed out by the previous scope; otherwise it is new.
     */
    public static float[] result(int size) {
        Recycler r = RECYCLER.get();
        return r.depth > 0 && reuse ? r.lend(size, true) : new float[size];
    }

    /**
     * Like {@link #result}, for an op that writes every element of its result: a recycled array keeps its old
     * contents instead of being zero-filled first (the fill showed as 5-10% of a conv AE training step).
     */
    public static float[] resultToOverwrite(int size) {
        Recycler r = RECYCLER.get();
        return r.depth > 0 && reuse ? r.lend(size, false) : new float[size];
    }

    /**
     * Opens a recycling scope on this thread (scopes nest; the outermost one counts). Every array that
     * {@link #result} hands out until it closes must be dead by then: it is handed out again by the next scope.
     */
    public static Scope recycleResults() {
        RECYCLER.get().depth++;
        return SCOPE;
    }

    /** A recycling scope; closing it makes the arrays handed out in it available to the next scope. */
    public static final class Scope implements AutoCloseable {
        private Scope() {
        }

        @Override
        public void close() {
            Recycler r = RECYCLER.get();
            if (r.depth <= 0) {
                throw new IllegalStateException("Workspace.Scope closed more often than opened on this thread");
            }
            if (--r.depth == 0) {
                r.recycle();
            }
        }
    }

    private static final Scope SCOPE = new Scope();

    /**
     * One thread's result arrays: those lent in the open scope, and those of the previous scope (by size) that the
     * open one may lend again. Keeping only the previous scope's arrays bounds the memory to one backward pass.
     */
    private static final class Recycler {
        private final HashMap<Integer, ArrayDeque<float[]>> free = new HashMap<>();
        private final ArrayList<float[]> lent = new ArrayList<>();
        private int depth;

        float[] lend(int size, boolean zero) {
            ArrayDeque<float[]> same = free.get(size);
            float[] a = same == null ? null : same.poll();
            if (a == null) {
                a = new float[size];
            } else if (zero) {
                Arrays.fill(a, 0f);
            }
            lent.add(a);
            return a;
        }

        void recycle() {
            free.clear();
            if (reuse) {
                for (float[] a : lent) {
                    free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).add(a);
                }
            }
            lent.clear();
        }
    }
}
