package org.lotterylab.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.lotterylab.data.DataSplit;
import org.lotterylab.experiment.ConfigException;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.io.Project;
import org.lotterylab.metrics.LevelAnalysis;
import org.lotterylab.model.Activation;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;
import org.lotterylab.progress.Progress;
import org.lotterylab.prune.Imp;
import org.lotterylab.prune.ImpListener;
import org.lotterylab.prune.LevelResult;
import org.lotterylab.prune.Reset;
import org.lotterylab.prune.Schedule;
import org.lotterylab.train.Heads;
import org.lotterylab.train.TrainResult;
import org.lotterylab.train.Trainer;

/**
 * Stored IMP runs, one directory per config hash: {@code <root>/<hash>/}.
 *
 * <p><b>Layout</b> of a run directory:
 * <ul>
 *   <li>{@code config.json}: the full config ({@link ExperimentConfig#toJson()});</li>
 *   <li>{@code provenance.json}: library version, git commit, JDK, host, OS, kernel, numerics
 *       version, start and end time per session, per-level wall time;</li>
 *   <li>{@code levels.csv}: one row per level ({@link LevelColumns}; {@code _l<l>} is weight
 *       layer {@code l}, {@code _n<k>} neuron layer {@code k}, 0 = inputs): {@code level,
 *       scheduled} (the schedule's prunable count), {@code prunable_l<l>, nonprunable_l<l>}
 *       (remaining per weight layer), {@code prunable, nonprunable, weights, biases, density},
 *       {@code weights_l<l>, biases_l<l>, density_l<l>} (kept per layer; density = kept /
 *       original prunable), {@code <split>_loss, <split>_acc, <split>_loss_t<t>, <split>_acc_t<t>}
 *       for split {@code train, val, test}, {@code stop_epoch, best_epoch, steps, stop_reason,
 *       restored_best}, {@code <weights|biases|neurons>_<active|zombie|inactive|pruned>}
 *       (reachability states) and per layer {@code <weights|biases>_<state>_l<l>},
 *       {@code neurons_<state>_n<k>}, {@code zombies, productive_zombies, frozen_zombies,
 *       comatose} (local dead neurons) and per layer the same with {@code _n<k>},
 *       {@code split_value, potential, components, task_components}, the continuous split
 *       metrics ({@link org.lotterylab.metrics.SplitMetrics}: {@code modularity, modularity_l<l>,
 *       sharing, sharing_l<l>, sharing_t<t>, sharing_t<t>_l<l>, decided_in, decided_in_n<k>}
 *       for {@code k >= 1}, {@code decided_out, decided_out_n<k>} for {@code k < L},
 *       {@code ncut, ncut_l<l>, ncut_shuffles, ncut_null_mean, ncut_null_sd, ncut_z, ncut_p}; NaN
 *       where undefined, the null's NaN unless {@code analysis.nullShuffles > 0}; absent in runs
 *       stored before them), the pruning horizon of the
 *       step that produced the level ({@code horizon_pruned, horizon_max_pruned,
 *       horizon_min_kept, horizon_mean_kept, horizon_max_pruned_rel, horizon_min_kept_rel}; NaN
 *       at level 0) and {@code seconds};</li>
 *   <li>{@code curves.csv}: {@code level, epoch, train_loss, val_loss};</li>
 *   <li>{@code levels/NNN/}: masks and parameters as numpy {@code .npy} ({@link LevelFiles}:
 *       since layout 2, masks bit-packed, trained weights in mask order, the initial parameters
 *       once at level 0; runs stored before in the dense layout 1 with a GraphML file per level
 *       still load; {@link StoredRun#exportGraphml} writes GraphML on request), on lesioned levels ({@link Analysis#lesions()}) {@code lesions.csv}
 *       ({@link LesionFile}), and {@code manifest.json}, the SHA-256 of each of them and of the
 *       level's rows in the CSV files ({@link Manifest});</li>
 *   <li>{@code manifest.json}: the SHA-256 of the files above and of every level manifest,
 *       written just before</li>
 *   <li>{@code summary.json}, written last: the run is complete.</li>
 * </ul>
 *
 * <p><b>Integrity</b>: listing the store checks each run's structure, its rows against the
 * config's schedule and its small files against their checksums; opening a run
 * ({@link #run}, {@link #get}) also checks every .npy header against the shape the config
 * implies; loading a level's files checks each against its checksum on its first read in the
 * process; {@link #list(boolean) list(true)} ({@code ./lab runs --verify}) checks every byte.
 * A partial run whose {@code provenance.json} is missing or unreadable is corrupt: resuming it
 * would lose the record of which numerics computed its levels. Runs stored before checksums
 * load as before ({@link StoredRun#hasChecksums()}); a partial one gets them when resumed.
 *
 * <p><b>Safety</b>: every file is written to a temp file and renamed; a level directory is
 * written under a temp name and renamed. Runs are computed under an in-process lock and a file
 * lock ({@code .lock}), so threads and processes asking for the same run compute it once (the
 * others wait, then read it). An interrupted run resumes at its first missing level with
 * bit-identical results (on the same machine and kernel). A corrupt directory is reported
 * ({@link CorruptRunException}) and never overwritten.
 *
 * <p><b>Versions</b>: a stored run is reused whichever library version computed it, but one
 * computed by another {@link Trainer#NUMERICS numerics version} is reported once (a fresh run
 * may differ at rounding level), and a partial run is resumed only with the numerics version
 * and kernel of its levels so far: the error names both and the fix.
 */
