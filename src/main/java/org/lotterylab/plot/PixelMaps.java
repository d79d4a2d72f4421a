package org.lotterylab.plot;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.lotterylab.metrics.Split;
import org.lotterylab.metrics.States;
import org.lotterylab.metrics.TaskLayout;
import org.lotterylab.model.Network;

/**
 * Pixel-connectivity maps of image tasks: for every input pixel of every task, at each chosen
 * level, how many outgoing weights it keeps and which task's component it belongs to, drawn as
 * a grid of small heat maps (two rows per task, one column per level).
 *
 * <p><b>Pixels.</b> Task {@code t} owns the inputs {@code tasks.inputs(t)}; they must be a square
 * number {@code side x side}, and input {@code inputs(t)[r * side + c]} is the pixel of row
 * {@code r}, column {@code c} (the order image tasks write their columns in).
 *
 * <p><b>Numbers</b> ({@link Panel}): {@code kept[p]} is the number of unpruned weights of the
 * first layer leaving pixel {@code p} (its out-degree in the mask), {@code active[p]} the number of
 * those that are {@link org.lotterylab.metrics.State#ACTIVE}, and {@code group[p]} the task whose
 * component of the active subgraph holds the pixel: a task index, {@link #SHARED} when the
 * component holds outputs of several tasks, {@link #NONE} when the pixel is in no component (or
 * one holding no task's output). A pixel of one task in a component that reaches only another
 * task's outputs gets that other task: crosstalk shows in the other task's colour.
 *
 * <p><b>Drawing.</b> Row "weights": {@code kept} (or {@code active}, see {@link Builder#degree})
 * on the sequential gradient from 1 to the column's largest value (each level scaled on its own,
 * the maximum printed under the column's title), pixels with none white. Row "component": the
 * group's colour (task colours, dark grey shared, light grey none), white for a pixel that keeps
 * no weight. Image row 0 is at the top.
 */
public final class PixelMaps implements Drawing {
    /** {@link Panel#group()} of a pixel in no task's component. */
    public static final int NONE = NeuronGroups.NONE;
    /** {@link Panel#group()} of a pixel whose component holds outputs of several tasks. */
    public static final int SHARED = NeuronGroups.SHARED;

    /** What the "weights" row shows. */
    public enum Degree {
        /** Unpruned outgoing weights (the first layer's mask). */
        KEPT,
        /** Active outgoing weights (those on an input-to-output path). */
        ACTIVE
    }

    /**
     * The numbers of one task at one level, indexed by pixel {@code r * side + c}. Arrays are
     * exposed as is: treat them as read-only.
     *
     * @param task the task
     * @param column the level's column (order added)
     * @param label the column's title
     * @param side pixels per image side
     * @param kept unpruned outgoing weights per pixel
     * @param active active outgoing weights per pixel
     * @param group the task component per pixel: task index, {@link #SHARED} or {@link #NONE}
     */
    public record Panel(int task, int column, String label, int side, int[] kept, int[] active, int[] group) {
        /** Pixels with at least one unpruned outgoing weight. */
        public int keptPixels() {
            int n = 0;
            for (int v : kept) {
                n += v > 0 ? 1 : 0;
            }
            return n;
        }

        /** Pixels whose group is {@code g}. */
        public int pixelsIn(int g) {
            int n = 0;
            for (int v : group) {
                n += v == g ? 1 : 0;
            }
            return n;
        }
    }

    private static final double HEADER = 22;
    private static final double ROW_LABEL = 46;
    private static final double GAP = 5;
    private static final double LEGEND = 16;

    private final List<Panel> panels;
    private final List<String> labels;
    private final List<String> names;
    private final int tasks;
    private final Degree degree;
    private final double cell;
    private final String title;

    /** A builder of maps for tasks laid out as {@code tasks}. */
    public static Builder builder(TaskLayout tasks) {
        return new Builder(tasks);
    }

    /** Options and levels of the maps. */
    public static final class Builder {
        private final TaskLayout tasks;
        private final List<String> labels = new ArrayList<>();
        private final List<Panel> panels = new ArrayList<>();
        private List<String> names = List.of();
        private Degree degree = Degree.KEPT;
        private double cell = 56;
        private String title = "";

        private Builder(TaskLayout tasks) {
            this.tasks = Objects.requireNonNull(tasks, "tasks");
            for (int t = 0; t < tasks.tasks(); t++) {
                side(tasks, t);
            }
        }

        /** Task names for the row labels and legend (default "task 0", "task 1", ...). */
        public Builder names(List<String> n) {
            this.names = List.copyOf(n);
            return this;
        }

