package org.lotterylab.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.io.Json;
import org.lotterylab.metrics.Lesions;
import org.lotterylab.metrics.StateHistory;
import org.lotterylab.metrics.States;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;
import org.lotterylab.model.ParameterCounts;
import org.lotterylab.prune.Reset;
import org.lotterylab.prune.Schedule;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * One run directory of a {@link RunStore}, as found on disk: its config, status and files.
 * Inspecting checks the directory (config present, parseable and matching the directory's
 * hash; CSV files complete, with one row per level of the config's schedule at most, each
 * with the count the schedule keeps; provenance readable; every level's files present with
 * the right sizes; the checksums of {@link Manifest}, as deep as {@link Check} says); the
 * parsed CSV files are cached in memory by file modification time, so repeated queries are
 * fast. Reading a level's files checks them against their checksums. Immutable snapshot: ask
 * the store again after the run changed.
 */
public final class StoredRun {
    private static final Map<Path, Cached> FILE_CACHE = new ConcurrentHashMap<>();
    private static final com.fasterxml.jackson.databind.ObjectMapper PLAIN_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private record Cached(long mtime, long size, Object value) {
    }

    private final Path dir;
    private final String hash;
    private final ExperimentConfig config;
    private final RunStatus status;
    private final String problem;
    private final Csv.Parsed levels;
    private final RunSummary summary;
    private final List<Integer> orphans;
    /** The first level with a manifest: 0 when every level has one, levelCount() for a run stored before them. */
    private final int firstSealed;
    /** The {@link LevelFiles} layout of each stored level. */
    private final int[] layouts;
    /** The states of every level's trained network, computed on the first {@link #history()}. */
    private volatile List<States> states;

    /** How much {@link #inspect} checks. */
    enum Check {
        /**
         * The structure: config and its hash, CSV files and their rows against the schedule,
         * provenance readable, every level file present with its size; the small files against
         * the run manifest (complete run) or the CSV rows against the level manifests. What
         * listing the store checks.
         */
        QUICK,
        /**
         * QUICK, plus every level manifest and every .npy header against the type and shape
         * the config implies. What opening one run checks ({@link RunStore#run}, {@link RunStore#get}).
         */
        OPEN,
        /**
         * Everything, read afresh from disk: every file against its checksum, every .npy
         * decoded, the masks' counts against {@code levels.csv}. {@code ./lab runs --verify}.
         */
        FULL
    }

    private StoredRun(Path dir, ExperimentConfig config, RunStatus status, String problem, Csv.Parsed levels,
                      RunSummary summary, List<Integer> orphans, int firstSealed, int[] layouts) {
        this.dir = dir;
        this.hash = dir.getFileName().toString();
        this.config = config;
        this.status = status;
        this.problem = problem;
        this.levels = levels;
        this.summary = summary;
        this.orphans = orphans;
        this.firstSealed = firstSealed;
        this.layouts = layouts;
    }

    /** The run's hash (its directory name). */
    public String hash() {
        return hash;
    }

    public Path dir() {
        return dir;
    }

    /** The stored config; null only for a run whose config.json is missing or invalid. */
    public ExperimentConfig config() {
        return config;
    }

    public RunStatus status() {
        return status;
    }

    public boolean isComplete() {
        return status == RunStatus.COMPLETE;
    }

    /** What is wrong with a {@link RunStatus#CORRUPT} run, else null. */
    public String problem() {
        return problem;
    }

    /** Number of stored levels. */
    public int levelCount() {
        return levels == null ? 0 : levels.rows().size();
    }

    /** {@code summary.json} of a complete run (category, split and degradation level, final accuracies), else empty. */
    public Optional<RunSummary> summary() {
        return Optional.ofNullable(summary);
    }

    /** The split category ({@code SPLIT_ONLY}, ...) of a complete run, else empty. */
    public Optional<String> category() {
        return summary().map(RunSummary::category);
    }

    /** {@code provenance.json} (sessions with host, JDK, kernel, git commit, times; per-level seconds). */
    public JsonNode provenance() {
        return readJson(dir.resolve(RunDir.PROVENANCE));
    }

