package org.lotterylab.experiment;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How much work a notebook or experiment does.
 *
 * <p>{@link #FAST} is for tests and CI: every notebook must finish in minutes while still
 * running every code path. {@link #FULL} is for the paper figures. Notebooks scale their
 * seeds, pruning levels and sweep sizes with {@link #pick(int, int)} so that one code path
 * serves both.
 */
public enum Profile {
    /** Small sizes: every code path runs, numbers are not meant to be read. */
    FAST,
    /** The sizes the paper's figures are made with. */
    FULL;

    /** Environment variable read by {@link #current()}; {@code ./lab} sets it. */
    public static final String ENV = "LAB_PROFILE";
    /** System property read by {@link #current()}; it wins over {@link #ENV}. */
    public static final String PROPERTY = "lab.profile";

    /**
     * The profile of this process: system property {@value #PROPERTY} if set and non-blank,
     * else environment variable {@value #ENV} if set and non-blank, else {@link #FULL}.
     *
     * @throws IllegalArgumentException if the value set names no profile
     */
    public static Profile current() {
        String fromProperty = System.getProperty(PROPERTY);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return parse(fromProperty, "system property " + PROPERTY);
        }
        String fromEnv = System.getenv(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return parse(fromEnv, "environment variable " + ENV);
        }
        return FULL;
    }

    /**
     * Parses a profile name, ignoring case and surrounding blanks ({@code "fast"},
     * {@code " FULL "}).
     *
     * @throws IllegalArgumentException if {@code name} is null or names no profile
     */
    public static Profile parse(String name) {
        return parse(name, "profile name");
    }

    private static Profile parse(String name, String source) {
        if (name != null) {
            String wanted = name.trim().toUpperCase(Locale.ROOT);
            for (Profile p : values()) {
                if (p.name().equals(wanted)) {
                    return p;
                }
            }
        }
        String allowed = Arrays.stream(values())
                .map(p -> p.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        throw new IllegalArgumentException(
                "Unknown " + source + " value '" + name + "': use one of " + allowed + ".");
    }

    /** {@code fast} under {@link #FAST}, {@code full} under {@link #FULL}. */
    public int pick(int fast, int full) {
        return this == FAST ? fast : full;
    }

    /** {@code fast} under {@link #FAST}, {@code full} under {@link #FULL}. */
    public long pick(long fast, long full) {
        return this == FAST ? fast : full;
    }

    /** {@code fast} under {@link #FAST}, {@code full} under {@link #FULL}. */
    public double pick(double fast, double full) {
        return this == FAST ? fast : full;
    }

    /**
     * {@code fast} under {@link #FAST}, {@code full} under {@link #FULL}; either may be null
     * and is then returned as is.
     */
    public <T> T pick(T fast, T full) {
        return this == FAST ? fast : full;
    }

    /**
     * One line for a notebook's first cell: which profile is in force and how to choose the
     * other, e.g. {@code "profile full (LAB_PROFILE=fast for a quick pass)"} or
     * {@code "profile fast (LAB_PROFILE=full for the paper's sizes)"}.
     */
    public String description() {
        return this == FULL
                ? "profile full (" + ENV + "=fast for a quick pass)"
                : "profile fast (" + ENV + "=full for the paper's sizes)";
    }

    /** The lower-case name, as written in {@value #ENV}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
