package org.lotterylab.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.lotterylab.experiment.Profile;
import org.lotterylab.io.AtomicFiles;
import org.lotterylab.io.Project;

/**
 * The provenance file {@code <name>.json} written beside every exported figure or table:
 * where it came from, and a fingerprint of what it shows.
 *
 * <pre>{@code
 * {
 *   "name" : "validation-loss",          "notebook" : "00-quickstart",
 *   "kind" : "chart",                    // chart | diagram | table
 *   "files" : [ "validation-loss.png", "validation-loss.svg", "validation-loss.pdf" ],
 *   "fingerprint" : "3f9c...",           // SHA-256, see below
 *   "runs" : [ "66157590e377" ],         // run hashes given with Figures.from(...); [] when none
 *   "profile" : "full",                  // Profile.current() of the process that exported
 *   "export" : "paper",                  // paper | scratch (Figures' rule)
 *   "library" : { "version" : "...", "commit" : "<git HEAD of the project>", "dirty" : false },
 *   "rendered" : "2026-12-01T20:15:00Z"  // when the figure files were last written
 * }
 * }</pre>
 *
 * <p><b>Fingerprint.</b> SHA-256 of {@link #FORMAT} followed by the figure's SVG rendering (a
 * table: its CSV and LaTeX text). The SVG holds every drawing command, so equal fingerprints
 * mean equal figures, and rendering it costs a fraction of the 300-dpi PNG and the PDF. Bumping
 * {@link #FORMAT} (a change of resolution or exporter) makes every fingerprint differ once.
 *
 * <p><b>Skipping.</b> {@link #decide} compares a new sidecar with the one on disk: same
 * fingerprint and all files present means the figure files are left alone; if the rest (runs,
 * profile, commit, ...) is the same too, nothing at all is written. "rendered" is not compared.
 * A missing or unreadable sidecar counts as different, so the figure is written.
 *
 * <p>{@code commit} is {@code git rev-parse HEAD} in the project folder ({@link Project#root()}),
 * {@code dirty} whether the library differs from that commit ({@code git status} lists changed
 * tracked files under {@code src/main} or {@code pom.xml}; not the notebooks and reports, which
 * {@code ./lab figures} rewrites while it runs, and whose outputs a git filter clears); both are
 * looked up once per process and are {@code null} outside a git clone.
 */
final class Sidecar {
    /** Part of every fingerprint: what the exporter writes. Change it when the output changes. */
    static final String FORMAT = "lotterylab-figure-1 png@" + Export.DPI + "dpi svg pdf | table csv tex";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static volatile ObjectNode library;
    /** The paths whose local changes make a figure's commit "dirty". */
    private static final String[] DIRTY_PATHS = {"src/main", "pom.xml"};

    /** What {@link #decide} found: write the figure files and the sidecar, only the sidecar, or nothing. */
    enum Action {
        WRITE_ALL, WRITE_SIDECAR, NOTHING
    }

    private final ObjectNode node;

    private Sidecar(ObjectNode node) {
        this.node = node;
    }

    /** A sidecar for a figure about to be exported now. */
    static Sidecar of(String notebook, String name, String kind, List<Path> files, String fingerprint,
            List<String> runs, String export) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", name);
        n.put("notebook", notebook);
        n.put("kind", kind);
        var fileNames = n.putArray("files");
        files.forEach(f -> fileNames.add(f.getFileName().toString()));
        n.put("fingerprint", fingerprint);
        var runArray = n.putArray("runs");
        runs.forEach(runArray::add);
        n.put("profile", Profile.current().toString());
        n.put("export", export);
        n.set("library", library());
        n.put("rendered", Instant.now().toString());
        return new Sidecar(n);
    }

    /** The sidecar's path for figure files named {@code name} in {@code dir}. */
    static Path path(Path dir, String name) {
        return dir.resolve(name + ".json");
    }

    /**
     * What must be written for this sidecar given {@code existing} on disk (null when none) and
     * the figure files: see the class comment.
     */
    Action decide(JsonNode existing, List<Path> files) {
        if (existing == null || !node.get("fingerprint").equals(existing.get("fingerprint"))
                || !files.stream().allMatch(Files::isRegularFile)) {
            return Action.WRITE_ALL;
        }
        ObjectNode a = node.deepCopy();
        a.remove("rendered");
        JsonNode b = existing.deepCopy();
        if (b instanceof ObjectNode o) {
            o.remove("rendered");
        }
        if (a.equals(b)) {
            return Action.NOTHING;
        }
        // Same drawing: keep the time its files were written.
        if (existing.hasNonNull("rendered")) {
            node.set("rendered", existing.get("rendered"));
        }
        return Action.WRITE_SIDECAR;
    }

    /** The sidecar at {@code file}, or null when missing or not a JSON object. */
    static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    void write(Path file) throws IOException {
        AtomicFiles.write(file, tmp -> Files.write(tmp, (JSON.writeValueAsString(node) + "\n")
                .getBytes(StandardCharsets.UTF_8)));
    }

    /** The JSON content, for tests and inspection. */
    JsonNode json() {
        return node;
    }

    /** SHA-256 in hex of {@link #FORMAT} followed by {@code parts}. */
    static String fingerprint(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(FORMAT.getBytes(StandardCharsets.UTF_8));
            for (byte[] p : parts) {
                sha.update(p);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static ObjectNode library() {
        ObjectNode lib = library;
        if (lib == null) {
            synchronized (Sidecar.class) {
                if (library == null) {
                    ObjectNode n = JSON.createObjectNode();
                    n.put("version", Project.libraryVersion());
                    Path root = Project.root().orElse(null);
                    String commit = Project.gitCommit();
                    n.put("commit", commit);
                    List<String> status = commit == null ? null
                            : Project.git(root, concat(new String[] {"status", "--porcelain", "--untracked-files=no", "--"}, DIRTY_PATHS));
                    if (status == null) {
                        n.putNull("dirty");
                    } else {
                        n.put("dirty", !status.isEmpty());
                    }
                    library = n;
                }
                lib = library;
            }
        }
        return lib.deepCopy();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
