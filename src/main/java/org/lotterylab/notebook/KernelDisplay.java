package org.lotterylab.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;
import org.lotterylab.plot.Figure;
import org.lotterylab.plot.Figures;
import org.lotterylab.plot.Drawing;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.DisplayTransformer;
import org.rapaio.jupyter.kernel.display.MimeType;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;
import tech.tablesaw.api.Table;

/**
 * How the rapaio Jupyter kernel shows LotteryLab's values: the kernel finds this class through
 * {@code META-INF/services/org.rapaio.jupyter.kernel.display.spi.DisplayProvider} and asks its
 * renderers first. Only the kernel loads it; nothing else in the library refers to it.
 *
 * <ul>
 *   <li>{@link Html}: its markup, and its text for plain-text front-ends;</li>
 *   <li>an {@link HtmlDisplayable} (a {@code study.Verdict} or {@code Verdicts}): its
 *       {@link HtmlDisplayable#html()}, and its {@code toString()} as plain text;</li>
 *   <li>a Tablesaw {@link Table}: {@link Html#table(Table)};</li>
 *   <li>a {@link CharSequence} ({@code printAll()}, pretty JSON) and a Jackson
 *       {@link JsonNode} (pretty-printed): {@link Html#pre(String)};</li>
 *   <li>an XChart chart, a {@link Figure} or a {@link Drawing} (network diagram, binned diagram,
 *       pixel maps): a PNG preview at 2 pixels per point (144 dpi), as {@link Figures#preview};
 *       nothing is written to disk ({@link Figures#export} does that);</li>
 *   <li>any other object, unless the kernel has a renderer for it (images, collections, maps):
 *       its {@code toString()} preformatted. The kernel's own fallback sends {@code toString()}
 *       as HTML, where line breaks and runs of spaces collapse.</li>
 * </ul>
 *
 * A renderer that fails shows the value's {@code toString()} and the failure as text instead of
 * failing the cell.
 */
public final class KernelDisplay implements DisplayProvider {
    /** Pixels per point of the inline images, as {@link Figures#preview}. */
    static final double IMAGE_SCALE = 2;

    @Override
    public List<DisplayRenderer> getDisplayRenderers() {
        return List.of(
                text(Html.class, h -> h),
                new Renderer<>(HtmlDisplayable.class, false, KernelDisplay::data),
                text(Table.class, Html::table),
                text(CharSequence.class, s -> Html.pre(s.toString())),
                text(JsonNode.class, j -> Html.pre(j.toPrettyString())),
                image(Chart.class, c -> Figures.preview(c)),
                image(Figure.class, f -> Figures.preview(f.chart())),
                image(Drawing.class, d -> d.image(IMAGE_SCALE)));
    }

    @Override
    public List<DisplayTransformer> getDisplayTransformers() {
        return List.of(new Preformatted());
    }

    /** The HTML and plain text of an {@link Html}. */
    static DisplayData data(Html h) {
        DisplayData dd = DisplayData.fromHtml(h.markup());
        dd.putText(h.text());
        return dd;
    }

    /** The HTML of a value that renders itself, and its {@code toString()} as plain text. */
    static DisplayData data(HtmlDisplayable v) {
        DisplayData dd = DisplayData.fromHtml(v.html());
        dd.putText(v.toString());
        return dd;
    }

    /**
     * A PNG of {@code image}, shown at its pixel size, as the kernel shows a returned image
     * (and {@code Figures.show}'s previews): 2 pixels per point reads well on screen, and at
     * its size in points a paper-sized figure came out too small to read (checked in
     * nbconvert's HTML).
     */
    static DisplayData png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the image as PNG", e);
        }
        return DisplayData.withType(MimeType.PNG.longType(), Base64.getEncoder().encodeToString(bytes.toByteArray()));
    }

    private static <T> DisplayRenderer text(Class<T> type, Function<? super T, Html> html) {
        return new Renderer<>(type, false, o -> data(html.apply(o)));
    }

    private static <T> DisplayRenderer image(Class<T> type, Function<? super T, BufferedImage> image) {
        return new Renderer<>(type, true, o -> png(image.apply(o)));
    }

    /** Renders one class; asked by the kernel for cell values and {@code display(...)} calls. */
    private static final class Renderer<T> implements DisplayRenderer {
        private final Class<T> type;
        private final boolean image;
        private final Function<? super T, DisplayData> render;

        Renderer(Class<T> type, boolean image, Function<? super T, DisplayData> render) {
            this.type = type;
            this.image = image;
            this.render = render;
        }

        @Override
        public Class<?> rendererClass() {
            return type;
        }

        /** No MIME type asked for (a cell's value), or the one this renderer produces. */
        @Override
        public boolean canRender(String mime) {
            if (mime == null || mime.isBlank()) {
                return true;
            }
            MimeType m;
            try {
                m = MimeType.from(mime, null);
            } catch (IllegalArgumentException unknown) {
                return false;
            }
            return image ? m == MimeType.PNG : m == MimeType.HTML || m == MimeType.TEXT;
        }

        @Override
        public DisplayData render(String mime, Object o) {
            try {
                return render.apply(type.cast(o));
            } catch (RuntimeException | LinkageError e) {
                return data(Html.pre(o + "\n\n(LotteryLab could not render this " + type.getSimpleName()
                        + ": " + e + ")"));
            }
        }
    }

    /**
     * Turns any value no renderer took into {@link Html#pre preformatted} {@code toString()}
     * text, except maps and the kernel's own objects, which the kernel's transformers show as
     * tables.
     */
    private static final class Preformatted implements DisplayTransformer {
        @Override
        public boolean canTransform(Object o) {
            return o != null && !(o instanceof Map<?, ?>) && !o.getClass().getName().startsWith("org.rapaio.");
        }

        @Override
        public Class<?> transformedClass() {
            return Html.class;
        }

        @Override
        public Object transform(Object o) {
            return Html.pre(o.toString());
        }
    }
}
