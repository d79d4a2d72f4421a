package org.lotterylab.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.lotterylab.experiment.ConfigException;
import org.lotterylab.store.RunStatus;
import org.lotterylab.store.RunStore;
import org.lotterylab.store.StoredRun;
import org.lotterylab.io.AtomicDirs;
import org.lotterylab.io.AtomicFiles;

/**
 * Copies the runs of another store into this one ({@code ./lab runs merge OTHER}).
 *
 * <p>Every run of the other store is first verified in full against its checksums
 * ({@code ./lab runs --verify}'s check). Then, run by run:
 * <ul>
 *   <li>a complete run missing here is copied into a hidden temp folder of this store, every
 *       copied file compared with its source by SHA-256, and renamed into place: readers see all
 *       of it or nothing, and an interrupted merge leaves only a temp folder that listing skips;</li>
 *   <li>a complete run here with the same results ({@link RunContent}: all but wall times and
 *       provenance) is left as it is;</li>
 *   <li>a run here with the same hash and different results is <b>refused</b>, and so is any run
 *       whose copy here is partial or corrupt: nothing here is ever overwritten or deleted;</li>
 *   <li>a run that fails verification there is refused; a partial run there is skipped (finish
 *       it there, or let a sweep here compute it).</li>
 * </ul>
 */
public final class Merge {

    /** What happened to one run of the other store. */
    public enum Outcome {
        COPIED, SAME, REFUSED, SKIPPED
    }

    /**
     * One run's outcome.
     *
     * @param hash    the run's hash
     * @param outcome what was done
     * @param reason  why, for refused and skipped runs; else null
     */
    public record Result(String hash, Outcome outcome, String reason) {
    }

    private Merge() {
    }

    /**
     * Merges the runs of {@code from} into {@code into}.
     *
     * @throws ConfigException if {@code from} is not a folder or is this store
     */
    public static List<Result> merge(Path from, RunStore into) {
        Path src = from.toAbsolutePath().normalize();
        if (!Files.isDirectory(src)) {
            throw new ConfigException("merge: " + from + " is not a folder; give the other store's folder (the one"
                    + " holding the run directories, e.g. /mnt/cluster/lotterylab/runs)");
        }
        if (src.equals(into.root())) {
            throw new ConfigException("merge: " + from + " is this store itself; give another store's folder, or"
                    + " --store for the store to merge into");
        }
        List<Result> out = new ArrayList<>();
        for (StoredRun r : RunStore.at(src).list(true)) {
            out.add(one(r, into));
        }
        return out;
    }

    private static Result one(StoredRun r, RunStore into) {
        String h = r.hash();
        if (r.status() == RunStatus.CORRUPT) {
            return new Result(h, Outcome.REFUSED, "fails verification there: " + r.problem());
        }
        if (r.status() == RunStatus.PARTIAL) {
            return new Result(h, Outcome.SKIPPED, "partial there (" + r.levelCount() + " levels): finish it there, or"
                    + " run the sweep here");
        }
        Path target = into.root().resolve(h);
        if (!Files.exists(target)) {
            Path tmp = copy(r.dir(), target);
            try {
                if (AtomicDirs.publishDir(tmp, target)) {
                    return new Result(h, Outcome.COPIED, null);
                }
                // published meanwhile by someone else (publishDir removed ours): compare with theirs below
            } catch (UncheckedIOException e) {
                AtomicDirs.deleteTree(tmp);
                throw e;
            }
        }
        return compare(r, into.get(h));
    }

    /** A complete run there against the run of the same hash here. */
    private static Result compare(StoredRun there, StoredRun here) {
        String h = there.hash();
        if (here.status() == RunStatus.CORRUPT) {
            return new Result(h, Outcome.REFUSED, "the run here is corrupt (" + here.problem() + "); it is left as it"
                    + " is: delete " + here.dir() + " and merge again to take the copy there");
        }
        if (here.status() == RunStatus.PARTIAL) {
            return new Result(h, Outcome.REFUSED, "the run here is partial (" + here.levelCount() + " levels, perhaps"
                    + " being computed); it is left as it is: let it finish, or delete " + here.dir()
                    + " and merge again to take the complete copy there");
        }
        String diff = RunContent.difference(RunContent.of(here.dir()), RunContent.of(there.dir()), false);
        if (diff == null) {
            return new Result(h, Outcome.SAME, null);
        }
        return new Result(h, Outcome.REFUSED, "same config hash, different results (" + diff + "); " + origin(here)
                + " here, " + origin(there) + " there; kept the run here, nothing overwritten: keep one store's copy"
                + " (delete " + here.dir() + " and merge again to take the other)");
    }

    /** Where a run was computed: numerics, kernel and host of its first session. */
    private static String origin(StoredRun r) {
        var s = r.provenance().path("sessions").path(0);
        return String.format(Locale.ROOT, "numerics %s, kernel %s, host %s", s.path("numerics").asText("?"),
                s.path("kernel").asText("?"), s.path("host").asText("?"));
    }

    /**
     * Copies run directory {@code dir} into a fresh hidden temp folder beside {@code target},
     * leaving out its lock and temp files, and checks every copy against its source by SHA-256.
     */
    private static Path copy(Path dir, Path target) {
        Path tmp = AtomicDirs.tempDirFor(target);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted().toList()) {
                Path rel = dir.relativize(p);
                if (rel.toString().isEmpty() || skipped(rel)) {
                    continue;
                }
                Path to = tmp.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                    if (!RunContent.sha256(p).equals(RunContent.sha256(to))) {
                        throw new IOException("the copy of " + p + " differs from it");
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            AtomicDirs.deleteTree(tmp);
            throw new UncheckedIOException("cannot copy " + dir + " into " + target.getParent() + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
        return tmp;
    }

    /** The lock and leftovers of interrupted writes are not part of a run. */
    private static boolean skipped(Path rel) {
        for (Path part : rel) {
            if (part.toString().startsWith(AtomicFiles.TMP_PREFIX) || part.toString().equals(RunStore.LOCK_FILE)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The report of {@code ./lab runs merge}: one line per refused or skipped run, then the
     * counts. Returns the exit code: 1 when a run was refused, else 0.
     */
    public static int report(List<Result> results, Path from, RunStore into, PrintStream out) {
        Map<Outcome, Long> n = new java.util.EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            n.put(o, results.stream().filter(r -> r.outcome() == o).count());
        }
        for (Result r : results) {
            if (r.reason() != null) {
                out.println(r.hash() + ": " + r.outcome().name().toLowerCase(Locale.ROOT) + ": " + r.reason());
            }
        }
        out.printf(Locale.ROOT, "merged %s into %s: %d runs there, %d copied, %d already here with the same results,"
                        + " %d refused, %d skipped (partial)%n", from, into.root(), results.size(), n.get(Outcome.COPIED),
                n.get(Outcome.SAME), n.get(Outcome.REFUSED), n.get(Outcome.SKIPPED));
        return n.get(Outcome.REFUSED) > 0 ? 1 : 0;
    }
}
