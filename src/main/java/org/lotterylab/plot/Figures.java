package org.lotterylab.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.lotterylab.io.Project;
import org.lotterylab.store.StoredRun;
import tech.tablesaw.api.Table;

/**
 * Exports the figures and tables of one notebook, each with a provenance file, and hands back
 * what the notebook displays inline.
 *
 * <p>Typical notebook use, with no kernel-specific code:
 * <pre>{@code
 * var figs = Figures.forNotebook("00-quickstart");
 * var run = store.run(config);
 * figs.from(run).show(Charts.validationLoss(run.curves()), "validation-loss")  // last expression:
 *                                                                             // shown as image/png
 * figs.from(run).show(summaryTable, "summary")   // writes summary.csv and summary.tex
 * }</pre>
 *
 * <p><b>Where files go: one rule.</b> A {@code Figures} made by {@link #forNotebook} or
 * {@link #current} writes the <em>paper folder</em> {@code <figures root>/<notebook>/} only when
 * the environment variable {@value #EXPORT_ENV} is {@code paper}, which {@code ./lab figures}
 * (environment/run_notebooks.py) sets in the full profile. Otherwise (interactive Jupyter, a fast
 * pass) it writes the <em>scratch folder</em> {@code <figures root>/.scratch/<notebook>/}
 * (git-ignored) and says so in the cell's output the first time. So exploring never replaces the
 * paper's figures. {@link #paper()} is the explicit way to write the paper folder anyway, e.g.
 * {@code figs.paper().show(chart, "name")}; {@link #at} writes exactly the folder it is given.
 * The figures root is {@code $LAB_FIGURES_DIR} when set (the tests point it into
 * {@code target/}), else {@code <project>/figures}; the project is {@code $LAB_HOME} when set,
 * else the nearest folder at or above the working directory holding {@code lab} and
 * {@code pom.xml}.
 *
 * <p><b>What is written.</b> A chart or a network diagram: {@code <name>.png} (300 dpi),
 * {@code .svg} and {@code .pdf}; a table: {@code <name>.csv} and {@code <name>.tex} (booktabs,
 * see {@link #export(Table, String)}). Beside each, {@code <name>.json} records its provenance:
 * the run hashes given with {@link #from(StoredRun...)}, the profile, the library version and
 * git commit (with a dirty flag), the export folder kind, when it was rendered, and a
 * fingerprint of its content (format in {@code Sidecar}). Names are unique per notebook: a
 * table and a figure of the same name share the {@code .json}.
 *
 * <p><b>Unchanged figures are not rewritten.</b> The fingerprint is a SHA-256 of the figure's SVG
 * rendering (every drawing command; a table: its CSV and LaTeX). When it equals the one in the
 * existing {@code <name>.json} and all files are there, the PNG, SVG and PDF are left as they are
 * (a rerun from stored runs then costs only the SVG rendering); when the provenance changed too
 * (another commit, other runs), only the {@code .json} is rewritten, keeping its "rendered" time.
 *
 * <p><b>Sizes.</b> A chart's width and height are read as points (1/72 in) ({@link PaperStyle}),
 * so a single-column chart is 3.4 x 2.4 in; the PNG is written at 300 dpi and fonts keep their
 * point size in every format.
 *
 * <p><b>Writes are atomic.</b> Each file is written to a temporary file in the same folder
 * and renamed over the target, so a reader never sees a half-written figure and a crash
 * leaves the previous figure in place. The {@code .json} is written last, so a figure whose
 * files were interrupted is rendered again next time.
 *
 * <p>Instances are immutable: {@link #from} and {@link #paper()} return new ones.
 */
public final class Figures {

    /** Environment variable naming the notebook when none is given, set by {@code ./lab}. */
    public static final String NOTEBOOK_ENV = "LAB_NOTEBOOK";
    /** Environment variable holding the project root, set by the kernelspec. */
    public static final String HOME_ENV = Project.HOME_ENV;
    /** Environment variable overriding the figures root folder. */
    public static final String FIGURES_DIR_ENV = "LAB_FIGURES_DIR";
    /**
     * Environment variable choosing the folder: {@code paper} for the paper folder, unset or
     * {@code scratch} for the scratch folder (see the class comment).
     */
    public static final String EXPORT_ENV = "LAB_EXPORT";
    /** The folder under the figures root that holds the scratch folders of all notebooks. */
    public static final String SCRATCH_DIR = ".scratch";

    /** Inline previews are drawn at twice the nominal size (144 dpi) so they stay sharp on screen. */
    private static final double PREVIEW_SCALE = 2;

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final String notebook;
    private final Path root;
    private final boolean paper;
    private final Path directory;
    private final List<String> runs;
    /** Shared by the instances derived from one another, so the scratch notice prints once. */
    private final AtomicBoolean told;

    private Figures(String notebook, Path root, boolean paper, Path directory, List<String> runs,
            AtomicBoolean told) {
        this.notebook = notebook;
        this.root = root;
        this.paper = paper;
        this.directory = directory;
        this.runs = List.copyOf(runs);
        this.told = told;
    }