        /** What the weights row shows (default {@link Degree#KEPT}). */
        public Builder degree(Degree d) {
            this.degree = Objects.requireNonNull(d);
            return this;
        }

        /** The side of one map in points (default 56). */
        public Builder cell(double points) {
            if (!(points >= 8)) {
                throw new IllegalArgumentException("a map needs at least 8 points per side, got " + points);
            }
            this.cell = points;
            return this;
        }

        /** A title above the grid (default none). */
        public Builder title(String t) {
            this.title = t == null ? "" : t;
            return this;
        }

        /**
         * Adds a column: {@code net} under its own mask, titled {@code label} (e.g. "level 3"). Its
         * numbers are taken now, so the builder keeps no network.
         *
         * @throws IllegalArgumentException if the tasks own inputs or outputs the network lacks
         */
        public Builder level(String label, Network net) {
            Objects.requireNonNull(label, "label");
            States states = States.of(net);
            Split split = Split.of(net, states, tasks);
            NeuronGroups groups = NeuronGroups.of(net.shape(), states, split, tasks);
            int column = labels.size();
            for (int t = 0; t < tasks.tasks(); t++) {
                int[] in = tasks.inputs(t);
                int[] kept = new int[in.length];
                int[] active = new int[in.length];
                int[] group = new int[in.length];
                for (int p = 0; p < in.length; p++) {
                    kept[p] = states.outDegree(0, in[p]);
                    active[p] = groups.activeOut(in[p]);
                    group[p] = groups.group(0, in[p]);
                }
                panels.add(new Panel(t, column, label, side(tasks, t), kept, active, group));
            }
            labels.add(label);
            return this;
        }

        /**
         * The maps of every added level.
         *
         * @throws IllegalArgumentException if no level was added or a network's inputs do not fit the tasks
         */
        public PixelMaps build() {
            if (labels.isEmpty()) {
                throw new IllegalArgumentException("pixel maps need at least one level: call level(label, net)");
            }
            return new PixelMaps(this);
        }
    }

    /** Pixels per side of task {@code t}: the square root of its input count, which must be a square. */
    static int side(TaskLayout tasks, int t) {
        int n = tasks.inputs(t).length;
        int side = (int) Math.round(Math.sqrt(n));
        if (side * side != n) {
            throw new IllegalArgumentException("task " + t + " owns " + n + " inputs, not a square image: "
                    + "pixel maps need side x side inputs per task (an image task)");
        }
        return side;
    }

    private PixelMaps(Builder b) {
        this.labels = List.copyOf(b.labels);
        this.names = b.names;
        this.tasks = b.tasks.tasks();
        this.degree = b.degree;
        this.cell = b.cell;
        this.title = b.title;
        this.panels = List.copyOf(b.panels);
    }

    /** Every panel, column by column, task by task within a column. */
    public List<Panel> panels() {
        return panels;
    }

    /** The panel of {@code task} in column {@code column}. */
    public Panel panel(int task, int column) {
        if (task < 0 || task >= tasks || column < 0 || column >= labels.size()) {
            throw new IllegalArgumentException("no panel (task " + task + ", column " + column + "): have "
                    + tasks + " tasks x " + labels.size() + " columns");
        }
        return panels.get(column * tasks + task);
    }

    /** The column titles, in order. */
    public List<String> labels() {
        return labels;
    }

    /** What the weights row shows. */
    public Degree degree() {
        return degree;
    }

    /** The largest value of the weights row in column {@code column} (the top of its colour scale). */
    public int maxDegree(int column) {
        int m = 0;
        for (int t = 0; t < tasks; t++) {
            for (int v : values(panel(t, column))) {
                m = Math.max(m, v);
            }
        }
        return m;
    }

    private int[] values(Panel p) {
        return degree == Degree.KEPT ? p.kept() : p.active();
    }

    private String name(int t) {
        return NeuronGroups.label(t, names);
    }

    @Override
    public double width() {
        return Math.max(ROW_LABEL + labels.size() * (cell + GAP) + GAP, legendWidth());
    }

