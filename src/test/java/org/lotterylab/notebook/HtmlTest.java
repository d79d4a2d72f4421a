package org.lotterylab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The HTML is parsed (it is well-formed XML) and checked cell by cell, not compared as a string. */
class HtmlTest {

    /** The fragment parsed as XML under one root element. */
    static Element parse(String html) throws Exception {
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader("<root>" + html + "</root>")));
        return d.getDocumentElement();
    }

    static List<Element> all(Element e, String tag) {
        NodeList n = e.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < n.getLength(); i++) {
            out.add((Element) n.item(i));
        }
        return out;
    }

    static List<String> texts(List<Element> cells) {
        return cells.stream().map(Element::getTextContent).toList();
    }

    /** Column j of every body row. */
    static List<String> column(Element root, int j) {
        Element body = all(root, "tbody").get(0);
        return all(body, "tr").stream().map(r -> all(r, "td").get(j).getTextContent()).toList();
    }

    @Test
    void headerCellsAlignmentAndEscaping() throws Exception {
        Table t = Table.create("levels",
                IntColumn.create("level", 0, 1, 2),
                DoubleColumn.create("test_acc", 0.5, 0.975, 1.0),
                StringColumn.create("category", "SPLIT", "a<b & \"c\"", "NO_SPLIT"));
        Element root = parse(Html.table(t).markup());

        assertEquals("levels", all(root, "caption").get(0).getTextContent());
        List<Element> th = all(root, "th");
        assertEquals(List.of("level", "test_acc", "category"), texts(th));
        assertTrue(th.get(0).getAttribute("style").contains("text-align: right"));
        assertTrue(th.get(2).getAttribute("style").contains("text-align: left"));

        assertEquals(List.of("0", "1", "2"), column(root, 0));
        // 3 significant digits of the smallest, 0.5: 3 decimals.
        assertEquals(List.of("0.500", "0.975", "1.000"), column(root, 1));
        assertEquals(List.of("SPLIT", "a<b & \"c\"", "NO_SPLIT"), column(root, 2), "escaped, so shown literally");

        Element firstRow = all(all(root, "tbody").get(0), "tr").get(0);
        List<Element> td = all(firstRow, "td");
        assertTrue(td.get(0).getAttribute("style").contains("text-align: right"), "integers right-aligned");
        assertTrue(td.get(1).getAttribute("style").contains("text-align: right"), "floats right-aligned");
        assertTrue(td.get(2).getAttribute("style").contains("text-align: left"), "text left-aligned");
        assertEquals("num", td.get(1).getAttribute("class"));
        assertEquals("text", td.get(2).getAttribute("class"));
        assertTrue(all(root, "p").isEmpty(), "no 'more rows' note when every row shows");
    }

    @Test
    void decimalsPerColumnFollowTheLargestAndSmallestValue() throws Exception {
        double nan = Double.NaN;
        Table t = Table.create("",
                DoubleColumn.create("loss", 0.6931, 0.0034, nan),
                DoubleColumn.create("tiny", 1.2e-5, 0.5, 0.25),
                DoubleColumn.create("weights", 120.0, 3.0, 48.0),
                DoubleColumn.create("seconds", 123.456, 7.25, 0.5),
                DoubleColumn.create("sign", 1.5, -1e-9, Double.POSITIVE_INFINITY));
        Element root = parse(Html.table(t).markup());
        assertTrue(all(root, "caption").isEmpty(), "no caption for a table without a name");
        // 3 significant digits of 0.0034 take 5 decimals; NaN is missing.
        assertEquals(List.of("0.69310", "0.00340", ""), column(root, 0));
        // 1.2e-5 would need 7 decimals: capped at 6.
        assertEquals(List.of("0.000012", "0.500000", "0.250000"), column(root, 1));
        // Whole numbers: no decimals.
        assertEquals(List.of("120", "3", "48"), column(root, 2));
        // The smallest, 0.5, needs 3 decimals: the large value keeps them too.
        assertEquals(List.of("123.456", "7.250", "0.500"), column(root, 3));
        // -1e-9 would need 11 decimals, capped at 6, and then rounds to 0 (no "-0").
        assertEquals(List.of("1.500000", "0.000000", "\u221e"), column(root, 4));
    }

    @Test
    void rowLimitShowsTheFirstRowsAndSaysHowManyMore() throws Exception {
        int[] v = new int[45];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * i;
        }
        Table t = Table.create("squares", IntColumn.create("i_squared", v));

        Element root = parse(Html.table(t).markup());
        List<String> shown = column(root, 0);
        assertEquals(Html.DEFAULT_ROWS, shown.size());
        assertEquals("0", shown.get(0));
        assertEquals(String.valueOf(39 * 39), shown.get(39));
        String note = all(root, "p").get(0).getTextContent();
        assertTrue(note.contains("5 more rows") && note.contains("45 in all"), note);

        root = parse(Html.table(t, 44).markup());
        assertEquals(44, column(root, 0).size());
        note = all(root, "p").get(0).getTextContent();
        assertTrue(note.contains("1 more row ") && note.contains("Html.table(t, 45)"), note);
        assertTrue(Html.table(t, 44).text().endsWith("... 1 more row (45 in all)"), "plain text says so too");

        assertEquals(45, column(parse(Html.table(t, 45).markup()), 0).size());
        assertTrue(all(parse(Html.table(t, 45).markup()), "p").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Html.table(t, 0));
    }

    @Test
    void anEmptyTableHasItsHeaderAndNoRows() throws Exception {
        Table t = Table.create("empty", IntColumn.create("level"), StringColumn.create("category"));
        Element root = parse(Html.table(t).markup());
        assertEquals(List.of("level", "category"), texts(all(root, "th")));
        assertTrue(all(root, "td").isEmpty());
    }

    @Test
    void preKeepsLineBreaksAndSpacesAndEscapes() throws Exception {
        String text = "Dense: 0.975\n  split at level 5 <of 8> & \"done\"\n";
        Html h = Html.pre(text);
        Element pre = all(parse(h.markup()), "pre").get(0);
        assertEquals(text, pre.getTextContent(), "the exact text, spaces and line breaks included");
        assertTrue(pre.getAttribute("style").contains("white-space: pre-wrap"));
        assertEquals(text, h.text());
        assertEquals("null", Html.pre(null).text());
    }
}