public final class RunStore {
    /** Environment variable naming the lab's home: runs go to {@code $LAB_HOME/data/runs}. */
    static final String LAB_HOME = Project.HOME_ENV;

    /**
     * The lock file inside a run directory: a process computing the run holds a file lock on it
     * (see {@link #run}); it is not part of the run's content.
     */
    public static final String LOCK_FILE = RunDir.LOCK;

    /** Stored runs already reported as computed by other numerics: once per run and process. */
    private static final java.util.Set<Path> WARNED_NUMERICS = ConcurrentHashMap.newKeySet();

    private final Path root;
    private final Progress progress;

    private RunStore(Path root, Progress progress) {
        this.root = root.toAbsolutePath().normalize();
        this.progress = progress;
    }

    /** A store rooted at {@code root} (created on first write), reporting nothing. */
    public static RunStore at(Path root) {
        return new RunStore(root, Progress.none());
    }

    /**
     * The store at {@link #defaultRoot()}, reporting to {@link Progress#standard()}: in a
     * notebook, a run being computed shows one line in the cell's output that updates level by
     * level ("run 04981dcb5d05: level 5/20 done, ..."); elsewhere, lines on stderr.
     */
    public static RunStore open() {
        return at(defaultRoot()).withProgress(Progress.standard());
    }

    /**
     * This store reporting to {@code p}: a computed run's levels as one {@link Progress#status()
     * status}; resumes, leftovers removed and waits for another process as lines; stored runs of
     * other numerics as warnings.
     */
    public RunStore withProgress(Progress p) {
        return new RunStore(root, p);
    }

    /** Where this store reports (a sweep reports its runs' lines there too). */
    public Progress progress() {
        return progress;
    }

    /**
     * {@code $LAB_HOME/data/runs} when {@value #LAB_HOME} is set, else {@code data/runs} under the
     * project root (the first directory upwards from the working directory that holds both
     * {@code lab} and {@code pom.xml}), else {@code ./data/runs}.
     */
    public static Path defaultRoot() {
        return Project.root().orElse(Path.of("").toAbsolutePath()).resolve("data").resolve("runs");
    }

    public Path root() {
        return root;
    }

    /** The directory a config's run lives in (whether or not it exists). */
    public Path dir(ExperimentConfig c) {
        return root.resolve(c.hash());
    }

    /**
     * The stored run of this config, complete, partial or corrupt, without computing anything
     * (checked as a listing checks it).
     */
    public Optional<StoredRun> find(ExperimentConfig c) {
        Path d = dir(c);
        return Files.isDirectory(d) ? Optional.of(StoredRun.inspect(d, StoredRun.Check.QUICK)) : Optional.empty();
    }

    /**
     * The complete run of {@code config}: returned at once when stored, resumed when partial,
     * computed otherwise.
     *
     * @param extra further listeners for this computation (progress, tests); not called when the
     *              run is already complete
     * @throws CorruptRunException if the run directory is corrupt (it is left as is)
     */
    public StoredRun run(ExperimentConfig config, ImpListener... extra) {
        RunDir d = new RunDir(dir(config));
        StoredRun s = d.open();
        if (s != null && s.isComplete()) {
            return checkSame(s, config);
        }
        if (s == null) {
            // A run that cannot fit, or whose image data is not installed, is refused before its directory exists.
            config.checkFits();
            config.data().requireSources();
            d.create(config);
        }
        // Another thread or process may have computed it meanwhile: look again under the lock.
        d.locked(progress, () -> {
            StoredRun now = checkSame(d.requireIntact(d.inspect(StoredRun.Check.OPEN)), config);
            if (!now.isComplete()) {
                compute(d, now, extra);
            }
        });
        return d.requireIntact(d.inspect(StoredRun.Check.QUICK));
    }