    /**
     * The {@link org.lotterylab.train.Trainer#NUMERICS numerics version} that computed this run's
     * first level; 0 for runs stored before versions were recorded or without provenance.
     */
    public int numerics() {
        return Provenance.numerics(readProvenance(dir));
    }

    /** What {@code ./lab runs --verify} says of a run without checksums. */
    public static final String NO_CHECKSUMS = "no checksums (stored before checksums were added in December 2026)";

    /**
     * Whether every stored level carries checksums ({@link Manifest}). False for runs stored
     * before checksums were added: they load, and {@code ./lab runs --verify} checks what can
     * be checked without them (row count against the schedule, hash against the config,
     * .npy headers against the expected shapes, mask counts against {@code levels.csv}).
     */
    public boolean hasChecksums() {
        return firstSealed == 0;
    }

    /**
     * One row per level: the config columns, then {@code levels.csv} (columns: see
     * {@link RunStore}); the same rows {@link Runs#levels()} gives for this run.
     */
    public Table levels() {
        requireReadable();
        return Runs.of(List.of(this)).levels().setName(hash + " levels");
    }

    /** {@code curves.csv} as a table: level, epoch, train_loss, val_loss. */
    public Table curves() {
        requireReadable();
        Csv.Parsed p = curvesParsed();
        IntColumn level = IntColumn.create("level");
        IntColumn epoch = IntColumn.create("epoch");
        DoubleColumn train = DoubleColumn.create("train_loss");
        DoubleColumn val = DoubleColumn.create("val_loss");
        for (String[] r : p.rows()) {
            level.append(Integer.parseInt(r[0]));
            epoch.append(Integer.parseInt(r[1]));
            train.append(Double.parseDouble(r[2]));
            val.append(Double.parseDouble(r[3]));
        }
        return Table.create(hash + " curves", level, epoch, train, val);
    }

    /** The directory of level {@code t} (masks and weights as .npy, see {@link LevelFiles}). */
    Path levelDir(int t) {
        return new RunDir(dir).level(t);
    }

    /**
     * The {@link LevelFiles} layout of level {@code t}'s files: 1 for levels stored before
     * December 2026 (dense arrays and GraphML), 2 after (packed masks, sparse weights).
     */
    int layout(int t) {
        requireLevel(t);
        return layouts[t];
    }

    /**
     * Writes the graph of level {@code t}'s trained network (every neuron, its unpruned
     * weights; {@link org.lotterylab.graph.GraphMLExport}) as {@code dir/level-NNN.graphml} and
     * returns that file, for Gephi, yEd or {@code networkx.read_graphml}. The store keeps no
     * GraphML (the dense level 0 of the thesis' shape alone would take 228 MB): it is written
     * from the stored arrays on request, byte for byte what runs stored before kept in their
     * level directories.
     *
     * @throws CorruptRunException as {@link #trained}
     */
    public Path exportGraphml(int t, Path dir) {
        return org.lotterylab.graph.GraphMLExport.writeLevel(trained(t), dir, t);
    }

    /**
     * The mask level {@code t} trained with.
     *
     * @throws CorruptRunException if a file read does not match its checksum or its header
     *         is not the one the config's shape implies
     */
    public Mask mask(int t) {
        requireLevel(t);
        int layout = layout(t);
        return readLevel(t, () -> LevelFiles.mask(reader(t), startShape(), layout));
    }

    /**
     * The parameters level {@code t} started training from, with its mask; checked as
     * {@link #mask}. For a later level of a reset-to-init or rewind run stored in layout 2, level
     * 0's init or rewind point with this level's mask (what the level started from: see
     * {@link LevelFiles}).
     */
    public Network initial(int t) {
        if (t == 0 || layout(t) == 1) {
            return network(t, "init");
        }
        Mask m = mask(t);
        return switch (config.pruning().reset().mode()) {
            case INIT -> network(0, "init", m);
            case REWIND -> network(0, "rewind", m);
            case REINIT -> readLevel(t, () -> LevelFiles.sparse(reader(t), "init", startShape(),
                    config.model().activation(), m));
        };
    }

