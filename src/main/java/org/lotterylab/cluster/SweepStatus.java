package org.lotterylab.cluster;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.store.RunStore;
import org.lotterylab.store.StoredRun;
import org.lotterylab.sweep.Sweep;

/**
 * Where a sweep stands in a store: each run of the sweep done, partial, missing or corrupt,
 * read from the store alone (no scheduler is asked, so it works while a job runs, after it,
 * and without SLURM). With {@code shards > 1} each run also carries the shard that computes it
 * (the rule of {@link Sweep#shard}), so a resubmission can run only {@link #shardsWithWork()}.
 *
 * <p>A run is {@link State#DONE} when complete; {@link State#PARTIAL} when its directory exists
 * but it is not complete (interrupted, or being computed: {@link Entry#running()} when another
 * process holds the run's lock); {@link State#MISSING} without a directory;
 * {@link State#CORRUPT} when the store reports a problem (the run is never recomputed over it).
 */
public final class SweepStatus {

    /** The state of one run of the sweep. */
    public enum State {
        DONE, PARTIAL, MISSING, CORRUPT;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One run of the sweep.
     *
     * @param hash          the config hash
     * @param shard         the shard that computes it, 0 when the sweep is not sharded
     * @param state         its state
     * @param levels        levels stored
     * @param plannedLevels levels of its schedule, level 0 included
     * @param running       whether another process holds its lock (it is being computed)
     * @param problem       what is wrong with a corrupt run, else null
     */
    public record Entry(String hash, int shard, State state, int levels, int plannedLevels, boolean running,
                        String problem) {
    }

    private final List<Entry> entries;
    private final int shards;
    private final Path root;

    private SweepStatus(List<Entry> entries, int shards, Path root) {
        this.entries = List.copyOf(entries);
        this.shards = shards;
        this.root = root;
    }

    /**
     * The status of every run of {@code sweep} in {@code store}, split into {@code shards}
     * shards. Leaves the sweep unsharded.
     *
     * @throws IllegalArgumentException if {@code shards < 1}
     */
    public static SweepStatus of(Sweep sweep, RunStore store, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be >= 1, got " + shards);
        }
        List<Entry> out = new ArrayList<>();
        try {
            for (int k = 0; k < shards; k++) {
                for (ExperimentConfig c : sweep.shard(k, shards).configs()) {
                    out.add(entry(c, k, store));
                }
            }
        } finally {
            sweep.shard(0, 1);
        }
        out.sort(java.util.Comparator.comparing(Entry::hash));
        return new SweepStatus(out, shards, store.root());
    }

    private static Entry entry(ExperimentConfig c, int shard, RunStore store) {
        int planned = c.schedule().totalLevels() + 1;
        Optional<StoredRun> found = store.find(c);
        if (found.isEmpty()) {
            return new Entry(c.hash(), shard, State.MISSING, 0, planned, false, null);
        }
        StoredRun r = found.get();
        return switch (r.status()) {
            case COMPLETE -> new Entry(c.hash(), shard, State.DONE, r.levelCount(), planned, false, null);
            case PARTIAL -> new Entry(c.hash(), shard, State.PARTIAL, r.levelCount(), planned, locked(r.dir()), null);
            case CORRUPT -> new Entry(c.hash(), shard, State.CORRUPT, r.levelCount(), planned, false, r.problem());
        };
    }

    /** Whether another process holds the run's lock file (RunStore computes a run under it). */
    private static boolean locked(Path dir) {
        Path lock = dir.resolve(RunStore.LOCK_FILE);
        if (!Files.exists(lock)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.READ)) {
            FileLock l = ch.tryLock(0, Long.MAX_VALUE, true);
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by this process
        } catch (IOException e) {
            return false;
        }
    }

    /** Every run, in hash order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The number of shards the runs were assigned to. */
    public int shards() {
        return shards;
    }

    /** The number of runs in state {@code s}. */
    public int count(State s) {
        return (int) entries.stream().filter(e -> e.state() == s).count();
    }

    /** The number of runs of shard {@code shard} in state {@code s}. */
    public int count(State s, int shard) {
        return (int) entries.stream().filter(e -> e.shard() == shard && e.state() == s).count();
    }

    /** The number of partial runs being computed right now. */
    public int running() {
        return (int) entries.stream().filter(Entry::running).count();
    }

    /** Whether every run is done. */
    public boolean isDone() {
        return count(State.DONE) == entries.size();
    }

    /**
     * The shards with a partial or missing run, ascending: what a resubmission computes.
     * Shards whose only unfinished runs are corrupt are left out (they would fail again).
     */
    public List<Integer> shardsWithWork() {
        return entries.stream().filter(e -> e.state() == State.PARTIAL || e.state() == State.MISSING)
                .map(Entry::shard).distinct().sorted().toList();
    }

    /**
     * The report of {@code ./lab sweep --status}: the totals, a line per shard when sharded,
     * and a line per run that is not done.
     */
    public String format(String name) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "sweep %s: %d runs in %s%n", name, entries.size(), root));
        sb.append(String.format(Locale.ROOT, "  done %d, partial %d%s, missing %d, corrupt %d%n", count(State.DONE),
                count(State.PARTIAL), running() == 0 ? "" : " (" + running() + " being computed)",
                count(State.MISSING), count(State.CORRUPT)));
        if (shards > 1) {
            sb.append(String.format(Locale.ROOT, "  %-7s %5s %8s %8s %8s%n", "shard", "done", "partial", "missing",
                    "corrupt"));
            for (int k = 0; k < shards; k++) {
                sb.append(String.format(Locale.ROOT, "  %-7s %5d %8d %8d %8d%n", k + "/" + shards,
                        count(State.DONE, k), count(State.PARTIAL, k), count(State.MISSING, k),
                        count(State.CORRUPT, k)));
            }
        }
        for (Entry e : entries) {
            if (e.state() == State.DONE) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "  %s  %-7s  %d/%d levels", e.hash(), e.state().label(), e.levels(),
                    e.plannedLevels()));
            if (shards > 1) {
                sb.append("  shard ").append(e.shard()).append('/').append(shards);
            }
            if (e.running()) {
                sb.append("  being computed");
            }
            if (e.problem() != null) {
                sb.append("  ").append(e.problem());
            }
            sb.append(System.lineSeparator());
        }
        if (isDone()) {
            sb.append("  every run is complete").append(System.lineSeparator());
        }
        return sb.toString();
    }
}