    private StoredRun checkSame(StoredRun s, ExperimentConfig c) {
        if (!s.config().canonicalJson().equals(c.canonicalJson())) {
            throw new CorruptRunException(s.dir(), "its config differs from the requested one although the hashes agree"
                    + " (a hash collision)", "report it; move the directory away to compute the requested run");
        }
        if (s.isComplete() && WARNED_NUMERICS.add(s.dir())) {
            int numerics = s.numerics();
            int ours = Trainer.numerics(s.startShape());
            if (numerics != ours) {
                progress.warning("run " + s.dir().getFileName() + " was stored with numerics " + numerics
                        + " (this library: " + ours + " for its shape): a fresh run may differ at rounding level;"
                        + " delete " + s.dir() + " to recompute it");
            }
        }
        return s;
    }

    /** Computes the missing levels of the partial run {@code s} of {@code d}, under its lock. */
    private void compute(RunDir d, StoredRun s, ImpListener[] extra) {
        ExperimentConfig cfg = s.config();
        var provenance = d.provenance();
        int n = s.levelCount();
        if (provenance == null && (n > 0 || Files.exists(d.file(RunDir.PROVENANCE)))) {
            // inspect reports this as corruption already; never start a new history over a lost one
            throw new CorruptRunException(d.path(), "provenance.json is missing or unreadable", "restore it from a"
                    + " copy of the run, or delete " + d + " to recompute the run from level 0");
        }
        // Refused before anything in the directory is touched or any data generated.
        String mismatch = n == 0 ? null : Provenance.mismatch(provenance, cfg.schedule().startShape());
        if (mismatch != null) {
            throw new CorruptRunException(d.path(), mismatch, "delete " + d + " to recompute the run from level 0 with"
                    + " this library, or finish it with the library named above");
        }
        // The stored levels are read (and so checked against their checksums) before anything is removed.
        List<LevelResult> done = n == 0 ? List.of() : load(s);
        Network resetFrom = n == 0 ? null : resetSource(s);
        d.removeLeftovers(s, progress);
        DataSplit data = cfg.data().generate(cfg.seeds().data());
        Imp imp = Imp.of(data, Heads.of(cfg.data()), cfg.model(), cfg.training(), cfg.pruning(),
                cfg.seeds());
        Schedule schedule = imp.schedule();
        try (Progress.Status status = progress.status()) {
            status.update("run " + d.hash() + ": training level " + n + " of " + schedule.totalLevels());
            // The recorder's line after each level is the run's state: each replaces the last.
            Recorder rec = new Recorder(d.path(), cfg, data, provenance, status::update);
            imp.listen(rec);
            for (ImpListener l : extra) {
                imp.listen(l);
            }
            long start = System.nanoTime();
            java.util.concurrent.atomic.AtomicInteger computed = new java.util.concurrent.atomic.AtomicInteger();
            imp.listen(new ImpListener() {
                @Override
                public Control onLevel(LevelResult level) {
                    computed.incrementAndGet();
                    return Control.CONTINUE;
                }
            });
            try {
                runOrResume(d, s, imp, rec, schedule, done, resetFrom);
            } catch (RuntimeException | Error e) {
                // A level trained before the failure (an interrupt, a divergence) is still stored.
                try {
                    rec.publishPending();
                } catch (RuntimeException | Error f) {
                    e.addSuppressed(f);
                }
                throw e;
            }
            int k = computed.get();
            status.update(String.format(java.util.Locale.ROOT, "run %s: complete, %s computed in %s", d.hash(),
                    k == 1 ? "level " + n : k == 0 ? "no level" : "levels " + n + "-" + (n + k - 1),
                    Progress.duration((System.nanoTime() - start) / 1e9)));
        }
    }

    private void runOrResume(RunDir d, StoredRun s, Imp imp, Recorder rec, Schedule schedule,
                             List<LevelResult> done, Network resetFrom) {
        int n = s.levelCount();
        if (n == 0) {
            imp.run();
            return;
        }
        List<String[]> curves = new ArrayList<>();
        for (String[] r : s.curvesParsed().rows()) {
            if (Integer.parseInt(r[0]) < n) {
                curves.add(r);
            }
        }
        rec.preload(done, s.levelsParsed().header(), s.levelsParsed().rows(), curves, resetFrom);
        sealUnsealed(s);
        List<LevelAnalysis> analysed = rec.analysis().levels();
        boolean stop = rec.stop(analysed.get(analysed.size() - 1).split());
        if (stop || n - 1 == schedule.totalLevels()) {
            // Interrupted after the last level was stored but before summary.json.
            rec.onStart(schedule, n);
            rec.writeSummary(n, stop && n - 1 < schedule.totalLevels());
            return;
        }
        progress.line("run " + d.hash() + ": resuming at level " + n + " of " + schedule.totalLevels());
        imp.resume(done, resetFrom);
    }