    /** The parameters after training level {@code t}, with its mask; checked as {@link #mask}. */
    public Network trained(int t) {
        if (layout(t) == 1) {
            return network(t, "trained");
        }
        Mask m = mask(t);
        return readLevel(t, () -> LevelFiles.sparse(reader(t), "trained", startShape(), config.model().activation(), m));
    }

    /**
     * The lesions stored for level {@code t} ({@link Analysis#lesions()}: by default the split
     * level only), read from {@code levels/NNN/lesions.csv}; empty when the level was not lesioned.
     *
     * @throws CorruptRunException if the file does not match its checksum, is missing although the
     *         level's manifest lists it, or is not a lesions file
     */
    public Optional<Lesions> lesions(int t) {
        requireLevel(t);
        // A file the level's manifest lists must be there; one it does not list is refused by the reader.
        boolean listed = t >= firstSealed && levelManifest(levelDir(t)).files().containsKey(LesionFile.NAME);
        if (!listed && !Files.exists(levelDir(t).resolve(LesionFile.NAME))) {
            return Optional.empty();
        }
        return Optional.of(readLevel(t, () -> LesionFile.read(reader(t).read(LesionFile.NAME),
                config.data().taskCount())));
    }

    /**
     * Every stored lesion of this run as a table, one row per lesioned level, lesion and measured
     * task: {@code level}, then the columns of {@code lesions.csv}: {@code removed} ({@code own} or
     * {@code shared}), {@code removed_task} (missing for shared), {@code weights} removed,
     * {@code task} measured, its test accuracy {@code acc_before} and {@code acc_after}, {@code drop}
     * ({@code acc_before - acc_after}) and {@code cross_weights}. Empty (with these columns) when no
     * level was lesioned.
     */
    public Table lesions() {
        requireReadable();
        Tables t = new Tables();
        List<Map<String, Object>> rows = lesionRows();
        if (rows.isEmpty()) {
            return Table.create(hash + " lesions", tech.tablesaw.api.IntColumn.create("level"),
                    tech.tablesaw.api.StringColumn.create("removed"), tech.tablesaw.api.IntColumn.create("removed_task"),
                    tech.tablesaw.api.IntColumn.create("weights"), tech.tablesaw.api.IntColumn.create("task"),
                    tech.tablesaw.api.DoubleColumn.create("acc_before"), tech.tablesaw.api.DoubleColumn.create("acc_after"),
                    tech.tablesaw.api.DoubleColumn.create("drop"), tech.tablesaw.api.IntColumn.create("cross_weights"));
        }
        rows.forEach(t::add);
        return t.build(hash + " lesions");
    }

