package org.lotterylab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Figures exports pixel maps and binned diagrams as it does network diagrams: files, sidecar, skipping. */
class ImageFiguresExportTest {
    @TempDir
    Path tmp;

    @Test
    void pixelMapsAndBinnedDiagramsExportWithSidecars() throws Exception {
        Figures figs = Figures.at(tmp, "nb");
        PixelMaps maps = PixelMaps.builder(ImageNets.handTasks()).level("a", ImageNets.hand(false)).build();
        BinnedDiagram diagram = BinnedDiagram.of(ImageNets.hand(false), ImageNets.handTasks()).build();
        List<Path> m = figs.export(maps, "pixels");
        List<Path> d = figs.export(diagram, "binned");
        for (Path p : List.of(m.get(0), m.get(1), m.get(2), d.get(0), d.get(1), d.get(2))) {
            assertTrue(Files.size(p) > 100, p.toString());
        }
        var json = new ObjectMapper().readTree(tmp.resolve("nb/pixels.json").toFile());
        assertEquals("diagram", json.get("kind").asText());
        assertEquals(List.of("pixels.png", "pixels.svg", "pixels.pdf"),
                List.of(json.get("files").get(0).asText(), json.get("files").get(1).asText(),
                        json.get("files").get(2).asText()));
        String fingerprint = json.get("fingerprint").asText();
        long png = Files.getLastModifiedTime(m.get(0)).toMillis();

        // the same maps again: the fingerprint matches, the PNG is left alone
        Thread.sleep(20);
        figs.export(PixelMaps.builder(ImageNets.handTasks()).level("a", ImageNets.hand(false)).build(), "pixels");
        assertEquals(png, Files.getLastModifiedTime(m.get(0)).toMillis());
        // another network: another fingerprint
        figs.export(PixelMaps.builder(ImageNets.handTasks()).level("a", ImageNets.hand(true)).build(), "pixels");
        var again = new ObjectMapper().readTree(tmp.resolve("nb/pixels.json").toFile());
        assertNotEquals(fingerprint, again.get("fingerprint").asText());

        var preview = figs.show(diagram, "binned");
        assertEquals((int) Math.ceil(diagram.width() * 2), preview.getWidth());
        assertEquals((int) Math.ceil(maps.height() * 2), figs.show(maps, "pixels").getHeight());
    }
}