    /** The class comment's rule, reading environment variables through {@code env}. */
    static Figures byRule(String notebook, UnaryOperator<String> env) {
        String name = checkName(stripSuffix(notebook, ".ipynb"), "notebook name");
        boolean paper = paperFromEnv(env.apply(EXPORT_ENV));
        Path root = figuresRoot(env.apply(FIGURES_DIR_ENV));
        return new Figures(name, root, paper, paper ? root.resolve(name) : root.resolve(SCRATCH_DIR).resolve(name),
                List.of(), new AtomicBoolean());
    }

    /**
     * Figures of the named notebook, e.g. {@code "00-quickstart"} (a trailing {@code .ipynb} is
     * dropped), in the paper or the scratch folder by the rule of the class comment. Nothing is
     * created until the first export.
     *
     * @throws IllegalArgumentException if the name is blank or not a plain file name, or
     *         {@value #EXPORT_ENV} holds something other than {@code paper} or {@code scratch}
     * @throws IllegalStateException if no project root can be found (see class comment)
     */
    public static Figures forNotebook(String notebook) {
        return byRule(notebook, System::getenv);
    }

    /**
     * Figures of the notebook named by {@value #NOTEBOOK_ENV}, as set by {@code ./lab figures}
     * and {@code ./lab test}; folder by the rule of the class comment.
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
        return byRule(env.trim(), System::getenv);
    }

    /**
     * Figures of {@code notebook} under an explicit figures root, for tools and tests that
     * choose the folder themselves: files go to {@code figuresRoot/notebook/}, whatever
     * {@value #EXPORT_ENV} says (the sidecars record {@code "export": "paper"}).
     */
    public static Figures at(Path figuresRoot, String notebook) {
        String name = checkName(stripSuffix(notebook, ".ipynb"), "notebook name");
        Path root = figuresRoot.toAbsolutePath().normalize();
        return new Figures(name, root, true, root.resolve(name), List.of(), new AtomicBoolean());
    }

    /**
     * The same figures written to the paper folder {@code <figures root>/<notebook>/} whatever
     * {@value #EXPORT_ENV} says: the explicit way to replace a paper figure from an interactive
     * session. Returns this instance when it already writes there.
     */
    public Figures paper() {
        return paper ? this : new Figures(notebook, root, true, root.resolve(notebook), runs, told);
    }

    /**
     * The same figures, recording that what they show comes from {@code runs}: their hashes go
     * into every sidecar written through the returned instance (replacing earlier ones, in the
     * given order, duplicates dropped).
     */
    public Figures from(StoredRun... runs) {
        return from(Arrays.asList(runs));
    }

    /** {@link #from(StoredRun...)} for a collection of runs, e.g. a sweep's {@code Runs}. */
    public Figures from(Iterable<StoredRun> runs) {
        List<String> hashes = new ArrayList<>();
        for (StoredRun r : runs) {
            hashes.add(Objects.requireNonNull(r, "run").hash());
        }
        return fromHashes(hashes.toArray(String[]::new));
    }

    /**
     * {@link #from(StoredRun...)} given run hashes, e.g. {@code "66157590e377"}.
     *
     * @throws IllegalArgumentException if a hash is blank or not made of letters and digits
     */
    public Figures fromHashes(String... hashes) {
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String h : hashes) {
            if (h == null || !h.matches("[A-Za-z0-9]+")) {
                throw new IllegalArgumentException("Invalid run hash '" + h + "': a run's hash is letters and "
                        + "digits, as StoredRun.hash() returns it.");
            }
            unique.add(h);
        }
        return new Figures(notebook, root, paper, directory, new ArrayList<>(unique), told);
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

    /** The folder exports go to: the paper or the scratch folder of the notebook (class comment). */
    public Path directory() {
        return directory;
    }

    /** Whether exports go to the paper folder {@code <figures root>/<notebook>/}. */
    public boolean isPaper() {
        return paper;
    }

    /** The run hashes recorded in the sidecars (see {@link #from(StoredRun...)}); empty when none. */
    public List<String> runs() {
        return runs;
    }

    /**
     * Writes {@code <name>.png} (300 dpi), {@code <name>.svg}, {@code <name>.pdf} and the sidecar
     * {@code <name>.json}, creating the folder when missing; leaves the files alone when the
     * figure is unchanged (class comment).
     *
     * @param name file name without extension, e.g. {@code "schedule"}
     * @return the three figure files, in the order png, svg, pdf (written or left as they were)
     * @throws IllegalArgumentException if the name is blank or not a plain file name
     * @throws UncheckedIOException if a file cannot be written; earlier files stay intact
     */
    public List<Path> export(Chart<?, ?> chart, String name) {
        String base = checkName(name, "figure name");
        return io(base, () -> PaperStyle.withRoundXTicks(chart, () -> {
            byte[] svg = Export.svgBytes(chart);
            return save(base, "chart", List.of("png", "svg", "pdf"), Sidecar.fingerprint(svg), () -> {
                Export.png(chart, directory, base, Export.DPI);
                Export.bytes(directory, base, "svg", svg);
                Export.pdf(chart, directory, base);
            });
        }));
    }