    /** The rows of {@link #lesions()} as typed values. */
    List<Map<String, Object>> lesionRows() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int t = 0; t < levelCount(); t++) {
            Lesions les = lesions(t).orElse(null);
            if (les == null) {
                continue;
            }
            for (Map<String, Object> r : LesionFile.typedRows(les)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("level", t);
                m.putAll(r);
                out.add(m);
            }
        }
        return out;
    }

    /**
     * The reachability states of every level's trained network, in level order, and what
     * follows from them: how many levels each weight, bias and neuron spent in each state, the
     * level of every transition, each neuron's state, bias and degrees per level
     * ({@link StateHistory}; its levels are this run's level numbers). The states are computed
     * from the stored networks on the first call (reading them as {@link #trained} does) and
     * kept with this snapshot; each call returns a new history over them.
     *
     * @throws CorruptRunException if the run is corrupt or a level's files do not match their checksums
     */
    public StateHistory history() {
        requireReadable();
        List<States> s = states;
        if (s == null) {
            List<States> list = new ArrayList<>();
            for (int t = 0; t < levelCount(); t++) {
                list.add(States.of(trained(t)));
            }
            s = List.copyOf(list);
            states = s;
        }
        StateHistory h = new StateHistory();
        for (int t = 0; t < s.size(); t++) {
            h.add(t, s.get(t));
        }
        return h;
    }

    /** The dense network {@code prefix} ("init", "trained", "rewind") of level {@code t}, with its mask. */
    Network network(int t, String prefix) {
        return network(t, prefix, mask(t));
    }

    /**
     * The dense network {@code prefix} of level {@code t}, with mask {@code m} applied: any of
     * layout 1, and level 0's {@code init} and {@code rewind} of layout 2.
     */
    Network network(int t, String prefix, Mask m) {
        requireLevel(t);
        return readLevel(t, () -> LevelFiles.network(reader(t), prefix, startShape(), config.model().activation(), m));
    }

    /** Decoding errors (a header that is not the expected one) as this run's corruption. */
    private <T> T readLevel(int t, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new CorruptRunException(dir, RunDir.levelPath(t, e.getMessage()), CorruptRunException.defaultFix(dir));
        }
    }

    /**
     * The files of level {@code t}, each checked against the level's manifest when it has one
     * (hashed on the first read of the unchanged file in this process, see {@link Manifest}).
     */
    private LevelFiles.Reader reader(int t) {
        Path ld = levelDir(t);
        Manifest.Level m = t >= firstSealed ? levelManifest(ld) : null;
        return name -> {
            Path f = ld.resolve(name);
            byte[] b;
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(f, BasicFileAttributes.class);
                b = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new CorruptRunException(dir, RunDir.levelPath(t, name) + " cannot be read (" + e.getMessage() + ")",
                        CorruptRunException.defaultFix(dir));
            }
            String want = m == null ? null : m.files().get(name);
            if (m != null && (want == null || !Manifest.matches(f, a, b, want))) {
                throw new CorruptRunException(dir, RunDir.levelPath(t, name) + (want == null ? " is not listed in" : " does not match its checksum in")
                        + " " + RunDir.levelPath(t, Manifest.FILE) + " (changed after it was stored)", CorruptRunException.defaultFix(dir));
            }
            return b;
        };
    }


    private static Manifest.Level levelManifest(Path levelDir) {
        return (Manifest.Level) cached(levelDir.resolve(Manifest.FILE), () -> Manifest.Level.read(levelDir));
    }

    int[] startShape() {
        return config.schedule().startShape();
    }

    Csv.Parsed levelsParsed() {
        return levels;
    }

    Csv.Parsed curvesParsed() {
        return cachedCsv(dir.resolve(RunDir.CURVES_CSV));
    }

    List<Integer> orphans() {
        return orphans;
    }

    /** The first level with a manifest ({@link #levelCount()} when none has one). */
    int firstSealed() {
        return firstSealed;
    }

    private void requireLevel(int t) {
        requireReadable();
        if (t < 0 || t >= levelCount()) {
            throw new IllegalArgumentException("run " + hash + " has levels 0.." + (levelCount() - 1) + ", not " + t);
        }
    }

    private void requireReadable() {
        if (status == RunStatus.CORRUPT) {
            throw new CorruptRunException(dir, problem, CorruptRunException.defaultFix(dir));
        }
    }

    @Override
    public String toString() {
        return "StoredRun(" + hash + ", " + status + ", " + levelCount() + " levels"
                + (problem == null ? "" : ", " + problem) + ")";
    }

    // ------------------------------------------------------------------ inspection

    /** Inspects a run directory with the checks {@code check} names. */
    static StoredRun inspect(Path dir, Check check) {
        Path cfgFile = dir.resolve(RunDir.CONFIG);
        if (!Files.exists(cfgFile)) {
            return corrupt(dir, null, "config.json is missing");
        }
        ExperimentConfig cfg;
        try {
            cfg = cachedConfig(cfgFile);
        } catch (RuntimeException e) {
            return corrupt(dir, null, "config.json is invalid (" + e.getMessage() + ")");
        }
        String h = cfg.hash();
        String hash = dir.getFileName().toString();
        if (!h.equals(hash)) {
            return corrupt(dir, cfg, "config.json hashes to " + h + ", not to the directory name (was it edited?)");
        }
        Schedule schedule = cfg.schedule();
        int[] shape = schedule.startShape();
        Csv.Parsed levels;
        Path csv = dir.resolve(RunDir.LEVELS_CSV);
        if (Files.exists(csv)) {
            try {
                levels = cachedCsv(csv);
            } catch (RuntimeException e) {
                return corrupt(dir, cfg, "levels.csv: " + e.getMessage());
            }
            if (LevelColumns.version(levels.header(), shape.length - 1, cfg.data().taskCount()) < 0) {
                return corrupt(dir, cfg, "levels.csv has other columns than this library writes (another version?)");
            }
            String p = rowsProblem(levels, schedule);
            if (p != null) {
                return corrupt(dir, cfg, p);
            }
        } else {
            levels = new Csv.Parsed(List.of(), List.of());
        }
        int n = levels.rows().size();
        Csv.Parsed curves = null;
        if (n > 0) {
            try {
                curves = cachedCsv(dir.resolve(RunDir.CURVES_CSV));
                if (!curves.header().equals(RunDir.CURVE_HEADER)) {
                    return corrupt(dir, cfg, "curves.csv has an unexpected header");
                }
            } catch (RuntimeException e) {
                return corrupt(dir, cfg, "curves.csv: " + e.getMessage());
            }
        }
        String prov = provenanceProblem(dir, n);
        if (prov != null) {
            return corrupt(dir, cfg, prov);
        }
        // Levels with manifests: a suffix firstSealed..n-1 (see Manifest).
        int firstSealed = n;
        while (firstSealed > 0 && Files.exists(dir.resolve(RunDir.levelPath(firstSealed - 1, Manifest.FILE)))) {
            firstSealed--;
        }
        int[] layouts = new int[n];
        for (int t = 0; t < n; t++) {
            Path ld = new RunDir(dir).level(t);
            LevelFiles.Spec spec;
            try {
                spec = spec(cfg, levels, t, ld, t >= firstSealed);
            } catch (RuntimeException e) {
                return corrupt(dir, cfg, RunDir.levelPath(t, e.getMessage()));
            }
            layouts[t] = spec.layout();
            String p = LevelFiles.problem(ld, spec);
            if (p == null && t < firstSealed && Files.exists(ld.resolve(Manifest.FILE))) {
                p = RunDir.levelPath(firstSealed - 1, Manifest.FILE) + " is missing, but level " + t + " has one (deleted?)";
            }
            if (p == null) {
                p = levelProblem(dir, hash, cfg, levels, curves, t, spec, t >= firstSealed, check);
            }
            if (p != null) {
                return corrupt(dir, cfg, p);
            }
        }
        List<Integer> orphans = new ArrayList<>();
        Path ldir = dir.resolve(RunDir.LEVELS_DIR);
        if (Files.isDirectory(ldir)) {
            try (Stream<Path> s = Files.list(ldir)) {
                for (Path p : s.toList()) {
                    String name = p.getFileName().toString();
                    if (name.matches("\\d{3,}") && Integer.parseInt(name) >= n) {
                        orphans.add(Integer.parseInt(name));
                    }
                }
            } catch (IOException e) {
                return corrupt(dir, cfg, "cannot list " + ldir + ": " + e.getMessage());
            }
        }
        Path sum = dir.resolve(RunDir.SUMMARY);
        if (Files.exists(sum)) {
            RunSummary s;
            try {
                s = (RunSummary) cached(sum, () -> {
                    try {
                        return RunSummary.parse(Files.readString(sum));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (RuntimeException e) {
                return corrupt(dir, cfg, "summary.json is invalid (" + e.getMessage() + ")");
            }
            if (n == 0 || !orphans.isEmpty()) {
                return corrupt(dir, cfg, n == 0 ? "summary.json exists but no level is stored"
                        : "level directories " + orphans + " are not listed in levels.csv");
            }
            String p = completeProblem(dir, hash, s, n, schedule.totalLevels(), firstSealed, check == Check.FULL);
            if (p != null) {
                return corrupt(dir, cfg, p);
            }
            return new StoredRun(dir, cfg, RunStatus.COMPLETE, null, levels, s, List.of(), firstSealed, layouts);
        }
        return new StoredRun(dir, cfg, RunStatus.PARTIAL, null, levels, null, orphans, firstSealed, layouts);
    }

    /** Rows against the schedule of the config: at most one per level, each with the count the schedule asks for. */
    private static String rowsProblem(Csv.Parsed levels, Schedule schedule) {
        int total = schedule.totalLevels();
        int n = levels.rows().size();
        if (n > total + 1) {
            return "levels.csv has " + n + " rows, but the schedule of config.json has " + (total + 1) + " levels (0.."
                    + total + ")";
        }
        int col = levels.column("scheduled");
        for (int r = 0; r < n; r++) {
            String[] row = levels.rows().get(r);
            if (!row[0].equals(Integer.toString(r))) {
                return "levels.csv row " + (r + 1) + " is level " + row[0] + ", expected " + r;
            }
            if (!row[col].equals(Integer.toString(schedule.remaining(r)))) {
                return "levels.csv level " + r + " has scheduled " + row[col] + ", but the schedule of config.json"
                        + " keeps " + schedule.remaining(r) + " (one of them was edited)";
            }
        }
        return null;
    }

    /**
     * What is wrong with provenance.json, or null: once a level is stored it must be readable,
     * since it records which numerics and kernel computed the levels (a resume checks them).
     */
    private static String provenanceProblem(Path dir, int levels) {
        Path f = dir.resolve(RunDir.PROVENANCE);
        if (!Files.exists(f)) {
            return levels == 0 ? null : "provenance.json is missing, so the sessions that computed levels 0.."
                    + (levels - 1) + " (their numerics and kernel) are unknown; restore it from a copy of the run if"
                    + " there is one";
        }
        try {
            JsonNode n = (JsonNode) cached(f, () -> {
                try {
                    return PLAIN_JSON.readTree(Files.readString(f));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    var at = e.getLocation();
                    throw new IllegalArgumentException("not valid JSON" + (at == null ? ""
                            : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (n == null || !n.isObject() || !n.path("sessions").isArray() || !n.path("levelSeconds").isArray()) {
                throw new IllegalArgumentException("it lacks sessions or levelSeconds");
            }
            return null;
        } catch (RuntimeException e) {
            return "provenance.json is unreadable (" + e.getMessage() + "), so the sessions that computed the"
                    + " stored levels (their numerics and kernel) are unknown; restore it from a copy of the run if"
                    + " there is one";
        }
    }

    /**
     * What level {@code t} of a run of {@code cfg} must hold: its layout from its manifest
     * ({@code sealed}) or its files; for layout 2 the kept weights per layer from {@code levels.csv}'s
     * {@code weights_l<l>}, or, in a header without them (or an unreadable one), from the mask
     * files in {@code ld}.
     *
     * @throws IllegalArgumentException with a message beginning with the file's name when the
     *         manifest or the masks cannot be read
     */
    private static LevelFiles.Spec spec(ExperimentConfig cfg, Csv.Parsed levels, int t, Path ld, boolean sealed) {
        int[] shape = cfg.schedule().startShape();
        Reset.Mode mode = cfg.pruning().reset().mode();
        int layout = sealed ? levelManifest(ld).layout() : LevelFiles.layoutOf(ld);
        int[] kept = null;
        if (layout == 2) {
            kept = new int[shape.length - 1];
            String[] row = levels.rows().get(t);
            for (int l = 0; l < kept.length; l++) {
                int c = levels.column("weights_l" + l);
                if (c < 0) {
                    kept = null;
                    break;
                }
                try {
                    kept[l] = Integer.parseInt(row[c]);
                } catch (NumberFormatException e) {
                    // an edited row: counted from the masks here, reported by the row's checksum
                    kept = null;
                    break;
                }
            }
            if (kept == null) {
                Mask m = LevelFiles.mask(name -> {
                    try {
                        return Files.readAllBytes(ld.resolve(name));
                    } catch (IOException e) {
                        throw new IllegalArgumentException(name + " is missing");
                    }
                }, shape, layout);
                kept = new int[shape.length - 1];
                for (int l = 0; l < kept.length; l++) {
                    kept[l] = m.keptWeights(l);
                }
            }
        }
        return new LevelFiles.Spec(shape, layout, t, mode, kept);
    }

    /** What is wrong with level {@code t} beyond missing files, or null. */
    private static String levelProblem(Path dir, String hash, ExperimentConfig cfg, Csv.Parsed levels,
                                       Csv.Parsed curves, int t, LevelFiles.Spec spec, boolean sealed, Check check) {
        Path ld = new RunDir(dir).level(t);
        int[] shape = cfg.schedule().startShape();
        Manifest.Level m = null;
        if (sealed) {
            try {
                m = levelManifest(ld);
            } catch (RuntimeException e) {
                return RunDir.levelPath(t, e.getMessage());
            }
            if (!m.run().equals(hash) || m.level() != t) {
                return RunDir.levelPath(t, Manifest.FILE) + " was written for level " + m.level() + " of run " + m.run()
                        + ", not level " + t + " of run " + hash + " (was config.json edited and its directory renamed?)";
            }
            if (!m.levelsRow().equals(Manifest.row(levels.rows().get(t)))) {
                return "levels.csv level " + t + " does not match its checksum in " + RunDir.levelPath(t, Manifest.FILE)
                        + " (edited after it was stored)";
            }
            if (!m.curvesRows().equals(Manifest.curves(curves, t))) {
                return "curves.csv rows of level " + t + " do not match their checksum in "
                        + RunDir.levelPath(t, Manifest.FILE) + " (edited after they were stored)";
            }
        }
        if (check == Check.QUICK) {
            return null;
        }
        if (check == Check.OPEN) {
            for (LevelFiles.NpyFile f : spec.npyFiles()) {
                byte[] want = Npy.header(f.descr(), f.shape());
                Path file = ld.resolve(f.name());
                byte[] got;
                try {
                    got = (byte[]) cached(file, () -> head(file, want.length));
                } catch (RuntimeException e) {
                    return RunDir.levelPath(t, f.name()) + " cannot be read (" + e.getMessage() + ")";
                }
                if (!java.util.Arrays.equals(want, got)) {
                    try {
                        f.check(got);
                    } catch (IllegalArgumentException e) {
                        return RunDir.levelPath(t, e.getMessage());
                    }
                }
            }
            return null;
        }
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        for (Path f : Manifest.levelFiles(ld)) {
            try {
                bytes.put(f.getFileName().toString(), Files.readAllBytes(f));
            } catch (IOException e) {
                return RunDir.levelPath(t, f.getFileName().toString()) + " cannot be read (" + e.getMessage() + ")";
            }
        }
        if (m != null) {
            if (!m.files().keySet().equals(bytes.keySet())) {
                return RunDir.levelPath(t, "") + " holds " + bytes.keySet() + ", but its " + Manifest.FILE + " lists "
                        + m.files().keySet();
            }
            for (Map.Entry<String, byte[]> e : bytes.entrySet()) {
                if (!Manifest.sha256(e.getValue()).equals(m.files().get(e.getKey()))) {
                    return RunDir.levelPath(t, e.getKey()) + " does not match its checksum in " + RunDir.levelPath(t, Manifest.FILE)
                            + " (changed after it was stored)";
                }
            }
        }
        Mask mask;
        try {
            for (LevelFiles.NpyFile f : spec.npyFiles()) {
                f.check(bytes.get(f.name()));
            }
            mask = LevelFiles.mask(bytes::get, shape, spec.layout());
        } catch (IllegalArgumentException e) {
            return RunDir.levelPath(t, e.getMessage());
        }
        ParameterCounts pc = ParameterCounts.of(mask, cfg.pruning().biases());
        String[] row = levels.rows().get(t);
        for (int l = 0; l < pc.layers().size(); l++) {
            String stored = row[levels.column("prunable_l" + l)];
            if (!stored.equals(Integer.toString(pc.prunableKept(l)))) {
                return "levels.csv level " + t + " has prunable_l" + l + " = " + stored + ", but the mask in "
                        + RunDir.levelPath(t, "") + " keeps " + pc.prunableKept(l);
            }
        }
        return null;
    }

    private static byte[] head(Path f, int n) {
        try (var in = Files.newInputStream(f)) {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    /** What is wrong with a complete run as a whole: its level count, its run manifest. */
    private static String completeProblem(Path dir, String hash, RunSummary s, int n, int total, int firstSealed,
                                          boolean fresh) {
        if (s.levels() != n) {
            return "summary.json counts " + s.levels() + " levels, levels.csv has " + n;
        }
        if (!s.stopped() && n != total + 1) {
            return "levels.csv has " + n + " rows, but the run was not stopped early and the schedule of config.json"
                    + " has " + (total + 1) + " levels";
        }
        Path runManifest = dir.resolve(Manifest.FILE);
        if (firstSealed == n) {
            return Files.exists(runManifest) ? Manifest.FILE + " exists, but no level has one (were they deleted?)" : null;
        }
        if (firstSealed > 0) {
            return "levels 0.." + (firstSealed - 1) + " of a complete run have no " + Manifest.FILE + " (deleted?)";
        }
        if (!Files.exists(runManifest)) {
            return Manifest.FILE + " is missing (its levels have checksums, so it was written; deleted?)";
        }
        Manifest.Run m;
        try {
            m = Manifest.Run.read(dir);
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        if (!m.run().equals(hash)) {
            return Manifest.FILE + " was written for run " + m.run() + ", not " + hash
                    + " (was config.json edited and its directory renamed?)";
        }
        List<String> want = Manifest.Run.covered(n);
        if (!m.files().keySet().equals(new java.util.LinkedHashSet<>(want))) {
            return Manifest.FILE + " lists " + m.files().keySet() + ", expected " + want;
        }
        for (String f : want) {
            try {
                if (!Manifest.sha256(dir.resolve(f), fresh).equals(m.files().get(f))) {
                    return f + " does not match its checksum in " + Manifest.FILE + " (changed after the run was stored)";
                }
            } catch (UncheckedIOException e) {
                return f + " cannot be read (" + e.getMessage() + ")";
            }
        }
        return null;
    }

    private static StoredRun corrupt(Path dir, ExperimentConfig cfg, String problem) {
        return new StoredRun(dir, cfg, RunStatus.CORRUPT, problem, null, null, List.of(), 0, new int[0]);
    }

    static JsonNode readJson(Path f) {
        try {
            return Json.parse(Files.readString(f), f.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    static ObjectNode readProvenance(Path dir) {
        Path f = dir.resolve(RunDir.PROVENANCE);
        if (!Files.exists(f)) {
            return null;
        }
        try {
            JsonNode n = readJson(f);
            return n.isObject() && n.has("sessions") ? (ObjectNode) n : null;
        } catch (RuntimeException e) {
            // provenance is a record of what happened, not an input: start a fresh one
            return null;
        }
    }

    /** Parsed CSV, cached by path, modification time and size. */
    static Csv.Parsed cachedCsv(Path f) {
        return (Csv.Parsed) cached(f, () -> {
            try {
                return Csv.parse(Files.readString(f));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + f.getFileName() + " (" + e.getMessage() + ")");
            }
        });
    }

    static ExperimentConfig cachedConfig(Path f) {
        return (ExperimentConfig) cached(f, () -> ExperimentConfig.read(f));
    }

    private static Object cached(Path f, java.util.function.Supplier<Object> load) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(f, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(f.getFileName() + " is missing");
        }
        long mtime = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        Path key = f.toAbsolutePath().normalize();
        Cached c = FILE_CACHE.get(key);
        if (c != null && c.mtime == mtime && c.size == a.size()) {
            return c.value;
        }
        Object v = load.get();
        FILE_CACHE.put(key, new Cached(mtime, a.size(), v));
        return v;
    }
}
