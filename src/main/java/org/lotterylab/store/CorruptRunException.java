package org.lotterylab.store;

import java.nio.file.Path;

/**
 * A run directory is partial in a way a resume cannot repair, or invalid: missing or edited
 * {@code config.json}, truncated CSV, missing level files, a file that does not match its
 * checksum, an unreadable {@code provenance.json}. The store never overwrites such a
 * directory; the message names it, what is wrong and the fix.
 */
public class CorruptRunException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final transient Path dir;

    CorruptRunException(Path dir, String problem, String fix) {
        super("run directory " + dir + " is corrupt: " + problem + "; " + fix);
        this.dir = dir;
    }

    /** The run directory. */
    public Path dir() {
        return dir;
    }

    /** The standard fix: inspect, then delete the directory so the run is recomputed. */
    static String defaultFix(Path dir) {
        return "inspect it with `./lab runs --verify`, then delete " + dir + " to recompute the run";
    }
}
