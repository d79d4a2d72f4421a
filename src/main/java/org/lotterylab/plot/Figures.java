package org.lotterylab.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;

import org.knowm.xchart.XYChart;
import org.lotterylab.io.Project;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Exports charts of one notebook to {@code figures/<notebook>/<name>.png} (300 dpi),
 * {@code .svg} and {@code .pdf}, and hands back an image the notebook displays inline.
 *
 * <p>Typical notebook use, with no kernel-specific code:
 * <pre>{@code
 * var fig = Figures.forNotebook("00-quickstart");
 * XYChart chart = Figures.xyChart("Pruning schedule", "level", "weights left");
 * chart.addSeries("IMP", levels, counts);
 * fig.show(chart, "schedule")   // last expression of the cell: rendered as image/png
 * }</pre>
 *
 * <p><b>Sizes.</b> A chart's width and height are read as points (1/72 in) ({@link PaperStyle}),
 * so a single-column chart is 3.4 x 2.4 in; the PNG is written at 300 dpi and fonts keep their
 * point size in every format. Files are written by the package's one exporter.
 *
 * <p><b>Where files go.</b> The figures root is {@code $LAB_FIGURES_DIR} when set (tests use
 * it so that a fast run never overwrites paper figures), else {@code <project>/figures}. The
 * project is {@code $LAB_HOME} when set, else the nearest folder at or above the working
 * directory that holds both {@code lab} and {@code pom.xml}.
 *
 * <p><b>Writes are atomic.</b> Each file is written to a temporary file in the same folder
 * and renamed over the target, so a reader never sees a half-written figure and a crash
 * leaves the previous figure in place.
 */
public final class Figures {

    /** Environment variable naming the notebook when none is given, set by {@code ./lab}. */
    public static final String NOTEBOOK_ENV = "LAB_NOTEBOOK";
    /** Environment variable holding the project root, set by the kernelspec. */
    public static final String HOME_ENV = Project.HOME_ENV;
    /** Environment variable overriding the figures root folder. */
    public static final String FIGURES_DIR_ENV = "LAB_FIGURES_DIR";

    /** Inline previews are drawn at twice the nominal size (144 dpi) so they stay sharp on screen. */
    private static final double PREVIEW_SCALE = 2;

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final String notebook;
    private final Path directory;

    private Figures(String notebook, Path directory) {
        this.notebook = notebook;
        this.directory = directory;
    }

    /**
     * Figures of the named notebook, e.g. {@code "00-quickstart"} (a trailing
     * {@code .ipynb} is dropped). Nothing is created until the first export.
     *
     * @throws IllegalArgumentException if the name is blank or not a plain file name
     * @throws IllegalStateException if no project root can be found (see class comment)
     */
    public static Figures forNotebook(String notebook) {
        String name = checkName(stripSuffix(notebook, ".ipynb"), "notebook name");
        return new Figures(name, figuresRoot().resolve(name));
    }

    /**
     * Figures of the notebook named by {@value #NOTEBOOK_ENV}, as set by {@code ./lab figures}
     * and {@code ./lab test}.
     *
     * @throws IllegalStateException if {@value #NOTEBOOK_ENV} is unset, naming the fix
     */
    public static Figures current() {
        String env = System.getenv(NOTEBOOK_ENV);
        if (env == null || env.isBlank()) {
            throw new IllegalStateException(NOTEBOOK_ENV + " is not set: call "
                    + "Figures.forNotebook(\"<notebook name>\") instead, or run the notebook "
                    + "with ./lab figures.");
        }
        return forNotebook(env.trim());
    }

    /**
     * Figures of {@code notebook} under an explicit figures root, for tools and tests that
     * choose the folder themselves: files go to {@code figuresRoot/notebook/}.
     */
    public static Figures at(Path figuresRoot, String notebook) {
        String name = checkName(stripSuffix(notebook, ".ipynb"), "notebook name");
        return new Figures(name, figuresRoot.toAbsolutePath().normalize().resolve(name));
    }

    /** A single-column (3.4 x 2.4 in) XY chart in the house style ({@link PaperStyle}). */
    public static XYChart xyChart(String title, String xAxisTitle, String yAxisTitle) {
        XYChart chart = PaperStyle.xyChart(PaperStyle.Size.SINGLE_COLUMN, xAxisTitle, yAxisTitle);
        chart.setTitle(title == null ? "" : title);
        return chart;
    }

    /** The notebook these figures belong to. */
    public String notebook() {
        return notebook;
    }

    /** The folder exports go to: {@code <figures root>/<notebook>}. */
    public Path directory() {
        return directory;
    }

