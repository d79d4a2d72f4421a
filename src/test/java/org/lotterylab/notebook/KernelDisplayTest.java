package org.lotterylab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.lotterylab.plot.Drawing;
import org.lotterylab.progress.Progress;
import org.lotterylab.study.Verdict.Threshold;
import org.lotterylab.study.Verdict;
import org.lotterylab.study.Verdicts;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplaySystem;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * Values rendered by the kernel's own display system (its class, loading its providers as in a
 * notebook), without a running kernel: the kernel jar is on the test classpath.
 */
class KernelDisplayTest {

    static DisplayData render(Object o) {
        return DisplaySystem.inst().render(o);
    }

    @Test
    void theKernelFindsTheProviderThroughItsServiceFile() {
        List<String> providers = ServiceLoader.load(DisplayProvider.class).stream()
                .map(p -> p.type().getName()).toList();
        assertTrue(providers.contains(KernelDisplay.class.getName()), providers.toString());
    }

    @Test
    void aTableShowsAsAnHtmlTableWithAPlainTextForm() throws Exception {
        Table t = Table.create("acc", DoubleColumn.create("test_acc", 0.5, 0.975));
        DisplayData dd = render(t);
        var root = HtmlTest.parse((String) dd.data().get("text/html"));
        assertEquals(List.of("0.500", "0.975"), HtmlTest.column(root, 0));
        assertTrue(((String) dd.data().get("text/plain")).contains("test_acc"));
    }

    @Test
    void textAndOtherObjectsShowPreformatted() throws Exception {
        String verdict = "Dense network: 0.975.\n  It split at level 5.";
        DisplayData dd = render(verdict);
        assertEquals(verdict, HtmlTest.all(HtmlTest.parse((String) dd.data().get("text/html")), "pre").get(0).getTextContent());
        assertEquals(verdict, dd.data().get("text/plain"));

        var json = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("numerics", 3);
        assertEquals(json.toPrettyString(), render(json).data().get("text/plain"));

        Object record = new Object() {
            @Override
            public String toString() {
                return "line 1\nline 2";
            }
        };
        assertEquals("line 1\nline 2", render(record).data().get("text/plain"));
        // The kernel keeps showing maps as its own tables.
        assertTrue(((String) render(Map.of("a", 1)).data().get("text/html")).contains("dataframe"));
    }

    /** The root elements of class lab-verdict in an output's HTML. */
    static List<org.w3c.dom.Element> verdictBoxes(DisplayData dd) throws Exception {
        var root = HtmlTest.parse((String) dd.data().get("text/html"));
        return HtmlTest.all(root, "div").stream()
                .filter(d -> List.of(d.getAttribute("class").split(" ")).contains("lab-verdict")).toList();
    }

    @Test
    void aVerdictShowsAsItsBoxWithTheSentenceAsPlainText() throws Exception {
        // By hand: every resample mean of {1, 2, 3} lies in [1, 3], so the interval is above 0
        // (supported) and that of {-3, -2, -1} below it (not supported); {-1, 0, 1} has mean 0 and
        // resample means -1 and 1 among others, so its interval straddles 0; two values are too few.
        Threshold above0 = Threshold.above(0);
        Map<String, double[]> cases = new java.util.LinkedHashMap<>();
        cases.put("supported", new double[] {1, 2, 3});
        cases.put("not-supported", new double[] {-3, -2, -1});
        cases.put("inconclusive", new double[] {-1, 0, 1});
        cases.put("too-few", new double[] {1, 2});
        for (var c : cases.entrySet()) {
            Verdict v = Verdict.mean("x < 1 & positive", "x", c.getValue(), above0);
            DisplayData dd = render(v);
            assertEquals(v.toString(), dd.data().get("text/plain"), c.getKey());
            var boxes = verdictBoxes(dd);
            assertEquals(1, boxes.size(), c.getKey());
            assertEquals(c.getKey(), boxes.get(0).getAttribute("data-outcome"));
            // the box's text, white space collapsed, is the sentence: claim, statistic, threshold, outcome
            assertEquals(v.toString(), boxes.get(0).getTextContent().replaceAll("\\s+", " ").trim(), c.getKey());
        }
        assertTrue(render(Verdict.mean("c", "x", new double[] {1, 2, 3}, above0)).data().get("text/plain")
                .toString().endsWith("threshold: above 0: supported."));
    }

    @Test
    void severalVerdictsShowAsOneBoxEachAndOneLineEach() throws Exception {
        Verdict yes = Verdict.mean("first", "x", new double[] {1, 2, 3}, Threshold.above(0));
        Verdict no = Verdict.mean("second", "x", new double[] {1, 2, 3}, Threshold.above(5));
        DisplayData dd = render(Verdicts.of(yes, no));
        assertEquals(yes + "\n" + no, dd.data().get("text/plain"));
        assertEquals(List.of("supported", "not-supported"),
                verdictBoxes(dd).stream().map(b -> b.getAttribute("data-outcome")).toList());
    }

    @Test
    void aChartShowsAsAPngAtTwoPixelsPerPoint() throws Exception {
        XYChart chart = new XYChartBuilder().width(300).height(200).title("t").build();
        chart.addSeries("s", new double[] {1, 2, 3}, new double[] {1, 4, 9});
        DisplayData dd = render(chart);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode((String) dd.data().get("image/png"))));
        assertEquals(600, png.getWidth());
        assertEquals(400, png.getHeight());
        assertFalse(dd.data().containsKey("text/html"));
    }

    @Test
    void anyDrawingShowsAsAPngAtTwoPixelsPerPoint() throws Exception {
        // a network diagram, a binned diagram and pixel maps all reach the kernel as a Drawing
        Drawing d = new Drawing() {
            @Override
            public double width() {
                return 30;
            }

            @Override
            public double height() {
                return 20;
            }

            @Override
            public void paint(java.awt.Graphics2D g) {
                g.setColor(java.awt.Color.BLACK);
                g.fill(new java.awt.geom.Rectangle2D.Double(0, 0, 10, 20));
            }
        };
        DisplayData dd = render(d);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode((String) dd.data().get("image/png"))));
        assertEquals(60, png.getWidth());
        assertEquals(40, png.getHeight());
        assertEquals(0x000000, png.getRGB(5, 20) & 0xffffff, "painted at 2 pixels per point");
        assertEquals(0xffffff, png.getRGB(40, 20) & 0xffffff, "on white");
    }

    @Test
    void outsideAKernelThereIsNoCellAndProgressGoesToStderr() {
        assertFalse(Cell.inKernel());
        assertTrue(Cell.liveLine().isEmpty());
        var saved = System.err;
        var bytes = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        try (Progress.Status s = Progress.standard().status()) {
            s.update("sweep: 1/2 runs done");
            s.update("sweep: 2/2 runs done");
        } finally {
            System.setErr(saved);
        }
        assertEquals("sweep: 1/2 runs done\nsweep: 2/2 runs done\n", bytes.toString(java.nio.charset.StandardCharsets.UTF_8),
                "the first update at once, the last one, held back, at close");
    }
}
