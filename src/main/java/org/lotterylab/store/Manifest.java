package org.lotterylab.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.lotterylab.io.AtomicFiles;

/**
 * The SHA-256 checksums of a stored run, so that a changed byte anywhere in it is found.
 *
 * <p>Two files, both named {@value #FILE}, both JSON with {@code "format": 2} (written since
 * the compact level layout, December 2026; format 1, written before, is read as well):
 * <ul>
 *   <li><b>Level manifest</b> {@code levels/NNN/manifest.json}: {@code run} (the config hash),
 *       {@code level}, {@code layout} (the {@link LevelFiles} layout of the level's files; absent
 *       in format 1, whose levels are all layout 1), {@code files} (name to SHA-256 of every other file of the level
 *       directory), {@code levelsRow} (SHA-256 of the level's line in {@code levels.csv},
 *       newline included) and {@code curvesRows} (SHA-256 of the level's lines in
 *       {@code curves.csv}). It is written into the level's temp directory before the rename
 *       that publishes it, so a published level always carries its checksums; the CSV rows are
 *       known before the level is published and written after it, so they are covered from the
 *       moment they exist.</li>
 *   <li><b>Run manifest</b> {@code manifest.json} in the run directory, written just before
 *       {@code summary.json}: {@code run} and {@code files}, the SHA-256 of
 *       {@code config.json}, {@code levels.csv}, {@code curves.csv}, {@code provenance.json},
 *       {@code summary.json} and every level manifest. It seals the complete run: through the
 *       level manifests it covers every file. A crash between the two writes leaves a partial
 *       run whose resume writes both again.</li>
 * </ul>
 *
 * <p>Runs stored before checksums existed have neither; they still load (see
 * {@link StoredRun#hasChecksums()}). When such a partial run is resumed, its levels are sealed
 * before new ones are computed, highest first, so the unsealed levels of any run are always a
 * prefix {@code 0..k-1} of its levels.
 *
 * <p>Hashes of files on disk are cached per process by path, modification time and size; the
 * checks of {@code ./lab runs --verify} bypass the cache.
 */
final class Manifest {
    /** The name of both manifests. */
    static final String FILE = "manifest.json";
    /** The format this library writes; it reads 1 as well. */
    static final int FORMAT = 2;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final HexFormat HEX = HexFormat.of();
    private static final Map<Path, Known> HASHES = new ConcurrentHashMap<>();

    private record Known(long mtime, long size, String sha) {
    }

    private Manifest() {
    }

    // ------------------------------------------------------------------ hashing

