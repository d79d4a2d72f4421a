package org.lotterylab.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the LotteryLab project (a clone holding {@code lab} and {@code pom.xml}) is, so the run
 * store ({@code data/runs}) and figures ({@code figures/}) agree on it wherever code runs: a
 * notebook kernel, the command line, a test.
 */
public final class Project {
    /** Environment variable holding the project folder; the kernelspec and {@code ./lab} set it. */
    public static final String HOME_ENV = "LAB_HOME";

    private Project() {
    }

    /**
     * The project folder: {@value #HOME_ENV} when set, else the nearest folder at or above the
     * working directory that holds both {@code lab} and {@code pom.xml}; empty when neither.
     *
     * @throws IllegalStateException if {@value #HOME_ENV} names a folder that is not a project
     */
    public static Optional<Path> root() {
        String home = System.getenv(HOME_ENV);
        if (home != null && !home.isBlank()) {
            Path root = Path.of(home.trim()).toAbsolutePath().normalize();
            if (!isProject(root)) {
                throw new IllegalStateException(HOME_ENV + "=" + home + " is not a LotteryLab clone (no lab and "
                        + "pom.xml there): fix or unset " + HOME_ENV + ", or rerun ./lab setup in your clone.");
            }
            return Optional.of(root);
        }
        return find(Path.of("").toAbsolutePath().normalize());
    }

    /** The nearest folder at or above {@code start} holding both {@code lab} and {@code pom.xml}. */
    public static Optional<Path> find(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (isProject(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static boolean isProject(Path p) {
        return Files.isRegularFile(p.resolve("lab")) && Files.isRegularFile(p.resolve("pom.xml"));
    }
}