    /** {@link #export(Chart, String)} for a {@link Figure} of {@link Charts}. */
    public List<Path> export(Figure<?> figure, String name) {
        return export(figure.chart(), name);
    }

    /**
     * Writes a {@link Drawing} (network diagram, binned diagram, pixel maps) like a chart: PNG
     * (300 dpi), SVG, PDF and the sidecar, whose fingerprint is the SVG's.
     */
    public List<Path> export(Drawing drawing, String name) {
        String base = checkName(name, "figure name");
        return io(base, () -> {
            byte[] svg = Export.svgBytes(drawing);
            return save(base, "diagram", List.of("png", "svg", "pdf"), Sidecar.fingerprint(svg), () -> {
                Export.png(drawing, directory, base, Export.DPI);
                Export.bytes(directory, base, "svg", svg);
                Export.pdf(drawing, directory, base);
            });
        });
    }

    /**
     * Writes a table for the paper: {@code <name>.csv} (header row, every value at full
     * precision), {@code <name>.tex} (a booktabs {@code tabular}: {@code \toprule},
     * {@code \midrule}, {@code \bottomrule}; numbers right-aligned and rounded per column to
     * three significant digits of the column's largest |value|, at most four decimals; LaTeX
     * special characters escaped; missing values as {@code --}) and the sidecar; unchanged
     * tables are left alone like figures.
     *
     * @return the files, in the order csv, tex
     */
    public List<Path> export(Table table, String name) {
        String base = checkName(name, "table name");
        Objects.requireNonNull(table, "table");
        return io(base, () -> {
            byte[] csv = TableExport.csv(table).getBytes(StandardCharsets.UTF_8);
            byte[] tex = TableExport.latex(table).getBytes(StandardCharsets.UTF_8);
            return save(base, "table", List.of("csv", "tex"), Sidecar.fingerprint(csv, new byte[] {0}, tex), () -> {
                Export.bytes(directory, base, "csv", csv);
                Export.bytes(directory, base, "tex", tex);
            });
        });
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

    /** Exports a {@link Drawing} and returns its preview image, as {@link #show(Chart, String)}. */
    public BufferedImage show(Drawing drawing, String name) {
        export(drawing, name);
        return drawing.image(PREVIEW_SCALE);
    }

    /** {@link #export(Table, String) Exports} the table and returns it, for the cell to display. */
    public Table show(Table table, String name) {
        export(table, name);
        return table;
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
        return "Figures[" + notebook + " -> " + directory + (paper ? " (paper)" : " (scratch)")
                + (runs.isEmpty() ? "" : ", runs " + runs) + "]";
    }

    private interface Io {
        List<Path> run() throws IOException;
    }

    private interface Files0 {
        void write() throws IOException;
    }

    /** Writes the files and the sidecar as the fingerprint decides; returns the files' paths. */
    private List<Path> save(String base, String kind, List<String> extensions, String fingerprint, Files0 files)
            throws IOException {
        List<Path> paths = extensions.stream().map(e -> directory.resolve(base + "." + e)).toList();
        Sidecar sidecar = Sidecar.of(notebook, base, kind, paths, fingerprint, runs, paper ? "paper" : "scratch");
        Path json = Sidecar.path(directory, base);
        Sidecar.Action action = sidecar.decide(Sidecar.read(json), paths);
        tellOnce();
        if (action == Sidecar.Action.WRITE_ALL) {
            files.write();
        }
        if (action != Sidecar.Action.NOTHING) {
            sidecar.write(json);
        }
        return paths;
    }

    /** In the scratch folder, the first export says where files go and where they do not. */
    private void tellOnce() {
        if (!paper && told.compareAndSet(false, true)) {
            System.out.println("Figures of " + notebook + " go to the scratch folder " + directory
                    + "/ (the paper's " + root.resolve(notebook) + "/ is written by ./lab figures,"
                    + " or explicitly with figs.paper().show(...)).");
        }
    }

    private static boolean paperFromEnv(String v) {
        if (v == null || v.isBlank() || v.trim().equalsIgnoreCase("scratch")) {
            return false;
        }
        if (v.trim().equalsIgnoreCase("paper")) {
            return true;
        }
        throw new IllegalArgumentException(EXPORT_ENV + "=" + v + " is not understood: use " + EXPORT_ENV
                + "=paper (the paper folder, as ./lab figures does) or leave it unset (the scratch folder).");
    }

    private List<Path> io(String name, Io write) {
        try {
            return write.run();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write figure '" + name + "' to " + directory + ": " + e.getMessage(), e);
        }
    }

    static Path figuresRoot(String override) {
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
