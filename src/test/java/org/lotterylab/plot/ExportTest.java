package org.lotterylab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.w3c.dom.Document;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ExportTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    @Test
    void chartExportsPngSvgPdf() throws Exception {
        Table t = Table.create("r", IntColumn.create("x", 1, 1, 2, 2), DoubleColumn.create("y", 1, 2, 3, 5),
                StringColumn.create("seed", "a", "b", "a", "b"));
        Figure<XYChart> f = Charts.errorBand(t, "x", "y", "seed", Charts.Band.SD);
        List<Path> files = f.save(dir.resolve("nb"), "band");
        assertEquals(List.of(dir.resolve("nb/band.png"), dir.resolve("nb/band.svg"), dir.resolve("nb/band.pdf")), files);
        checkPng(files.get(0), (int) Math.round(PaperStyle.Size.SINGLE_COLUMN.width() * 300 / 72.0));
        checkSvg(files.get(1));
        checkPdf(files.get(2));
        assertNoTempFiles(dir.resolve("nb"));
        if (Files.getFileStore(files.get(0)).supportsFileAttributeView("posix")) {
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(files.get(0))));
        }
        // overwriting works
        f.save(dir.resolve("nb"), "band");
        assertNoTempFiles(dir.resolve("nb"));
    }

    @Test
    void diagramExportsPngSvgPdf() throws Exception {
        NetworkDiagram d = NetworkDiagram.of(NetworkDiagramTest.splitNet())
                .coloring(NetworkDiagram.Coloring.COMPONENT).title("split").build();
        List<Path> files = d.save(dir, "net");
        checkPng(files.get(0), (int) Math.ceil(d.width() * 300 / 72.0));
        checkSvg(files.get(1));
        checkPdf(files.get(2));
        assertNoTempFiles(dir);
    }

    @Test
    void rejectsNamesWithDirectories() {
        NetworkDiagram d = NetworkDiagram.of(NetworkDiagramTest.splitNet()).build();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> d.save(dir, "a/b"));
    }

    private static void checkPng(Path p, int expectedWidth) throws Exception {
        byte[] b = Files.readAllBytes(p);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(b, 8));
        ByteBuffer buf = ByteBuffer.wrap(b);
        int pos = 8;
        boolean phys = false;
        int width = -1;
        while (pos + 8 <= b.length) {
            int len = buf.getInt(pos);
            String type = new String(b, pos + 4, 4, StandardCharsets.US_ASCII);
            if (type.equals("IHDR")) {
                width = buf.getInt(pos + 8);
            }
            if (type.equals("pHYs")) {
                assertEquals(11811, buf.getInt(pos + 8), "pixels per metre x");
                assertEquals(11811, buf.getInt(pos + 12), "pixels per metre y");
                assertEquals(1, b[pos + 16], "unit: metre");
                phys = true;
            }
            pos += 12 + len;
        }
        assertTrue(phys, "pHYs chunk");
        assertEquals(expectedWidth, width, 1.0);
    }

    private static void checkSvg(Path p) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        // do not fetch the DTD from the network
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(p)));
        assertEquals("svg", doc.getDocumentElement().getLocalName());
    }

    private static void checkPdf(Path p) throws Exception {
        byte[] b = Files.readAllBytes(p);
        String head = new String(b, 0, 5, StandardCharsets.ISO_8859_1);
        assertEquals("%PDF-", head);
        String tail = new String(b, Math.max(0, b.length - 64), Math.min(64, b.length), StandardCharsets.ISO_8859_1)
                .strip();
        assertTrue(tail.endsWith("%%EOF"), tail);
    }

    private static void assertNoTempFiles(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            List<String> names = s.map(x -> x.getFileName().toString()).toList();
            assertTrue(names.stream().noneMatch(n -> n.startsWith(".")), names.toString());
        }
    }
}
