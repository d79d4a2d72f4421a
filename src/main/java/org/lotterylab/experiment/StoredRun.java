package org.lotterylab.experiment;

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
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;
import org.lotterylab.prune.Reset;
import tech.tablesaw.api.Table;

/**
 * One run directory of a {@link RunStore}, as found on disk: its config, status and files.
 * Inspecting checks the directory (config present, parseable and matching the directory's
 * hash; CSV files complete; every level's files present with the right sizes); the parsed
 * CSV files are cached in memory by file modification time, so repeated queries are fast.
 * Immutable snapshot: ask the store again after the run changed.
 */
public final class StoredRun {
    private static final Map<Path, Cached> CSV_CACHE = new ConcurrentHashMap<>();

    private record Cached(long mtime, long size, Object value) {
    }

    private final Path dir;
    private final String hash;
    private final ExperimentConfig config;
    private final RunStatus status;
    private final String problem;
    private final Csv.Parsed levels;
    private final JsonNode summary;
    private final List<Integer> orphans;

    private StoredRun(Path dir, ExperimentConfig config, RunStatus status, String problem, Csv.Parsed levels,
                      JsonNode summary, List<Integer> orphans) {
        this.dir = dir;
        this.hash = dir.getFileName().toString();
        this.config = config;
        this.status = status;
        this.problem = problem;
        this.levels = levels;
        this.summary = summary;
        this.orphans = orphans;
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

    /** {@code summary.json} of a complete run (category, split and degradation level, final accuracies). */
    public Optional<JsonNode> summary() {
        return Optional.ofNullable(summary);
    }

    /** The split category ({@code SPLIT_ONLY}, ...) of a complete run, else empty. */
    public Optional<String> category() {
        return summary().map(s -> s.get("category").asText());
    }

    /** {@code provenance.json} (sessions with host, JDK, kernel, git commit, times; per-level seconds). */
    public JsonNode provenance() {
        return readJson(dir.resolve(RunStore.PROVENANCE));
    }

    /**
     * The {@link org.lotterylab.train.Trainer#NUMERICS numerics version} that computed this run's
     * first level; 0 for runs stored before versions were recorded or without provenance.
     */
    public int numerics() {
        return Provenance.numerics(readProvenance(dir));
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
        Tables t = new Tables();
        for (String[] r : p.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int c = 0; c < r.length; c++) {
                row.put(p.header().get(c), Tables.parse(r[c]));
            }
            t.add(row);
        }
        return t.build(hash + " curves");
    }

    /** The directory of level {@code t} (masks, weights as .npy, GraphML). */
    public Path levelDir(int t) {
        return dir.resolve(RunStore.LEVELS_DIR).resolve(LevelFiles.dirName(t));
    }

    /** The GraphML file of level {@code t}. */
    public Path graphml(int t) {
        return levelDir(t).resolve(LevelFiles.graphName(t));
    }

    /** The mask level {@code t} trained with. */
    public Mask mask(int t) {
        requireLevel(t);
        return LevelFiles.mask(levelDir(t), startShape());
    }

    /** The parameters level {@code t} started training from, with its mask. */
    public Network initial(int t) {
        return LevelFiles.network(levelDir(t), "init", startShape(), config.model().activation(), mask(t));
    }

    /** The parameters after training level {@code t}, with its mask. */
    public Network trained(int t) {
        return LevelFiles.network(levelDir(t), "trained", startShape(), config.model().activation(), mask(t));
    }

    int[] startShape() {
        return config.schedule().startShape();
    }

    Csv.Parsed levelsParsed() {
        return levels;
    }

    Csv.Parsed curvesParsed() {
        return cachedCsv(dir.resolve(RunStore.CURVES_CSV));
    }

