package org.lotterylab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.lotterylab.experiment.ConfigException;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.io.Json;
import org.lotterylab.progress.Progress;
import org.lotterylab.store.RunStore;
import org.lotterylab.store.Runs;
import org.lotterylab.store.StoredRun;
import org.lotterylab.train.Trainer;

/**
 * A grid of runs: a base config, values for any config fields, times seeds.
 *
 * <pre>{@code
 * Runs runs = Sweep.over(base).vary("model.hidden", 20, 40).seeds(8).run(store);
 * Table t = runs.levels();
 * }</pre>
 *
 * <p><b>Field names</b> (dotted, as in the JSON form): every declared config field, listed
 * with its type, default and meaning by {@link ExperimentConfig#fields()} and {@code ./lab
 * help-cli config} (e.g. {@code training.learningRate}, {@code pruning.reset} as "init", "reinit" or
 * "rewind:50"; setting {@code pruning.target} clears a rate); and the shorthands
 * {@code model.hidden} (width of every hidden layer), {@code model.depth} (hidden layers),
 * {@code data.noise} (every task), {@code data.tasks} ("moons+moons"; fits the model's inputs and
 * outputs), {@code data.rows}, {@code seeds.all}, {@code training.lr}. An unknown name is an
 * error suggesting the nearest valid one ({@link #fieldNames()}).
 *
 * <p>Fields vary in the order given, the first slowest; {@link #seeds(int)} adds
 * {@code seeds.all = 0..n-1} as the fastest dimension. Duplicate configs (same hash) run once.
 * Runs go in parallel, each on its share of the threads inside its large products, read at
 * every level: {@code threads / workers} (at least 1) while runs wait, and once fewer runs than
 * workers are left, the cores the finished ones gave up (a run computed alone uses them all);
 * stored runs are skipped.
 *
 * <p><b>JSON</b> ({@link #fromJson}): {@code {"base": {config}, "vary": {"model.hidden": [20,
 * 40]}, "seeds": 8, "threads": 2}}; every key optional (an empty sweep is one run); seeds and
 * threads, when given, must be at least 1.
 */
public final class Sweep {
    /** Seconds an interrupted sweep waits for its running runs to stop before it throws. */
    static final int STOP_WAIT_SECONDS = 30;

    private final ExperimentConfig base;
    private final Map<String, List<Object>> vary = new LinkedHashMap<>();
    private int threads = Runtime.getRuntime().availableProcessors();
    private int shard;
    private int shards = 1;
    private Progress progress = Progress.standard();

    private Sweep(ExperimentConfig base) {
        this.base = base;
    }

    /** A sweep around {@code base} (one run until something varies). */
    public static Sweep over(ExperimentConfig base) {
        return new Sweep(base);
    }

    /** The shorthand field names {@link #vary} accepts beside the declared fields, sorted. */
    public static List<String> shorthands() {
        return new ArrayList<>(ExperimentConfig.shorthands().keySet());
    }

    /** Every field name {@link #vary} accepts. */
    public static List<String> fieldNames() {
        return ExperimentConfig.fieldNames();
    }

    /** Runs every value of {@code field}; values are numbers, strings, booleans, int arrays or lists. */
    public Sweep vary(String field, Object... values) {
        return vary(field, Arrays.asList(values));
    }

    public Sweep vary(String field, List<?> values) {
        if (values.isEmpty()) {
            throw new ConfigException("vary(\"" + field + "\") needs at least one value");
        }
        base.with(field, values.get(0));
        vary.put(field, new ArrayList<>(values));
        return this;
    }

