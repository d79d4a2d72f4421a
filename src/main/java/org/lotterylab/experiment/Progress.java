package org.lotterylab.experiment;

/**
 * Where progress lines of long work go (levels done, runs done, time left). The CLI prints
 * them to stderr; tests and notebooks may collect or drop them. Must be thread-safe: a parallel
 * sweep reports from several threads.
 */
@FunctionalInterface
public interface Progress {

    /** Receives one line, without a trailing newline. */
    void line(String text);

    /** Prints each line to stderr. */
    static Progress stderr() {
        return text -> {
            synchronized (System.err) {
                System.err.println(text);
            }
        };
    }

    /** Drops every line. */
    static Progress none() {
        return text -> { };
    }

    /** A short duration such as {@code 42 s}, {@code 3.5 min} or {@code 2.1 h}. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        if (seconds < 120) {
            return String.format(java.util.Locale.ROOT, "%.1f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(java.util.Locale.ROOT, "%.1f min", seconds / 60);
        }
        return String.format(java.util.Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
