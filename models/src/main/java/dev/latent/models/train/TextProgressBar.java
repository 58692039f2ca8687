package dev.latent.models.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar per epoch with the running loss and images/s, redrawn in place on an interactive
 * terminal; elsewhere (logs, CI) it prints one summary line per epoch only.
 */
public final class TextProgressBar implements TrainingListener {
    private static final int WIDTH = 28;

    private final PrintStream out;
    private final boolean interactive;
    private long lastDraw;

    /**
     * A bar on standard error, redrawn in place when the JVM runs in a terminal (since JDK 22 {@code System.console()}
     * is non-null even when output goes to a file or pipe, so ask the console itself).
     */
    public TextProgressBar() {
        this(System.err, System.console() != null && System.console().isTerminal());
    }

    /**
     * @param out         where to draw
     * @param interactive whether to redraw in place (carriage return) after every few batches
     */
    public TextProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int batches, Metrics metrics, double imagesPerSecond) {
        if (!interactive) {
            return;
        }
        long now = System.nanoTime();
        if (batch != batches && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        int filled = batches == 0 ? WIDTH : (int) ((long) WIDTH * batch / batches);
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 && filled < WIDTH ? ">" : filled > 0 ? "=" : "")
                + " ".repeat(WIDTH - filled);
        out.print(String.format(Locale.ROOT, "\repoch %d [%s] %d/%d loss %.5f %,.0f img/s   ", epoch, bar, batch,
                batches, metrics.loss(), imagesPerSecond));
        out.flush();
    }

    @Override
    public void onEpochEnd(EpochRecord r) {
        if (interactive) {
            out.print("\r" + " ".repeat(WIDTH + 60) + "\r");
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %d  train %s", r.epoch(), r.train()));
        if (r.validation() != null) {
            line.append("  val ").append(r.validation());
        }
        line.append(String.format(Locale.ROOT, "  %.1fs  %,.0f img/s", r.seconds(), r.imagesPerSecond()));
        out.println(line);
        out.flush();
    }
}
