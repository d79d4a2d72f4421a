package org.lotterylab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.w3c.dom.Document;

class FiguresTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @TempDir
    Path tmp;

    private static XYChart sampleChart() {
        XYChart chart = Figures.xyChart("Schedule", "level", "weights left");
        chart.addSeries("IMP", new double[] {0, 1, 2, 3}, new double[] {100, 80, 64, 51});
        chart.addSeries("random", new double[] {0, 1, 2, 3}, new double[] {100, 90, 81, 73});
        return chart;
    }

    @Test
    void exportWritesPngSvgAndPdfUnderTheNotebookFolder() throws Exception {
        Figures figs = Figures.at(tmp, "00-test.ipynb");
        assertEquals("00-test", figs.notebook());
        List<Path> files = figs.export(sampleChart(), "schedule");

        Path dir = tmp.resolve("00-test");
        assertEquals(List.of(dir.resolve("schedule.png"), dir.resolve("schedule.svg"),
                dir.resolve("schedule.pdf")), files);
        try (Stream<Path> listing = Files.list(dir)) {
            assertEquals(List.of("schedule.json", "schedule.pdf", "schedule.png", "schedule.svg"),
                    listing.map(p -> p.getFileName().toString()).sorted().toList(),
                    "the three figures and their sidecar, no temporary files");
        }
    }

    @Test
    void pngIs300DpiSingleColumn() throws Exception {
        Path png = Figures.at(tmp, "nb").export(sampleChart(), "a").get(0);
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8));

        BufferedImage img = ImageIO.read(png.toFile());
        // 3.4 x 2.4 in at 300 dpi, up to rounding to whole points.
        assertEquals(1020, img.getWidth(), 10);
        assertEquals(720, img.getHeight(), 10);

        long pixelsPerMetre = readPhysChunk(bytes);
        assertEquals(11811, pixelsPerMetre, 1, "300 dpi = 11811 pixels per metre");
    }

    @Test
    void svgIsXmlWithSvgRoot() throws Exception {
        Path svg = Figures.at(tmp, "nb").export(sampleChart(), "a").get(1);
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // No network: the SVG's DOCTYPE must not be fetched.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getLocalName());
    }

    @Test
    void pdfHasHeaderAndTrailer() throws Exception {
        Path pdf = Figures.at(tmp, "nb").export(sampleChart(), "a").get(2);
        String text = new String(Files.readAllBytes(pdf), StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("%PDF-"), "PDF header");
        assertTrue(text.strip().endsWith("%%EOF"), "PDF trailer");
    }

    @Test
    void reExportReplacesAChangedChart() throws Exception {
        Figures figs = Figures.at(tmp, "nb");
        List<Path> first = figs.export(sampleChart(), "a");
        byte[] png = Files.readAllBytes(first.get(0));
        XYChart changed = sampleChart();
        changed.addSeries("third", new double[] {0, 1, 2, 3}, new double[] {100, 70, 50, 40});
        List<Path> again = figs.export(changed, "a");
        assertFalse(Arrays.equals(png, Files.readAllBytes(again.get(0))), "the PNG shows the new series");
        try (Stream<Path> listing = Files.list(figs.directory())) {
            assertEquals(4, listing.count());
        }
    }

    @Test
    void showReturnsAPreviewAndExports() {
        Figures figs = Figures.at(tmp, "nb");
        XYChart chart = sampleChart();
        BufferedImage preview = figs.show(chart, "shown");
        assertEquals(chart.getWidth() * 2, preview.getWidth());
        assertTrue(Files.exists(figs.directory().resolve("shown.pdf")));
    }

    @Test
    void badNamesAreRejectedWithTheRule() {
        Figures figs = Figures.at(tmp, "nb");
        for (String bad : new String[] {"", "../x", "a/b", ".hidden", "a b"}) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> figs.export(sampleChart(), bad), bad);
            assertTrue(e.getMessage().contains("letters, digits"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Figures.at(tmp, "../up"));
    }

    @Test
    void projectRootIsTheFolderHoldingLabAndPom() throws Exception {
        Path root = tmp.resolve("clone");
        Path deep = Files.createDirectories(root.resolve("notebooks/sub"));
        assertFalse(org.lotterylab.io.Project.find(deep).isPresent());
        Files.writeString(root.resolve("lab"), "#!/bin/bash\n");
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        assertEquals(root, org.lotterylab.io.Project.find(deep).orElseThrow());
    }

    /** Returns pixels per metre on the x axis from the PNG's pHYs chunk. */
    private static long readPhysChunk(byte[] png) throws IOException {
        var in = new DataInputStream(new ByteArrayInputStream(png, 8, png.length - 8));
        while (in.available() > 0) {
            int length = in.readInt();
            byte[] type = new byte[4];
            in.readFully(type);
            String name = new String(type, StandardCharsets.US_ASCII);
            if (name.equals("pHYs")) {
                long x = Integer.toUnsignedLong(in.readInt());
                long y = Integer.toUnsignedLong(in.readInt());
                int unit = in.readUnsignedByte();
                assertEquals(1, unit, "unit is the metre");
                assertEquals(x, y);
                return x;
            }
            in.skipBytes(length + 4);
        }
        throw new AssertionError("PNG has no pHYs chunk");
    }

    @Test
    void gridPlacesImagesInRowsOfColumns() {
        // Five 10 x 20 images, 2 per row: 3 rows of 2 cells, 20 x 60 pixels; the 4th image sits at (10, 20).
        var images = new java.util.ArrayList<BufferedImage>();
        for (int k = 0; k < 5; k++) {
            BufferedImage im = new BufferedImage(10, 20, BufferedImage.TYPE_INT_RGB);
            im.setRGB(0, 0, 0x010101 * (k + 1));
            images.add(im);
        }
        BufferedImage g = Figures.grid(images, 2);
        assertEquals(20, g.getWidth());
        assertEquals(60, g.getHeight());
        assertEquals(0x040404, g.getRGB(10, 20) & 0xFFFFFF);
        assertEquals(0xFFFFFF, g.getRGB(10, 40) & 0xFFFFFF, "the empty sixth cell stays white");
    }

    // ---- where files go: the one rule -------------------------------------------------------

    private Figures byRule(String export) {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put(Figures.FIGURES_DIR_ENV, tmp.toString());
        if (export != null) {
            env.put(Figures.EXPORT_ENV, export);
        }
        return Figures.byRule("00-rule.ipynb", env::get);
    }

    @Test
    void withoutLabExportFiguresGoToTheScratchFolderAndSaySoOnce() throws Exception {
        Figures figs = byRule(null);
        assertFalse(figs.isPaper());
        assertEquals(tmp.resolve(".scratch/00-rule"), figs.directory());
        var out = new java.io.ByteArrayOutputStream();
        var saved = System.out;
        System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            figs.show(sampleChart(), "a");
            figs.fromHashes("abc").show(sampleChart(), "b");
        } finally {
            System.setOut(saved);
        }
        assertTrue(Files.exists(tmp.resolve(".scratch/00-rule/a.png")));
        assertTrue(Files.exists(tmp.resolve(".scratch/00-rule/b.png")));
        assertFalse(Files.exists(tmp.resolve("00-rule")), "the paper folder is untouched");
        String said = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, said.split("scratch folder", -1).length - 1, "told once: " + said);
        assertTrue(said.contains(tmp.resolve("00-rule").toString()), "names the paper folder it spares: " + said);
        assertTrue(said.contains("./lab figures"), said);
        assertEquals("scratch", Sidecar.read(tmp.resolve(".scratch/00-rule/a.json")).get("export").asText());
    }

    @Test
    void labExportPaperWritesThePaperFolder() {
        assertEquals(tmp.resolve("00-rule"), byRule("paper").directory());
        assertTrue(byRule(" PAPER ").isPaper());
        assertFalse(byRule("scratch").isPaper());
        byRule("paper").export(sampleChart(), "a");
        assertEquals("paper", Sidecar.read(tmp.resolve("00-rule/a.json")).get("export").asText());
        assertFalse(Files.exists(tmp.resolve(".scratch")));
    }

    @Test
    void paperIsTheExplicitWayToThePaperFolderAndKeepsTheRuns() {
        Figures paper = byRule(null).fromHashes("r1", "r2").paper();
        assertTrue(paper.isPaper());
        assertEquals(tmp.resolve("00-rule"), paper.directory());
        assertEquals(List.of("r1", "r2"), paper.runs());
        assertEquals(paper, paper.paper(), "already the paper folder: the same instance");
    }

    @Test
    void aBadLabExportNamesTheVariableAndTheFix() {
        var e = assertThrows(IllegalArgumentException.class, () -> byRule("papers"));
        assertTrue(e.getMessage().contains("LAB_EXPORT=papers"), e.getMessage());
        assertTrue(e.getMessage().contains("LAB_EXPORT=paper"), e.getMessage());
    }

    @Test
    void runHashesAreCheckedAndDeduplicated() {
        assertEquals(List.of("b", "a"), Figures.at(tmp, "nb").fromHashes("b", "a", "b").runs());
        assertThrows(IllegalArgumentException.class, () -> Figures.at(tmp, "nb").fromHashes("a/b"));
        assertThrows(IllegalArgumentException.class, () -> Figures.at(tmp, "nb").fromHashes(""));
    }
}
