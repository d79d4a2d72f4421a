package org.lotterylab.notebook;

import java.util.Optional;

/**
 * The notebook cell that is running, when this JVM is a notebook kernel: output that updates in
 * place. Outside a kernel (the CLI, tests, a plain JVM) there is none, and callers fall back to
 * plain lines.
 */
public final class Cell {
    /** The kernel's main class (rapaio-jupyter-kernel), which our kernelspec starts. */
    static final String KERNEL_MAIN = "org.rapaio.jupyter.kernel.MainApp";

    private static volatile Boolean inKernel;

    private Cell() {
    }

    /**
     * Whether this JVM is the rapaio notebook kernel: its main class is the kernel's and the
     * kernel object exists. Decided once, by the launch command rather than by loading the
     * kernel's classes, because initialising them in another JVM would start a kernel.
     */
    public static boolean inKernel() {
        Boolean k = inKernel;
        if (k == null) {
            String command = System.getProperty("sun.java.command", "");
            k = (command.equals(KERNEL_MAIN) || command.startsWith(KERNEL_MAIN + " ")) && KernelChannel.available();
            inKernel = k;
        }
        return k;
    }

    /**
     * A new line of text in the output of the cell running now, which each
     * {@link LiveLine#show} replaces; empty outside a kernel. The line appears with its first
     * {@code show}. Shows after the cell ended are dropped (the kernel has no cell to send them
     * to).
     */
    public static Optional<LiveLine> liveLine() {
        return inKernel() ? Optional.of(KernelChannel.newLine()) : Optional.empty();
    }

    /** One line of a cell's output that is replaced in place. */
    @FunctionalInterface
    public interface LiveLine {
        /** Replaces the line's text (shown preformatted); thread-safe. */
        void show(String text);
    }
}