    /** The legend row's width in points, measured with the paper font. */
    private double legendWidth() {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            FontMetrics fm = g.getFontMetrics(PaperStyle.font(PaperStyle.SMALL_FONT_SIZE));
            double w = 4;
            for (int t = 0; t < tasks; t++) {
                w += 16 + fm.stringWidth(name(t));
            }
            w += 16 + fm.stringWidth("shared") + 16 + fm.stringWidth("none");
            return w + fm.stringWidth("weights: 0") + 2 + 9 + 27 + fm.stringWidth("max") + 6;
        } finally {
            g.dispose();
        }
    }

    @Override
    public double height() {
        return top() + 2 * tasks * (cell + GAP) + LEGEND;
    }

    private double top() {
        return (title.isEmpty() ? 0 : 12) + HEADER;
    }

    @Override
    public void paint(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(PaperStyle.font(PaperStyle.SMALL_FONT_SIZE));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(PaperStyle.INK);
        if (!title.isEmpty()) {
            g.setFont(PaperStyle.font(PaperStyle.FONT_SIZE));
            g.drawString(title, 4f, 10f);
            g.setFont(PaperStyle.font(PaperStyle.SMALL_FONT_SIZE));
        }
        double top = top();
        for (int c = 0; c < labels.size(); c++) {
            double x = ROW_LABEL + GAP + c * (cell + GAP);
            centre(g, fm, labels.get(c), x + cell / 2, top - 12);
            centre(g, fm, "max " + maxDegree(c), x + cell / 2, top - 3);
        }
        String what = degree == Degree.KEPT ? "weights" : "active";
        for (int t = 0; t < tasks; t++) {
            for (int row = 0; row < 2; row++) {
                double y = top + (2 * t + row) * (cell + GAP);
                g.setColor(row == 0 ? PaperStyle.INK : PaperStyle.task(t));
                g.drawString(name(t), 4f, (float) (y + cell / 2 - 1));
                g.setColor(PaperStyle.INK);
                g.drawString(row == 0 ? what : "component", 4f, (float) (y + cell / 2 + fm.getAscent()));
                for (int c = 0; c < labels.size(); c++) {
                    double x = ROW_LABEL + GAP + c * (cell + GAP);
                    Panel p = panel(t, c);
                    paintMap(g, p, row == 0, maxDegree(c), x, y);
                }
            }
        }
        // Legend: the component colours, then the weight scale.
        double ly = height() - LEGEND / 2 + 2;
        double lx = 4;
        List<Integer> shown = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            shown.add(t);
        }
        shown.add(SHARED);
        shown.add(NONE);
        for (int gr : shown) {
            g.setColor(NeuronGroups.color(gr));
            g.fill(new Rectangle2D.Double(lx, ly - 6, 6, 6));
            g.setColor(PaperStyle.INK);
            String s = NeuronGroups.label(gr, names);
            g.drawString(s, (float) (lx + 8), (float) ly);
            lx += 8 + fm.stringWidth(s) + 8;
        }
        g.setColor(PaperStyle.INK);
        g.drawString("weights: 0", (float) lx, (float) ly);
        lx += fm.stringWidth("weights: 0") + 2;
        g.setColor(PaperStyle.GREY);
        g.draw(new Rectangle2D.Double(lx, ly - 6, 6, 6));
        lx += 9;
        for (int k = 0; k < 5; k++) {
            g.setColor(PaperStyle.gradient(k / 4.0));
            g.fill(new Rectangle2D.Double(lx + 5 * k, ly - 6, 5, 6));
        }
        g.setColor(PaperStyle.INK);
        g.drawString("max", (float) (lx + 27), (float) ly);
    }

    private void paintMap(Graphics2D g, Panel p, boolean weights, int max, double x, double y) {
        int side = p.side();
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        int[] v = values(p);
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                int q = r * side + c;
                Color col;
                if (weights) {
                    col = v[q] == 0 ? Color.WHITE
                            : PaperStyle.gradient(max <= 1 ? 1 : (double) (v[q] - 1) / (max - 1));
                } else {
                    col = p.kept()[q] == 0 ? Color.WHITE : NeuronGroups.color(p.group()[q]);
                }
                img.setRGB(c, r, col.getRGB() & 0xFFFFFF);
            }
        }
        // No interpolation hint: Java2D scales images nearest-neighbour by default, and
        // VectorGraphics2D (SVG, PDF) fails on that hint.
        g.drawImage(img, (int) Math.round(x), (int) Math.round(y), (int) Math.round(cell), (int) Math.round(cell), null);
        g.setColor(PaperStyle.GREY);
        g.setStroke(PaperStyle.thin());
        g.draw(new Rectangle2D.Double(Math.round(x), Math.round(y), Math.round(cell), Math.round(cell)));
    }

    private static void centre(Graphics2D g, FontMetrics fm, String s, double cx, double baseline) {
        g.drawString(s, (float) (cx - fm.stringWidth(s) / 2.0), (float) baseline);
    }
}