    /**
     * Writes {@code <name>.png} (300 dpi), {@code <name>.svg} and {@code <name>.pdf},
     * replacing earlier files of that name, and creates the folder when missing.
     *
     * @param name file name without extension, e.g. {@code "schedule"}
     * @return the three files written, in the order png, svg, pdf
     * @throws IllegalArgumentException if the name is blank or not a plain file name
     * @throws UncheckedIOException if a file cannot be written; earlier files stay intact
     */
    public List<Path> export(Chart<?, ?> chart, String name) {
        String base = checkName(name, "figure name");
        return io(base, () -> Export.all(chart, directory, base));
    }

    /** {@link #export(Chart, String)} for a {@link Figure} of {@link Charts}. */
    public List<Path> export(Figure<?> figure, String name) {
        return export(figure.chart(), name);
    }

    /** Writes a network diagram like a chart: PNG (300 dpi), SVG and PDF. */
    public List<Path> export(NetworkDiagram diagram, String name) {
        String base = checkName(name, "figure name");
        return io(base, () -> diagram.save(directory, base));
    }

    /**
     * {@link #export Exports} the chart and returns a preview image of it. Make the call the
     * last expression of a notebook cell: Java kernels (rapaio-jupyter-kernel, IJava) render
     * a returned {@link java.awt.image.RenderedImage} as an {@code image/png} output, so the
     * executed notebook keeps the figure without kernel-specific code.
     */
    public BufferedImage show(Chart<?, ?> chart, String name) {
        export(chart, name);
        return preview(chart);
    }

    /** {@link #show(Chart, String)} for a {@link Figure} of {@link Charts}. */
    public BufferedImage show(Figure<?> figure, String name) {
        return show(figure.chart(), name);
    }

    /** Exports a network diagram and returns its preview image, as {@link #show(Chart, String)}. */
    public BufferedImage show(NetworkDiagram diagram, String name) {
        export(diagram, name);
        return diagram.image(PREVIEW_SCALE);
    }

    /** The chart drawn at twice its nominal size (144 dpi), without writing anything. */
    public static BufferedImage preview(Chart<?, ?> chart) {
        BufferedImage image = new BufferedImage((int) Math.ceil(chart.getWidth() * PREVIEW_SCALE),
                (int) Math.ceil(chart.getHeight() * PREVIEW_SCALE), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.scale(PREVIEW_SCALE, PREVIEW_SCALE);
            PaperStyle.withRoundXTicks(chart, () -> {
                chart.paint(g, chart.getWidth(), chart.getHeight());
                return null;
            });
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * The images side by side, {@code columns} per row, on white: one inline output for a
     * series of figures (e.g. a network diagram per level), since a cell displays only its last
     * value. Cells are as large as the largest image; an empty list gives a 1 x 1 white image.
     */
    public static BufferedImage grid(List<? extends java.awt.image.RenderedImage> images, int columns) {
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be >= 1, got " + columns);
        }
        int w = 1;
        int h = 1;
        for (var im : images) {
            w = Math.max(w, im.getWidth());
            h = Math.max(h, im.getHeight());
        }
        int cols = Math.max(1, Math.min(columns, images.size()));
        int rows = Math.max(1, (images.size() + cols - 1) / cols);
        BufferedImage out = new BufferedImage(cols * w, rows * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            for (int k = 0; k < images.size(); k++) {
                g.drawRenderedImage(images.get(k), java.awt.geom.AffineTransform.getTranslateInstance(
                        (double) (k % cols) * w, (double) (k / cols) * h));
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    @Override
    public String toString() {
        return "Figures[" + notebook + " -> " + directory + "]";
    }

    private interface Io {
        List<Path> run() throws IOException;
    }

    private List<Path> io(String name, Io write) {
        try {
            return write.run();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write figure '" + name + "' to " + directory + ": " + e.getMessage(), e);
        }
    }

    static Path figuresRoot() {
        String override = System.getenv(FIGURES_DIR_ENV);
        if (override != null && !override.isBlank()) {
            return Paths.get(override.trim()).toAbsolutePath().normalize();
        }
        return Project.root().orElseThrow(() -> new IllegalStateException(
                "Cannot find the LotteryLab project: no folder at or above " + Paths.get("").toAbsolutePath()
                        + " holds both lab and pom.xml. Set " + HOME_ENV
                        + " to your clone, or use Figures.at(folder, notebook).")).resolve("figures");
    }

    static String checkName(String name, String what) {
        if (name == null || !SAFE_NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("Invalid " + what + " '" + name + "': use "
                    + "letters, digits, '.', '_' and '-' only, starting with a letter or digit "
                    + "(it becomes a file name).");
        }
        return name;
    }

    private static String stripSuffix(String s, String suffix) {
        return s != null && s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
    }
}
