package org.lotterylab.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

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

    /** This library's version from its jar manifest, or {@code "dev (classes, not a jar)"}. */
    public static String libraryVersion() {
        String v = Project.class.getPackage().getImplementationVersion();
        return v == null ? "dev (classes, not a jar)" : v;
    }

    private static volatile String commit;
    private static volatile boolean commitLooked;

    /**
     * {@code git rev-parse HEAD} in the project folder, looked up once per process; null outside
     * a git clone, without git, or when no project folder is found.
     */
    public static String gitCommit() {
        if (!commitLooked) {
            synchronized (Project.class) {
                if (!commitLooked) {
                    Path root = root().orElse(null);
                    List<String> head = root == null ? null : git(root, "rev-parse", "HEAD");
                    commit = head != null && head.size() == 1 && head.get(0).matches("[0-9a-f]{40}") ? head.get(0) : null;
                    commitLooked = true;
                }
            }
        }
        return commit;
    }

    /**
     * The non-blank output lines of {@code git args} run in {@code dir}, or null when git fails,
     * is missing or takes over 10 s.
     */
    public static List<String> git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (!line.isBlank()) {
                        lines.add(line.strip());
                    }
                }
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? lines : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