    /** Seeds 0..n-1 for data, model and order together ({@code seeds.all}), the fastest dimension. */
    public Sweep seeds(int n) {
        if (n < 1) {
            throw new ConfigException("seeds must be >= 1, got " + n);
        }
        List<Object> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            s.add(i);
        }
        vary.remove("seeds.all");
        vary.put("seeds.all", s);
        return this;
    }

    /** Runs at most {@code n} runs at once (default: all cores). */
    public Sweep threads(int n) {
        if (n < 1) {
            throw new ConfigException("threads must be >= 1, got " + n);
        }
        threads = n;
        return this;
    }

    /**
     * Keeps part {@code i} of {@code n} (0-based): the runs at positions {@code i, i+n, ...} of
     * the sorted hashes. Disjoint and together complete over {@code i = 0..n-1}, whatever the
     * machine, so a SLURM array job can run {@code --shard $SLURM_ARRAY_TASK_ID/$N} and the
     * parts merge by copying run directories into one store.
     */
    public Sweep shard(int i, int n) {
        if (n < 1 || i < 0 || i >= n) {
            throw new ConfigException("shard " + i + "/" + n + " is invalid: need 0 <= i < n");
        }
        shard = i;
        shards = n;
        return this;
    }

    /** Where the sweep reports (default {@link Progress#standard()}). */
    public Sweep progress(Progress p) {
        progress = p;
        return this;
    }

    /** The configs of the grid (this shard only), in grid order, duplicates removed. */
    public List<ExperimentConfig> configs() {
        List<ExperimentConfig> all = new ArrayList<>();
        expand(base, new ArrayList<>(vary.entrySet()), 0, all);
        Map<String, ExperimentConfig> unique = new LinkedHashMap<>();
        for (ExperimentConfig c : all) {
            unique.putIfAbsent(c.hash(), c);
        }
        if (shards == 1) {
            return new ArrayList<>(unique.values());
        }
        List<String> sorted = new ArrayList<>(unique.keySet());
        sorted.sort(null);
        java.util.Set<String> mine = new java.util.HashSet<>();
        for (int i = shard; i < sorted.size(); i += shards) {
            mine.add(sorted.get(i));
        }
        List<ExperimentConfig> out = new ArrayList<>();
        unique.forEach((h, c) -> {
            if (mine.contains(h)) {
                out.add(c);
            }
        });
        return out;
    }

    private static void expand(ExperimentConfig c, List<Map.Entry<String, List<Object>>> dims, int d,
                               List<ExperimentConfig> out) {
        if (d == dims.size()) {
            out.add(c);
            return;
        }
        for (Object v : dims.get(d).getValue()) {
            expand(c.with(dims.get(d).getKey(), v), dims, d + 1, out);
        }
    }

    /**
     * Runs the sweep (this shard) in {@code store}, skipping stored runs, and returns its runs.
     * Progress is one status, "sweep: 7/24 runs done, 12.3 s elapsed, ~30 s left", updated as
     * runs end; the runs inside report their lines and warnings through the store's progress,
     * but not their level-by-level status.
     *
     * <p>Interrupting the calling thread (Kernel &gt; Interrupt in a notebook) cancels the
     * sweep: running runs are interrupted, queued ones never start, and this method throws once
     * the workers have ended (waiting at most {@value #STOP_WAIT_SECONDS} s for them), with the
     * thread's interrupt flag set again. Completed runs are stored, and so are the completed
     * levels of interrupted ones: running the sweep again skips the former and resumes the
     * latter.
     *
     * @throws SweepException after all runs ended if some failed (the others are stored), or
     *     when interrupted
     */
    public Runs run(RunStore store) {
        List<ExperimentConfig> configs = configs();
        List<StoredRun> done = new ArrayList<>();
        List<ExperimentConfig> todo = new ArrayList<>();
        for (ExperimentConfig c : configs) {
            var s = store.find(c);
            if (s.isPresent() && s.get().isComplete()) {
                done.add(s.get());
            } else {
                todo.add(c);
            }
        }
        int total = configs.size();
        long older = done.stream().filter(r -> r.numerics() != Trainer.numerics(r.config().schedule().startShape())).count();
        if (older > 0) {
            progress.warning(String.format(Locale.ROOT, "sweep: %d of %d stored runs were computed with other numerics than"
                    + " this library's for their shapes; fresh runs may differ at rounding level. `./lab runs` lists"
                    + " each run's numerics; delete a run's directory to recompute it", older, done.size()));
        }
        if (todo.isEmpty()) {
            return Runs.of(sorted(done));
        }
        try (Progress.Status status = progress.status()) {
            List<String> failures = compute(store.withProgress(store.progress().withoutStatus()), todo, done, total, status);
            if (!failures.isEmpty()) {
                throw new SweepException(failures.size() + " of " + total + " runs failed (the others are stored): "
                        + String.join("; ", failures));
            }
        }
        return Runs.of(sorted(done));
    }

    /** Runs {@code todo} on the pool, adding the results to {@code done}; returns the failures. */
    private List<String> compute(RunStore store, List<ExperimentConfig> todo, List<StoredRun> done, int total,
                                 Progress.Status status) {
        long start = System.nanoTime();
        int stored = done.size();
        int workers = Math.min(threads, todo.size());
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger succeeded = new AtomicInteger();
        status.update(String.format(Locale.ROOT, "sweep: %d runs, %d stored, %d to compute on %s",
                total, stored, todo.size(), threadCount(workers)));
        AtomicInteger names = new AtomicInteger();
        List<Thread> poolThreads = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "sweep-" + names.incrementAndGet());
            t.setDaemon(true);
            poolThreads.add(t);
            return t;
        });
        List<String> failures = new ArrayList<>();
        List<Future<StoredRun>> futures = new ArrayList<>();
        try {
            for (ExperimentConfig c : todo) {
                futures.add(pool.submit(() -> {
                    try {
                        // Each run's share of the threads, for the large products inside it, read
                        // at every level: parallel runs one core each, and the last runs of the
                        // sweep the cores the finished ones left.
                        Trainer.setThreads(() -> share(threads, workers, todo.size() - finished.get()));
                        StoredRun r = store.run(c);
                        succeeded.incrementAndGet();
                        return r;
                    } finally {
                        // Counted and reported in one step: two workers finishing together must not
                        // report out of order, or the last state shown would be "15/16 runs done".
                        synchronized (finished) {
                            int f = finished.incrementAndGet();
                            double el = (System.nanoTime() - start) / 1e9;
                            status.update(f == todo.size()
                                    ? String.format(Locale.ROOT, "sweep: %d/%d runs done (%d computed on %s) in %s",
                                            stored + f, total, todo.size(), threadCount(workers), Progress.duration(el))
                                    : String.format(Locale.ROOT, "sweep: %d/%d runs done, %s elapsed, ~%s left",
                                            stored + f, total, Progress.duration(el),
                                            Progress.duration(el / f * (todo.size() - f))));
                        }
                    }
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    done.add(futures.get(i).get());
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(todo.get(i).hash() + ": " + e.getCause().getMessage());
                }
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            // Shown at once, not after the wait: a notebook kernel ends the cell as soon as it
            // interrupts it, and drops output sent after that.
            int running = Math.max(0, Math.min(workers, todo.size() - finished.get()));
            status.update(String.format(Locale.ROOT, "sweep interrupted after %d of %d runs; %s stopping; run the sweep"
                    + " again to compute the rest", stored + succeeded.get(), total,
                    running == 1 ? "the running run is" : "the " + running + " running runs are"));
            status.close();
            boolean stopped = stop(pool, poolThreads);
            String message = String.format(Locale.ROOT, "sweep interrupted: %d of %d runs are complete and stored%s;"
                    + " run the sweep again to compute the others (stored runs are skipped, interrupted ones resume"
                    + " at their last stored level)", stored + succeeded.get(), total,
                    stopped ? "" : " (some runs were still stopping after " + STOP_WAIT_SECONDS + " s)");
            Thread.currentThread().interrupt();
            throw new SweepException(message);
        } finally {
            pool.shutdownNow();
        }
        return failures;
    }

    /**
     * The threads of one run when {@code unfinished} runs of the sweep are not done yet and at
     * most {@code workers} of them run at once: {@code threads / min(workers, unfinished)}, at
     * least 1.
     */
    static int share(int threads, int workers, int unfinished) {
        return Math.max(1, threads / Math.max(1, Math.min(workers, unfinished)));
    }

    private static String threadCount(int n) {
        return n == 1 ? "1 thread" : n + " threads";
    }

    /**
     * Ends the pool's threads; whether they ended within {@link #STOP_WAIT_SECONDS}. Further
     * interrupts do not cut the wait short: the rapaio kernel's Interrupt interrupts the cell's
     * thread twice (it cancels the cell, then shuts its executor down 0.5 s later), and
     * workers left running would go on writing to the store and the next cell's output. A
     * terminated pool's threads may still be leaving their run method, so each is joined too:
     * none is alive when this returns true.
     */
    private static boolean stop(ExecutorService pool, List<Thread> threads) {
        pool.shutdownNow();
        long deadline = System.nanoTime() + STOP_WAIT_SECONDS * 1_000_000_000L;
        boolean terminated = false;
        while (!terminated) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                terminated = pool.awaitTermination(left, java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (InterruptedException again) {
                // Keep waiting; the caller sets the interrupt flag again before it throws.
            }
        }
        for (Thread t : List.copyOf(threads)) {
            while (t.isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    t.join(Math.max(1, left / 1_000_000));
                } catch (InterruptedException again) {
                    // As above.
                }
            }
        }
        return true;
    }

    private static List<StoredRun> sorted(List<StoredRun> runs) {
        List<StoredRun> s = new ArrayList<>(runs);
        s.sort(java.util.Comparator.comparing(StoredRun::hash));
        return s;
    }

    /** Strict JSON (duplicate keys and trailing text are errors), errors as config errors naming {@code source}. */
    private static JsonNode parse(String json, String source) {
        try {
            return Json.parse(json, source);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** A sweep from its JSON form (see the class comment); errors name the field. */
    public static Sweep fromJson(String json, String source) {
        JsonNode root = parse(json, source);
        SweepObject o = new SweepObject(root, "", source);
        JsonNode b = root.get("base");
        o.seen.add("base");
        ExperimentConfig base = b == null ? ExperimentConfig.defaults() : ExperimentConfig.fromTree(b, source + " base");
        Sweep s = new Sweep(base);
        JsonNode v = root.get("vary");
        o.seen.add("vary");
        if (v != null) {
            if (!v.isObject()) {
                throw new ConfigException(source + ": vary must be an object {\"field\": [values...]}");
            }
            var it = v.fields();
            while (it.hasNext()) {
                var e = it.next();
                if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                    throw new ConfigException(source + ": vary." + e.getKey() + " must be a non-empty array of values");
                }
                List<Object> vals = new ArrayList<>();
                e.getValue().forEach(vals::add);
                try {
                    s.vary(e.getKey(), vals);
                } catch (ConfigException x) {
                    throw new ConfigException(source + ": vary." + e.getKey() + ": " + x.getMessage(), x);
                }
            }
        }
        o.seen.add("seeds");
        o.seen.add("threads");
        if (root.has("seeds")) {
            int seeds = o.integer("seeds", 0);
            if (seeds < 1) {
                throw new ConfigException(source + ": seeds " + seeds + " must be >= 1 (the runs use seeds 0.."
                        + "seeds-1); leave seeds out to run seed 0 only");
            }
            s.seeds(seeds);
        }
        if (root.has("threads")) {
            int th = o.integer("threads", 0);
            if (th < 1) {
                throw new ConfigException(source + ": threads " + th + " must be >= 1; leave threads out to use every"
                        + " core (" + Runtime.getRuntime().availableProcessors() + " here)");
            }
            s.threads(th);
        }
        o.done();
        return s;
    }

    /** Reads a sweep file. */
    public static Sweep read(Path file) {
        try {
            return fromJson(Files.readString(file), file.toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException(file + ": no such file; check the path");
        } catch (java.io.IOException e) {
            throw new ConfigException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Some runs of a sweep failed. */
    public static final class SweepException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SweepException(String message) {
            super(message);
        }
    }
}