    static String sha256(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The SHA-256 of a file: from the cache when the file's modification time and size are those
     * it was hashed with, unless {@code fresh}.
     *
     * @throws UncheckedIOException if the file cannot be read
     */
    static String sha256(Path file, boolean fresh) {
        Path key = file.toAbsolutePath().normalize();
        try {
            BasicFileAttributes a = Files.readAttributes(key, BasicFileAttributes.class);
            long mtime = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            Known k = HASHES.get(key);
            if (!fresh && k != null && k.mtime == mtime && k.size == a.size()) {
                return k.sha;
            }
            String sha = sha256(Files.readAllBytes(key));
            HASHES.put(key, new Known(mtime, a.size(), sha));
            return sha;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code bytes}, just read from {@code file} whose attributes before the read were
     * {@code a}, hash to {@code sha}; a match is remembered so the next read of the unchanged
     * file is not hashed again.
     */
    static boolean matches(Path file, BasicFileAttributes a, byte[] bytes, String sha) {
        Path key = file.toAbsolutePath().normalize();
        long mtime = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        Known k = HASHES.get(key);
        if (k != null && k.mtime == mtime && k.size == a.size() && k.size == bytes.length) {
            return k.sha.equals(sha);
        }
        String got = sha256(bytes);
        HASHES.put(key, new Known(mtime, a.size(), got));
        return got.equals(sha);
    }

    /** The SHA-256 of one row's CSV line. */
    static String row(String[] row) {
        return sha256(Csv.line(row));
    }

    /** The SHA-256 of the CSV lines of these rows, as {@link Csv#format} writes them. */
    static String rows(List<String[]> rows) {
        StringBuilder sb = new StringBuilder();
        rows.forEach(r -> sb.append(Csv.line(r)));
        return sha256(sb.toString());
    }

    /** The SHA-256 of the lines of level {@code t} in {@code curves.csv}. */
    static String curves(Csv.Parsed curves, int t) {
        String level = Integer.toString(t);
        return rows(curves.rows().stream().filter(r -> r[0].equals(level)).toList());
    }

    // ------------------------------------------------------------------ level manifest

    /**
     * The checksums of one level directory.
     *
     * @param run        the config hash of the run the level was computed for
     * @param level      the level
     * @param files      file name to SHA-256, for every file of the directory but the manifest
     * @param levelsRow  SHA-256 of the level's line in {@code levels.csv}
     * @param curvesRows SHA-256 of the level's lines in {@code curves.csv}
     * @param layout     the {@link LevelFiles} layout of the level's files
     */
    record Level(String run, int level, Map<String, String> files, String levelsRow, String curvesRows, int layout) {

        /**
         * Hashes every file of {@code dir} (a level's temp directory, or a published level of a
         * run stored before checksums, {@code layout} 1) and writes the manifest into it.
         */
        static Level seal(Path dir, String run, int level, String levelsRow, String curvesRows, int layout) {
            Map<String, String> files = new TreeMap<>();
            for (Path f : levelFiles(dir)) {
                files.put(f.getFileName().toString(), sha256(f, true));
            }
            Level m = new Level(run, level, files, levelsRow, curvesRows, layout);
            ObjectNode n = JSON.createObjectNode();
            n.put("format", FORMAT);
            n.put("run", run);
            n.put("level", level);
            n.put("layout", layout);
            n.put("levelsRow", levelsRow);
            n.put("curvesRows", curvesRows);
            n.set("files", JSON.valueToTree(files));
            AtomicFiles.write(dir.resolve(FILE), pretty(n));
            return m;
        }

        /**
         * Reads {@code dir/manifest.json}.
         *
         * @throws IllegalArgumentException if it is not a level manifest of this format
         */
        static Level read(Path dir) {
            JsonNode n = readJson(dir.resolve(FILE), FILE);
            JsonNode files = n.path("files");
            if (!n.path("run").isTextual() || !n.path("level").isInt() || !files.isObject()
                    || !n.path("levelsRow").isTextual() || !n.path("curvesRows").isTextual()) {
                throw new IllegalArgumentException(FILE + " lacks run, level, files,"
                        + " levelsRow or curvesRows");
            }
            int layout = n.get("format").asInt() == 1 ? 1 : n.path("layout").asInt(-1);
            if (layout != 1 && layout != LevelFiles.LAYOUT) {
                throw new IllegalArgumentException(FILE + " names level layout " + n.path("layout")
                        + ", which this library does not know (written by a newer one?)");
            }
            Map<String, String> f = new TreeMap<>();
            files.fields().forEachRemaining(e -> f.put(e.getKey(), e.getValue().asText()));
            return new Level(n.get("run").asText(), n.get("level").asInt(), f, n.get("levelsRow").asText(),
                    n.get("curvesRows").asText(), layout);
        }
    }

    /**
     * The files of a level directory a manifest covers: all but the manifest and hidden files
     * (temp files start with {@link AtomicFiles#TMP_PREFIX}; a file manager may add others).
     */
    static List<Path> levelFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(FILE))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ run manifest

    /**
     * The checksums of a complete run.
     *
     * @param run   the config hash
     * @param files path relative to the run directory ({@code /}-separated) to SHA-256
     */
    record Run(String run, Map<String, String> files) {

        /** The files a run manifest of a run with {@code levels} levels lists, in order. */
        static List<String> covered(int levels) {
            List<String> names = new java.util.ArrayList<>(List.of(RunDir.CONFIG, RunDir.LEVELS_CSV,
                    RunDir.CURVES_CSV, RunDir.PROVENANCE, RunDir.SUMMARY));
            for (int t = 0; t < levels; t++) {
                names.add(RunDir.levelPath(t, FILE));
            }
            return names;
        }

        /**
         * Writes {@code dir/manifest.json} for a run of {@code levels} levels whose
         * {@code summary.json} will hold {@code summary} (hashed from memory: it is written
         * after the manifest).
         */
        static void write(Path dir, String run, int levels, byte[] summary) {
            Map<String, String> files = new LinkedHashMap<>();
            for (String name : covered(levels)) {
                files.put(name, name.equals(RunDir.SUMMARY) ? sha256(summary) : sha256(dir.resolve(name), true));
            }
            ObjectNode n = JSON.createObjectNode();
            n.put("format", FORMAT);
            n.put("run", run);
            n.set("files", JSON.valueToTree(files));
            AtomicFiles.write(dir.resolve(FILE), pretty(n));
        }

        /**
         * Reads {@code dir/manifest.json}.
         *
         * @throws IllegalArgumentException if it is not a run manifest of this format
         */
        static Run read(Path dir) {
            JsonNode n = readJson(dir.resolve(FILE), FILE);
            if (!n.path("run").isTextual() || !n.path("files").isObject()) {
                throw new IllegalArgumentException(FILE + " lacks run or files");
            }
            Map<String, String> f = new LinkedHashMap<>();
            n.get("files").fields().forEachRemaining(e -> f.put(e.getKey(), e.getValue().asText()));
            return new Run(n.get("run").asText(), f);
        }
    }

    private static JsonNode readJson(Path f, String name) {
        JsonNode n;
        try {
            n = JSON.readTree(Files.readString(f));
        } catch (IOException e) {
            throw new IllegalArgumentException(name + " cannot be read ("
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
        int format = n == null ? -1 : n.path("format").asInt(-1);
        if (n == null || !n.isObject() || (format != 1 && format != FORMAT)) {
            throw new IllegalArgumentException(name + " is not a format-1 or format-" + FORMAT + " manifest");
        }
        return n;
    }

    private static String pretty(JsonNode n) {
        try {
            return JSON.writeValueAsString(n) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
