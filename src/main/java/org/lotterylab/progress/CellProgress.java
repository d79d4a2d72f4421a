package org.lotterylab.progress;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.lotterylab.notebook.Cell;
import org.lotterylab.plot.Figures;

/**
 * {@link Progress#standard()} in a notebook kernel: a status is one line of the running cell's
 * output, replaced in place ({@link Cell#liveLine()}); lines go to the cell's stdout and
 * warnings to its stderr (the kernel routes {@code System.out} and {@code System.err} to the
 * cell that runs). In a headless run ({@code LAB_NOTEBOOK} set) statuses are also logged to the
 * kernel JVM's file descriptor 2, which {@code ./lab figures} keeps as the notebook's kernel log,
 * so a long run can be followed there; the saved notebook keeps only each status's last state.
 */
final class CellProgress implements Progress {
    static final CellProgress INSTANCE = new CellProgress(System.getenv(Figures.NOTEBOOK_ENV) != null);

    /** The JVM's own stderr, not the cell's (which {@code System.err} is while a cell runs). */
    private static final PrintStream LOG = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

    private final boolean headless;

    private CellProgress(boolean headless) {
        this.headless = headless;
    }

    @Override
    public void line(String text) {
        System.out.println(text);
    }

    @Override
    public void warning(String text) {
        System.err.println(text);
    }

    @Override
    public Status status() {
        Cell.LiveLine line = Cell.liveLine().orElseThrow();
        return new Throttle(text -> {
            line.show(text);
            if (headless) {
                LOG.println(text);
            }
        }, STATUS_INTERVAL_NANOS, System::nanoTime);
    }
}