    List<Integer> orphans() {
        return orphans;
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

    /**
     * Inspects a run directory.
     *
     * @param deep also decode every .npy file (slow for big runs; {@code ./lab runs --verify})
     */
    static StoredRun inspect(Path dir, boolean deep) {
        Path cfgFile = dir.resolve(RunStore.CONFIG);
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
        if (!h.equals(dir.getFileName().toString())) {
            return corrupt(dir, cfg, "config.json hashes to " + h + ", not to the directory name (was it edited?)");
        }
        int[] shape = cfg.schedule().startShape();
        boolean rewind = cfg.pruning().reset().mode() == Reset.Mode.REWIND;
        Csv.Parsed levels;
        Path csv = dir.resolve(RunStore.LEVELS_CSV);
        if (Files.exists(csv)) {
            try {
                levels = cachedCsv(csv);
            } catch (RuntimeException e) {
                return corrupt(dir, cfg, "levels.csv: " + e.getMessage());
            }
            List<String> want = LevelColumns.header(shape.length - 1, cfg.data().taskCount());
            if (!levels.header().equals(want)) {
                return corrupt(dir, cfg, "levels.csv has other columns than this library writes (another version?)");
            }
            for (int r = 0; r < levels.rows().size(); r++) {
                if (!levels.rows().get(r)[0].equals(Integer.toString(r))) {
                    return corrupt(dir, cfg, "levels.csv row " + (r + 1) + " is level " + levels.rows().get(r)[0]
                            + ", expected " + r);
                }
            }
        } else {
            levels = new Csv.Parsed(List.of(), List.of());
        }
        int n = levels.rows().size();
        if (n > 0) {
            try {
                Csv.Parsed curves = cachedCsv(dir.resolve(RunStore.CURVES_CSV));
                if (!curves.header().equals(RunStore.CURVE_HEADER)) {
                    return corrupt(dir, cfg, "curves.csv has an unexpected header");
                }
            } catch (RuntimeException e) {
                return corrupt(dir, cfg, "curves.csv: " + e.getMessage());
            }
        }
        for (int t = 0; t < n; t++) {
            Path ld = dir.resolve(RunStore.LEVELS_DIR).resolve(LevelFiles.dirName(t));
            String p = LevelFiles.problem(ld, shape, t, rewind && t == 0);
            if (p != null) {
                return corrupt(dir, cfg, p);
            }
            if (deep) {
                try (Stream<Path> files = Files.list(ld)) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".npy")).toList()) {
                        Npy.read(f);
                    }
                } catch (IOException | RuntimeException e) {
                    return corrupt(dir, cfg, "level " + t + ": " + e.getMessage());
                }
            }
        }
        List<Integer> orphans = new ArrayList<>();
        Path ldir = dir.resolve(RunStore.LEVELS_DIR);
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
        Path sum = dir.resolve(RunStore.SUMMARY);
        if (Files.exists(sum)) {
            JsonNode s;
            try {
                s = readJson(sum);
            } catch (RuntimeException e) {
                return corrupt(dir, cfg, "summary.json is invalid (" + e.getMessage() + ")");
            }
            if (n == 0 || !s.has("category") || !orphans.isEmpty()) {
                return corrupt(dir, cfg, n == 0 ? "summary.json exists but no level is stored"
                        : !orphans.isEmpty() ? "level directories " + orphans + " are not listed in levels.csv"
                        : "summary.json lacks the category");
            }
            return new StoredRun(dir, cfg, RunStatus.COMPLETE, null, levels, s, List.of());
        }
        return new StoredRun(dir, cfg, RunStatus.PARTIAL, null, levels, null, orphans);
    }

    private static StoredRun corrupt(Path dir, ExperimentConfig cfg, String problem) {
        return new StoredRun(dir, cfg, RunStatus.CORRUPT, problem, null, null, List.of());
    }

    static JsonNode readJson(Path f) {
        try {
            return ConfigJson.parseTree(Files.readString(f), f.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    static ObjectNode readProvenance(Path dir) {
        Path f = dir.resolve(RunStore.PROVENANCE);
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
        return (ExperimentConfig) cached(f, () -> ConfigJson.read(f));
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
        Cached c = CSV_CACHE.get(key);
        if (c != null && c.mtime == mtime && c.size == a.size()) {
            return c.value;
        }
        Object v = load.get();
        CSV_CACHE.put(key, new Cached(mtime, a.size(), v));
        return v;
    }
}
