package dev.latent.tensor;

/**
 * Whether operations record the autodiff graph on the current thread. Recording is on by default; a
 * {@link #noGrad()} scope turns it off, for inference and for optimizer updates:
 *
 * <pre>{@code
 * try (var scope = GradMode.noGrad()) {
 *     weight.subInPlace(weight.grad().mul(lr));
 * }
 * }</pre>
 *
 * Scopes nest and restore the previous state when closed. The state is per thread.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    /** Whether the current thread records operations for backward. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Turns recording off until the returned scope is closed. */
    public static Scope noGrad() {
        return set(false);
    }

    /** Turns recording on until the returned scope is closed (inside a no-grad scope, for example). */
    public static Scope enableGrad() {
        return set(true);
    }

    private static Scope set(boolean enabled) {
        boolean[] state = ENABLED.get();
        boolean previous = state[0];
        state[0] = enabled;
        return new Scope(state, previous);
    }

    /** Restores the previous grad mode when closed. Close it on the thread that opened it. */
    public static final class Scope implements AutoCloseable {
        private final boolean[] state;
        private final boolean previous;
        private boolean closed;

        private Scope(boolean[] state, boolean previous) {
            this.state = state;
            this.previous = previous;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                state[0] = previous;
            }
        }
    }
}