    /**
     * Writes the manifests of the levels of a partial run stored before checksums, after
     * {@link #load} read them (so their headers were checked), highest level first: if this is
     * interrupted, the levels without a manifest are still a prefix.
     */
    private static void sealUnsealed(StoredRun s) {
        Csv.Parsed rows = s.levelsParsed();
        Csv.Parsed curves = s.curvesParsed();
        for (int t = s.firstSealed() - 1; t >= 0; t--) {
            Manifest.Level.seal(s.levelDir(t), s.hash(), t, Manifest.row(rows.rows().get(t)),
                    Manifest.curves(curves, t), s.layout(t));
        }
    }

    /** The stored levels as the IMP driver's results, for {@link Imp#resume}. */
    static List<LevelResult> load(StoredRun s) {
        ExperimentConfig cfg = s.config();
        int k = cfg.data().taskCount();
        Csv.Parsed p = s.levelsParsed();
        Csv.Parsed curves = s.curvesParsed();
        List<LevelResult> out = new ArrayList<>();
        for (int t = 0; t < s.levelCount(); t++) {
            String[] r = p.rows().get(t);
            List<Double> tl = new ArrayList<>();
            List<Double> vl = new ArrayList<>();
            for (String[] c : curves.rows()) {
                if (Integer.parseInt(c[0]) == t) {
                    tl.add(Double.parseDouble(c[2]));
                    vl.add(Double.parseDouble(c[3]));
                }
            }
            TrainResult tr = new TrainResult(tl.stream().mapToDouble(Double::doubleValue).toArray(),
                    vl.stream().mapToDouble(Double::doubleValue).toArray(), Integer.parseInt(r[p.column("stop_epoch")]),
                    Integer.parseInt(r[p.column("best_epoch")]), Long.parseLong(r[p.column("steps")]),
                    TrainResult.StopReason.valueOf(r[p.column("stop_reason")]),
                    Boolean.parseBoolean(r[p.column("restored_best")]),
                    LevelColumns.evaluation(p, r, "val", k), LevelColumns.evaluation(p, r, "test", k));
            out.add(new LevelResult(t, s.initial(t), s.trained(t), tr, Integer.parseInt(r[p.column("scheduled")]),
                    Double.parseDouble(r[p.column("seconds")])));
        }
        return out;
    }

    /**
     * The network kept weights are reset to: level 0's initial parameters, or the stored rewind
     * point; null for re-initialisation.
     */
    static Network resetSource(StoredRun s) {
        ExperimentConfig cfg = s.config();
        Reset.Mode mode = cfg.pruning().reset().mode();
        int[] shape = s.startShape();
        Activation act = cfg.model().activation();
        return switch (mode) {
            case INIT -> s.initial(0);
            case REWIND -> s.network(0, "rewind", Mask.full(shape));
            case REINIT -> null;
        };
    }

    // ------------------------------------------------------------------ queries

    /** Every run directory under the root, in hash order, each inspected (cheap checks only). */
    public List<StoredRun> list() {
        return list(false);
    }

    /**
     * As {@link #list()}; {@code deep} also reads every file afresh and checks it against its
     * checksum, decodes every .npy file and compares the masks with {@code levels.csv}
     * ({@code ./lab runs --verify}).
     */
    public List<StoredRun> list(boolean deep) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .map(p -> StoredRun.inspect(p, deep ? StoredRun.Check.FULL : StoredRun.Check.QUICK))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * The run whose hash starts with {@code prefix}.
     *
     * @throws ConfigException if no run or several runs match
     */
    public StoredRun get(String prefix) {
        List<StoredRun> m = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                s.filter(p -> p.getFileName().toString().startsWith(prefix) && !prefix.isEmpty()
                        && Files.isDirectory(p)).sorted().forEach(p -> m.add(StoredRun.inspect(p, StoredRun.Check.OPEN)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (m.isEmpty()) {
            throw new ConfigException("no stored run matches \"" + prefix + "\" in " + root + "; list them with `./lab runs`");
        }
        if (m.size() > 1) {
            throw new ConfigException("\"" + prefix + "\" matches " + m.size() + " runs (" + m.get(0).hash() + ", "
                    + m.get(1).hash() + ", ...); give more characters of the hash");
        }
        return m.get(0);
    }

    /** All stored runs (complete, partial and corrupt) for queries. */
    public Runs runs() {
        return new Runs(list());
    }

    /** The stored runs whose config satisfies {@code filter} (corrupt runs without a config are left out). */
    public Runs runs(Predicate<ExperimentConfig> filter) {
        return runs().filter(filter);
    }

    @Override
    public String toString() {
        return "RunStore(" + root + ")";
    }

}
