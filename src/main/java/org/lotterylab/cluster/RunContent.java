package org.lotterylab.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.lotterylab.experiment.ExperimentConfig;

/**
 * The results of one run directory as comparable entries, so that two copies of a run (two
 * machines, a cluster and a laptop) can be told apart from a mere difference in wall time.
 *
 * <p>Entries, each a name and a value: {@code config} (the canonical config JSON),
 * {@code levels.csv level L COLUMN} (each value as written), {@code curves.csv level L} (the
 * level's lines), {@code summary.json FIELD} (each field's JSON) and {@code levels/NNN/FILE}
 * (the SHA-256 of each level file, manifests excluded). Left out: the wall times
 * ({@value #SECONDS} in {@code levels.csv}, {@value #FINISHED} in {@code summary.json}),
 * {@code provenance.json} (host, start and end times) and the manifests (they hash the rows
 * with their times).
 */
final class RunContent {
    /** The level column holding wall time. */
    static final String SECONDS = "seconds";
    /** The summary field holding the time the run ended. */
    static final String FINISHED = "finished";
    private static final Set<String> SKIPPED_FILES = Set.of("manifest.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunContent() {
    }

    /**
     * The entries of the run in {@code dir}, sorted by name.
     *
     * @throws UncheckedIOException if a file cannot be read
     * @throws IllegalArgumentException if a CSV row has the wrong number of fields
     */
    static Map<String, String> of(Path dir) {
        Map<String, String> m = new TreeMap<>();
        m.put("config", ExperimentConfig.read(dir.resolve("config.json")).canonicalJson());
        csv(dir.resolve("levels.csv"), (level, header, row) -> {
            for (int c = 1; c < header.size(); c++) {
                if (!header.get(c).equals(SECONDS)) {
                    m.put("levels.csv level " + level + " " + header.get(c), row[c]);
                }
            }
        });
        Map<String, StringBuilder> curves = new TreeMap<>();
        csv(dir.resolve("curves.csv"), (level, header, row) ->
                curves.computeIfAbsent("curves.csv level " + level, k -> new StringBuilder())
                        .append(String.join(",", row)).append('\n'));
        curves.forEach((k, v) -> m.put(k, v.toString()));
        Path summary = dir.resolve("summary.json");
        if (Files.exists(summary)) {
            JsonNode s = readJson(summary);
            s.fields().forEachRemaining(e -> {
                if (!e.getKey().equals(FINISHED)) {
                    m.put("summary.json " + e.getKey(), e.getValue().toString());
                }
            });
        }
        Path levels = dir.resolve("levels");
        if (Files.isDirectory(levels)) {
            for (Path level : list(levels)) {
                if (!Files.isDirectory(level) || hidden(level)) {
                    continue;
                }
                for (Path f : list(level)) {
                    String name = f.getFileName().toString();
                    if (Files.isRegularFile(f) && !hidden(f) && !SKIPPED_FILES.contains(name)) {
                        m.put("levels/" + level.getFileName() + "/" + name, sha256(f));
                    }
                }
            }
        }
        return m;
    }

    /**
     * The first difference between two runs' entries, described for a person ("levels/003/
     * trained_w0.npy differs", "levels.csv level 2 test_acc: 0.91 here, 0.915 there"), or null
     * when they agree. With {@code strict}, an entry only one side has is a difference too;
     * without, only the entries both have are compared (a run written by an older library may
     * lack a newer column or file).
     */
    static String difference(Map<String, String> here, Map<String, String> there, boolean strict) {
        for (Map.Entry<String, String> e : here.entrySet()) {
            String other = there.get(e.getKey());
            if (other == null) {
                if (strict) {
                    return e.getKey() + " is only here";
                }
            } else if (!other.equals(e.getValue())) {
                String k = e.getKey();
                if (k.startsWith("levels/") || k.startsWith("curves.csv") || k.equals("config")) {
                    return k + " differs";
                }
                return k + ": " + e.getValue().strip() + " here, " + other.strip() + " there";
            }
        }
        if (strict) {
            for (String k : there.keySet()) {
                if (!here.containsKey(k)) {
                    return k + " is only there";
                }
            }
        }
        return null;
    }

    @FunctionalInterface
    private interface RowSink {
        void row(String level, List<String> header, String[] row);
    }

    private static void csv(Path file, RowSink sink) {
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            return;
        }
        List<String> header = List.of(lines.get(0).split(",", -1));
        for (int i = 1; i < lines.size(); i++) {
            String[] row = lines.get(i).split(",", -1);
            if (row.length != header.size()) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " has " + row.length + " fields, the header "
                        + header.size());
            }
            sink.row(row[0], header, row);
        }
    }

    private static JsonNode readJson(Path f) {
        try {
            return JSON.readTree(Files.readString(f));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The SHA-256 of a file's bytes, in hex. */
    static String sha256(Path f) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(f)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
