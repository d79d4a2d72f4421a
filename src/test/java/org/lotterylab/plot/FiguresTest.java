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
            assertEquals(3, listing.count(), "only the three figures, no temporary files");
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
    void reExportReplacesFiles() throws Exception {
        Figures figs = Figures.at(tmp, "nb");
        figs.export(sampleChart(), "a");
        List<Path> again = figs.export(sampleChart(), "a");
        for (Path p : again) {
            assertTrue(Files.size(p) > 0);
        }
        try (Stream<Path> listing = Files.list(figs.directory())) {
            assertEquals(3, listing.count());
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
}
