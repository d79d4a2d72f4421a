package org.lotterylab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.lotterylab.experiment.Profile;

/** The provenance file beside each figure, and the fingerprint that spares unchanged figures. */
class SidecarTest {

    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));

    @TempDir
    Path tmp;

    private static XYChart chart(double last) {
        XYChart chart = Figures.xyChart("Schedule", "level", "weights left");
        chart.addSeries("IMP", new double[] {0, 1, 2, 3}, new double[] {100, 80, 64, last});
        return chart;
    }

    /** Sets every file of the folder to {@link #LONG_AGO}, so any later write shows. */
    private static List<Path> age(Path dir) throws Exception {
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        for (Path f : files) {
            Files.setLastModifiedTime(f, LONG_AGO);
        }
        return files;
    }

    private static List<Path> written(List<Path> files) throws Exception {
        List<Path> out = new ArrayList<>();
        for (Path f : files) {
            if (!Files.getLastModifiedTime(f).equals(LONG_AGO)) {
                out.add(f.getFileName());
            }
        }
        return out;
    }

    private static List<Path> listing(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static String git(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? out : null;
    }

    @Test
    void theSidecarRecordsRunsProfileCommitFilesAndTheSvgFingerprint() throws Exception {
        Figures figs = Figures.at(tmp, "nb").fromHashes("66157590e377", "0123456789ab");
        figs.export(chart(51), "schedule");
        JsonNode j = Sidecar.read(tmp.resolve("nb/schedule.json"));

        assertEquals("schedule", j.get("name").asText());
        assertEquals("nb", j.get("notebook").asText());
        assertEquals("chart", j.get("kind").asText());
        assertEquals("[\"schedule.png\",\"schedule.svg\",\"schedule.pdf\"]", j.get("files").toString());
        assertEquals("[\"66157590e377\",\"0123456789ab\"]", j.get("runs").toString());
        assertEquals(Profile.current().toString(), j.get("profile").asText());
        assertEquals("paper", j.get("export").asText());
        // The test runs in the clone: its HEAD is what the sidecar must name.
        String head = git("rev-parse", "HEAD");
        assertEquals(head == null ? "null" : head, j.get("library").get("commit").asText());
        assertTrue(j.get("library").get("dirty").isBoolean() || head == null);
        Instant rendered = Instant.parse(j.get("rendered").asText());
        assertTrue(Math.abs(rendered.toEpochMilli() - System.currentTimeMillis()) < 60_000, rendered.toString());

        // Fingerprint: SHA-256 of the format line and the SVG file's bytes, computed here anew.
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(Sidecar.FORMAT.getBytes(StandardCharsets.UTF_8));
        sha.update(Files.readAllBytes(tmp.resolve("nb/schedule.svg")));
        assertEquals(HexFormat.of().formatHex(sha.digest()), j.get("fingerprint").asText());
    }

    @Test
    void aSecondShowOfTheSameChartWritesNothing() throws Exception {
        Figures figs = Figures.at(tmp, "nb").fromHashes("abc");
        figs.show(chart(51), "a");
        Path dir = figs.directory();
        List<Path> files = age(dir);
        figs.show(chart(51), "a");   // a new chart object with the same content
        assertEquals(List.of(), written(files));
        assertEquals(files, listing(dir), "no new or temporary files");
    }

    @Test
    void aChangedChartRewritesAllFilesAndItsFingerprint() throws Exception {
        Figures figs = Figures.at(tmp, "nb");
        figs.export(chart(51), "a");
        String before = Sidecar.read(tmp.resolve("nb/a.json")).get("fingerprint").asText();
        List<Path> files = age(figs.directory());
        figs.export(chart(52), "a");
        assertEquals(List.of(Path.of("a.json"), Path.of("a.pdf"), Path.of("a.png"), Path.of("a.svg")), written(files));
        assertNotEquals(before, Sidecar.read(tmp.resolve("nb/a.json")).get("fingerprint").asText());
    }

    @Test
    void otherRunsWithTheSameDrawingRewriteOnlyTheSidecarAndKeepItsRenderedTime() throws Exception {
        Figures figs = Figures.at(tmp, "nb");
        figs.fromHashes("aaa").export(chart(51), "a");
        String rendered = Sidecar.read(tmp.resolve("nb/a.json")).get("rendered").asText();
        List<Path> files = age(figs.directory());
        figs.fromHashes("bbb").export(chart(51), "a");
        assertEquals(List.of(Path.of("a.json")), written(files));
        JsonNode j = Sidecar.read(tmp.resolve("nb/a.json"));
        assertEquals("[\"bbb\"]", j.get("runs").toString());
        assertEquals(rendered, j.get("rendered").asText());
    }

    @Test
    void aMissingFileOrSidecarMakesTheFigureRenderAgain() throws Exception {
        Figures figs = Figures.at(tmp, "nb");
        figs.export(chart(51), "a");
        Files.delete(tmp.resolve("nb/a.pdf"));
        List<Path> files = age(figs.directory());
        figs.export(chart(51), "a");
        assertTrue(Files.isRegularFile(tmp.resolve("nb/a.pdf")));
        assertEquals(List.of(Path.of("a.json"), Path.of("a.png"), Path.of("a.svg")), written(files));

        Files.writeString(tmp.resolve("nb/a.json"), "not json");
        files = age(figs.directory());
        figs.export(chart(51), "a");
        assertEquals(4, written(files).size(), "an unreadable sidecar counts as none");
    }

    @Test
    void networkDiagramsAreSparedToo() throws Exception {
        Figures figs = Figures.at(tmp, "nb");
        NetworkDiagram d = NetworkDiagram.of(NetworkDiagramTest.splitNet())
                .coloring(NetworkDiagram.Coloring.COMPONENT).title("split").build();
        figs.export(d, "net");
        assertEquals("diagram", Sidecar.read(tmp.resolve("nb/net.json")).get("kind").asText());
        List<Path> files = age(figs.directory());
        figs.export(NetworkDiagram.of(NetworkDiagramTest.splitNet())
                .coloring(NetworkDiagram.Coloring.COMPONENT).title("split").build(), "net");
        assertEquals(List.of(), written(files));
        figs.export(NetworkDiagram.of(NetworkDiagramTest.splitNet())
                .coloring(NetworkDiagram.Coloring.SIGN).title("split").build(), "net");
        assertEquals(4, written(files).size(), "another colouring is another drawing");
    }
}
