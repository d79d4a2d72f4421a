package org.lotterylab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.lotterylab.data.Dataset;
import org.lotterylab.graph.Node;
import org.lotterylab.metrics.Split;
import org.lotterylab.metrics.State;
import org.lotterylab.metrics.States;
import org.lotterylab.metrics.TaskLayout;
import org.lotterylab.model.Network;

/**
 * A pruned MLP drawn layer by layer, optionally with each task's decision boundary beside it.
 *
 * <p><b>Layout.</b> Neuron layers are columns from left (inputs) to right (outputs); neuron
 * {@code j} of a layer is row {@code j} from the top, rows spread evenly over the height. Every
 * unpruned weight is a straight edge; pruned weights are never drawn. Edge width grows linearly
 * with |weight| from 0.3 pt to 2.5 pt (relative to the largest drawn |weight|), stronger edges on
 * top. Neurons without any unpruned weight are drawn as small light-grey dots to keep the
 * layout readable.
 *
 * <p><b>Colours</b> ({@link Coloring}):
 * <ul>
 *   <li>{@link Coloring#SIGN}: edges "positive" ({@link PaperStyle#positive()}), "negative"
 *       ({@link PaperStyle#negative()}) or "zero" (grey, a kept weight of value 0); input and
 *       output neurons in their task's colour when tasks are known, hidden neurons dark grey.</li>
 *   <li>{@link Coloring#COMPONENT}: active edges and neurons by their weakly connected component
 *       of the active subgraph ({@link Split#components()}), category "component j"; a component
 *       takes the colour of the task it covers most ({@link PaperStyle#task(int)}), components
 *       covering no task take further palette colours. Kept edges outside every component (zombie,
 *       inactive) are "outside" (light grey).</li>
 *   <li>{@link Coloring#STATE}: edges and neurons by {@link States} ("active", "zombie",
 *       "inactive" in {@link PaperStyle#state(State)}).</li>
 * </ul>
 *
 * <p><b>Decision boundaries.</b> With {@link Builder#boundaries(Dataset)}, task {@code t}'s panel
 * evaluates {@link Network#logits} on a {@code grid x grid} lattice over the range of the task's
 * two inputs in the data (5% padding), every other input at 0 (the standardised mean), and shows
 * sigmoid(logit of the task's output) as a heat image: white at 0.5, blue towards class 0,
 * vermillion towards class 1, with (at most {@code maxPoints}) data points coloured by label.
 *
 * <p>The drawn model is exposed for tests and inspection: {@link #nodes()}, {@link #edges()},
 * {@link #boundaries()}. Sizes are in points; {@link #image()} renders for the screen,
 * {@link #save(Path, String)} writes PNG (300 dpi), SVG and PDF.
 */
public final class NetworkDiagram implements Drawing {

    /** What edge and node colours encode. */
    public enum Coloring {
        SIGN, COMPONENT, STATE
    }

    /** A drawn neuron: neuron layer and index, centre and radius in points, colour and category. */
    public record DrawnNode(int layer, int index, double x, double y, double radius, Color color, String category) {
    }

    /**
     * A drawn weight {@code (layer, out, in)} (from neuron {@code in} of neuron layer {@code layer}
     * to neuron {@code out} of layer {@code layer + 1}), with its value, stroke width in points,
     * colour and category.
     */
    public record DrawnEdge(int layer, int out, int in, float weight, double width, Color color, String category) {
    }

    /**
     * One task's decision boundary: {@code logits[i][j]} is the logit of output {@code output} at
     * input {@code inputX = xs[i]}, {@code inputY = ys[j]}, all other inputs 0; {@code points}
     * data points drawn; {@code x, y, size} the panel's square in points.
     */
    public record Boundary(int task, String name, int inputX, int inputY, int output, double[] xs, double[] ys,
            double[][] logits, int points, double x, double y, double size) {
    }

    private static final double MIN_WIDTH = 0.3;
    private static final double MAX_WIDTH = 2.5;
    private static final Color CLASS0 = PaperStyle.BLUE;
    private static final Color CLASS1 = PaperStyle.VERMILLION;
    private static final Color HIDDEN = new Color(0x555555);

    private final Network net;
    private final Coloring coloring;
    private final double width;
    private final double height;
    private final String title;
    private final List<DrawnNode> nodes;
    private final List<DrawnEdge> edges;
    private final List<Boundary> boundaries;
    private final Map<String, Color> legend;
    private final Dataset data;
    private final int maxPoints;
    private final double layoutBottom;

    /** A builder for a diagram of {@code net} (its own mask decides what is pruned). */
    public static Builder of(Network net) {
        return new Builder(net);
    }

    /** Options of a diagram. */
    public static final class Builder {
        private final Network net;
        private Coloring coloring = Coloring.SIGN;
        private TaskLayout tasks;
        private Split split;
        private States states;
        private Dataset data;
        private int grid = 60;
        private int maxPoints = 200;
        private double width = PaperStyle.Size.SINGLE_COLUMN.width();
        private double height = PaperStyle.Size.SINGLE_COLUMN.height();
        private String title = "";

        private Builder(Network net) {
            this.net = Objects.requireNonNull(net, "net");
        }

        /** What colours encode (default {@link Coloring#SIGN}). */
        public Builder coloring(Coloring c) {
            this.coloring = Objects.requireNonNull(c);
            return this;
        }

        /**
         * Which inputs and outputs each task owns (for task colours and the split); default: from
         * the boundary data set if given, else {@link TaskLayout#pairs(int)} when the network has
         * twice as many inputs as outputs.
         */
        public Builder tasks(TaskLayout t) {
            this.tasks = t;
            return this;
        }

        /** A precomputed split for {@link Coloring#COMPONENT} (default: computed from the tasks). */
        public Builder split(Split s) {
            this.split = s;
            return this;
        }

        /** Precomputed states for {@link Coloring#STATE} (default: {@link States#of(Network)}). */
        public Builder states(States s) {
            this.states = s;
            return this;
        }

        /** Draws each task's decision boundary beside the network, with points from {@code d}. */
        public Builder boundaries(Dataset d) {
            this.data = d;
            return this;
        }

        /** Grid cells per side of a decision boundary panel (default 60). */
        public Builder grid(int cells) {
            if (cells < 2) {
                throw new IllegalArgumentException("grid needs at least 2 cells per side, got " + cells);
            }
            this.grid = cells;
            return this;
        }

        /** The most data points drawn per boundary panel (default 200; evenly strided rows). */
        public Builder maxPoints(int n) {
            this.maxPoints = n;
            return this;
        }

        /**
         * The size of the network part in points (default 3.4 x 2.4 in); boundary panels add
         * their width to the right.
         */
        public Builder size(double widthPoints, double heightPoints) {
            this.width = widthPoints;
            this.height = heightPoints;
            return this;
        }

        /** {@link #size(double, double)} from a paper size. */
        public Builder size(PaperStyle.Size s) {
            return size(s.width(), s.height());
        }

        /** A title above the network (default none). */
        public Builder title(String t) {
            this.title = t == null ? "" : t;
            return this;
        }

        public NetworkDiagram build() {
            return new NetworkDiagram(this);
        }
    }

    private NetworkDiagram(Builder b) {
        this.net = b.net.copy();
        this.coloring = b.coloring;
        this.title = b.title;
        this.data = b.data;
        this.maxPoints = b.maxPoints;
        int[] shape = net.shape();
        int last = shape.length - 1;
        TaskLayout tasks = b.tasks;
        if (tasks == null && b.data != null) {
            int[][] in = new int[b.data.tasks()][];
            int[] out = new int[b.data.tasks()];
            for (int t = 0; t < in.length; t++) {
                in[t] = b.data.inputsOf(t);
                out[t] = b.data.outputOf(t);
            }
            tasks = TaskLayout.of(in, out);
        }
        if (tasks == null && shape[0] == 2 * shape[last]) {
            tasks = TaskLayout.pairs(shape[last]);
        }
        States states = b.states != null ? b.states : States.of(net);
        Split split = b.split;
        if (coloring == Coloring.COMPONENT && split == null) {
            if (tasks == null) {
                throw new IllegalArgumentException("component colouring needs a split or a task layout");
            }
            split = Split.of(net, states, tasks);
        }

        // Layout of the network part.
        double top = 6 + (title.isEmpty() ? 0 : 10) + 10; // legend row
        double bottom = b.height - 12; // layer labels below
        double left = 10;
        double right = b.width - 10;
        this.layoutBottom = bottom;
        int maxWidth = 0;
        for (int w : shape) {
            maxWidth = Math.max(maxWidth, w);
        }
        double radius = Math.max(0.8, Math.min(3.5, 0.35 * (bottom - top) / maxWidth));
        double[][] nx = new double[shape.length][];
        double[][] ny = new double[shape.length][];
        for (int k = 0; k < shape.length; k++) {
            nx[k] = new double[shape[k]];
            ny[k] = new double[shape[k]];
            double x = left + radius + (right - left - 2 * radius) * k / last;
            for (int j = 0; j < shape[k]; j++) {
                nx[k][j] = x;
                ny[k][j] = top + (bottom - top) * (j + 0.5) / shape[k];
            }
        }

        // Node and component colours.
        Map<Node, Integer> compOf = new java.util.HashMap<>();
        Color[] compColor = new Color[0];
        if (split != null && coloring == Coloring.COMPONENT) {
            List<Set<Node>> comps = split.components();
            compColor = new Color[comps.size()];
            int extra = tasks == null ? 0 : tasks.tasks();
            for (int j = 0; j < comps.size(); j++) {
                for (Node n : comps.get(j)) {
                    compOf.put(n, j);
                }
                int best = -1;
                double bestCov = 0;
                double[] cov = split.coverage()[j];
                for (int t = 0; t < cov.length; t++) {
                    if (cov[t] > bestCov) {
                        bestCov = cov[t];
                        best = t;
                    }
                }
                compColor[j] = best >= 0 ? PaperStyle.task(best) : PaperStyle.categorical(extra++);
            }
        }
        int[] inputTask = new int[shape[0]];
        int[] outputTask = new int[shape[last]];
        java.util.Arrays.fill(inputTask, -1);
        java.util.Arrays.fill(outputTask, -1);
        if (tasks != null) {
            for (int t = 0; t < tasks.tasks(); t++) {
                for (int v : tasks.inputs(t)) {
                    inputTask[v] = t;
                }
                for (int v : tasks.outputs(t)) {
                    outputTask[v] = t;
                }
            }
        }

        Map<String, Color> legendMap = new LinkedHashMap<>();
        List<DrawnEdge> es = new ArrayList<>();
        double maxAbs = 0;
        for (int l = 0; l < net.layers(); l++) {
            for (int o = 0; o < shape[l + 1]; o++) {
                for (int i = 0; i < shape[l]; i++) {
                    if (net.mask().weight(l, o, i)) {
                        maxAbs = Math.max(maxAbs, Math.abs(net.weight(l, o, i)));
                    }
                }
            }
        }
        for (int l = 0; l < net.layers(); l++) {
            for (int o = 0; o < shape[l + 1]; o++) {
                for (int i = 0; i < shape[l]; i++) {
                    if (!net.mask().weight(l, o, i)) {
                        continue;
                    }
                    float w = net.weight(l, o, i);
                    String cat;
                    Color col;
                    switch (coloring) {
                        case SIGN -> {
                            cat = w > 0 ? "positive" : w < 0 ? "negative" : "zero";
                            col = w > 0 ? PaperStyle.positive() : w < 0 ? PaperStyle.negative() : PaperStyle.GREY;
                        }
                        case STATE -> {
                            State s = states.weight(l, o, i);
                            cat = PaperStyle.label(s);
                            col = PaperStyle.state(s);
                        }
                        default -> {
                            Integer c = states.weight(l, o, i) == State.ACTIVE ? compOf.get(new Node(l, i)) : null;
                            cat = c == null ? "outside" : "component " + c;
                            col = c == null ? PaperStyle.LIGHT_GREY : compColor[c];
                        }
                    }
                    double width = maxAbs == 0 ? MIN_WIDTH : MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * Math.abs(w) / maxAbs;
                    es.add(new DrawnEdge(l, o, i, w, width, col, cat));
                    legendMap.putIfAbsent(cat, col);
                }
            }
        }
        List<DrawnNode> ns = new ArrayList<>();
        for (int k = 0; k < shape.length; k++) {
            for (int j = 0; j < shape[k]; j++) {
                State s = states.neuron(k, j);
                String cat;
                Color col;
                double r = radius;
                if (s == State.PRUNED) {
                    cat = "pruned";
                    col = PaperStyle.LIGHT_GREY;
                    r = radius * 0.6;
                } else {
                    switch (coloring) {
                        case STATE -> {
                            cat = PaperStyle.label(s);
                            col = PaperStyle.state(s);
                        }
                        case COMPONENT -> {
                            Integer c = compOf.get(new Node(k, j));
                            cat = c == null ? "outside" : "component " + c;
                            col = c == null ? PaperStyle.GREY : compColor[c];
                        }
                        default -> {
                            int t = k == 0 ? inputTask[j] : k == last ? outputTask[j] : -1;
                            cat = t >= 0 ? "task " + t : "hidden";
                            col = t >= 0 ? PaperStyle.task(t) : HIDDEN;
                        }
                    }
                }
                ns.add(new DrawnNode(k, j, nx[k][j], ny[k][j], r, col, cat));
            }
        }
        es.sort(Comparator.comparingDouble(e -> Math.abs(e.weight())));
        this.edges = List.copyOf(es);
        this.nodes = List.copyOf(ns);
        this.legend = legendMap;

        // Boundary panels to the right, stacked.
        List<Boundary> bs = new ArrayList<>();
        double total = b.width;
        if (b.data != null) {
            int tc = b.data.tasks();
            double gap = 12;
            double side = Math.min((b.height - 8 - gap * tc) / tc, b.height * 0.8);
            double px = b.width + 4;
            for (int t = 0; t < tc; t++) {
                double py = 4 + gap + t * (side + gap);
                bs.add(boundary(net, b.data, t, b.grid, Math.min(b.maxPoints, b.data.rows()), px, py, side));
            }
            total = px + side + 8;
        }
        this.boundaries = List.copyOf(bs);
        this.width = total;
        this.height = b.height;
    }

    private static Boundary boundary(Network net, Dataset d, int t, int grid, int points, double px, double py,
            double side) {
        int[] in = d.inputsOf(t);
        if (in.length < 2) {
            throw new IllegalArgumentException("task " + t + " has " + in.length + " inputs; a boundary needs 2");
        }
        int a = in[0];
        int b = in[1];
        int out = d.outputOf(t);
        double[] ra = range(d, a);
        double[] rb = range(d, b);
        double[] xs = new double[grid];
        double[] ys = new double[grid];
        for (int i = 0; i < grid; i++) {
            xs[i] = ra[0] + (ra[1] - ra[0]) * (i + 0.5) / grid;
            ys[i] = rb[0] + (rb[1] - rb[0]) * (i + 0.5) / grid;
        }
        int nIn = net.width(0);
        int nOut = net.width(net.layers());
        float[] x = new float[grid * grid * nIn];
        for (int j = 0; j < grid; j++) {
            for (int i = 0; i < grid; i++) {
                int row = j * grid + i;
                x[row * nIn + a] = (float) xs[i];
                x[row * nIn + b] = (float) ys[j];
            }
        }
        float[] z = net.logits(x, grid * grid);
        double[][] logits = new double[grid][grid];
        for (int j = 0; j < grid; j++) {
            for (int i = 0; i < grid; i++) {
                logits[i][j] = z[(j * grid + i) * nOut + out];
            }
        }
        String name = t < d.taskNames().size() ? d.taskNames().get(t) : "task " + t;
        return new Boundary(t, name, a, b, out, xs, ys, logits, points, px, py, side);
    }

    private static double[] range(Dataset d, int col) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < d.rows(); r++) {
            lo = Math.min(lo, d.x(r, col));
            hi = Math.max(hi, d.x(r, col));
        }
        if (!(hi > lo)) {
            lo = (Double.isFinite(lo) ? lo : 0) - 1;
            hi = lo + 2;
        }
        double pad = 0.05 * (hi - lo);
        return new double[] {lo - pad, hi + pad};
    }

    public Coloring coloring() {
        return coloring;
    }

    /** The drawn neurons, layer by layer. */
    public List<DrawnNode> nodes() {
        return nodes;
    }

    /** The drawn (unpruned) weights, in drawing order (weakest first). */
    public List<DrawnEdge> edges() {
        return edges;
    }

    /** The decision boundary panels (empty without boundary data). */
    public List<Boundary> boundaries() {
        return boundaries;
    }

    /** The number of drawn edges per category, in order of first appearance. */
    public Map<String, Integer> edgeCounts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (DrawnEdge e : edges) {
            m.merge(e.category(), 1, Integer::sum);
        }
        return m;
    }

    /** The number of drawn edges per colour. */
    public Map<Color, Integer> edgeColorCounts() {
        Map<Color, Integer> m = new LinkedHashMap<>();
        for (DrawnEdge e : edges) {
            m.merge(e.color(), 1, Integer::sum);
        }
        return m;
    }

    /** Edge legend: category to colour, in order of first appearance. */
    public Map<String, Color> legend() {
        return java.util.Collections.unmodifiableMap(legend);
    }

    @Override
    public double width() {
        return width;
    }

    @Override
    public double height() {
        return height;
    }

    @Override
    public void paint(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        Font small = PaperStyle.font(PaperStyle.SMALL_FONT_SIZE);
        g.setFont(small);
        FontMetrics fm = g.getFontMetrics();
        double y = 4 + fm.getAscent();
        if (!title.isEmpty()) {
            g.setFont(PaperStyle.font(PaperStyle.FONT_SIZE));
            g.setColor(PaperStyle.INK);
            g.drawString(title, 10f, (float) y);
            g.setFont(small);
            y += 10;
        }
        // Legend row.
        double lx = 10;
        for (Map.Entry<String, Color> e : legend.entrySet()) {
            g.setColor(e.getValue());
            g.setStroke(new BasicStroke(1.5f));
            g.draw(new Line2D.Double(lx, y - fm.getAscent() / 2.0 + 1, lx + 10, y - fm.getAscent() / 2.0 + 1));
            g.setColor(PaperStyle.INK);
            g.drawString(e.getKey(), (float) (lx + 13), (float) y);
            lx += 13 + fm.stringWidth(e.getKey()) + 8;
        }
        // Edges.
        Map<String, DrawnNode> at = new java.util.HashMap<>();
        for (DrawnNode n : nodes) {
            at.put(n.layer() + ":" + n.index(), n);
        }
        for (DrawnEdge e : edges) {
            DrawnNode a = at.get(e.layer() + ":" + e.in());
            DrawnNode b = at.get((e.layer() + 1) + ":" + e.out());
            g.setColor(PaperStyle.withAlpha(e.color(), 200));
            g.setStroke(new BasicStroke((float) e.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Line2D.Double(a.x(), a.y(), b.x(), b.y()));
        }
        // Nodes.
        g.setStroke(new BasicStroke(0.4f));
        for (DrawnNode n : nodes) {
            Ellipse2D.Double c = new Ellipse2D.Double(n.x() - n.radius(), n.y() - n.radius(), 2 * n.radius(),
                    2 * n.radius());
            g.setColor(n.color());
            g.fill(c);
            if (!"pruned".equals(n.category())) {
                g.setColor(Color.WHITE);
                g.draw(c);
            }
        }
        // Layer labels.
        g.setColor(PaperStyle.INK);
        int layers = net.layers();
        for (int k = 0; k <= layers; k++) {
            String s = k == 0 ? "in" : k == layers ? "out" : "h" + k;
            double x = 0;
            for (DrawnNode n : nodes) {
                if (n.layer() == k) {
                    x = n.x();
                    break;
                }
            }
            g.drawString(s, (float) (x - fm.stringWidth(s) / 2.0), (float) (layoutBottom + 4 + fm.getAscent()));
        }
        for (Boundary b : boundaries) {
            paintBoundary(g, b, fm);
        }
    }

    private void paintBoundary(Graphics2D g, Boundary b, FontMetrics fm) {
        int n = b.xs().length;
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double p = 1 / (1 + Math.exp(-b.logits()[i][j]));
                Color c = p >= 0.5 ? CLASS1 : CLASS0;
                double f = 0.55 * Math.abs(p - 0.5) * 2;
                int r = (int) Math.round(255 + f * (c.getRed() - 255));
                int gr = (int) Math.round(255 + f * (c.getGreen() - 255));
                int bl = (int) Math.round(255 + f * (c.getBlue() - 255));
                // image row 0 is the top: the largest y
                img.setRGB(i, n - 1 - j, (r << 16) | (gr << 8) | bl);
            }
        }
        g.drawImage(img, (int) Math.round(b.x()), (int) Math.round(b.y()), (int) Math.round(b.size()),
                (int) Math.round(b.size()), null);
        double x0 = b.xs()[0] - (b.xs()[1] - b.xs()[0]) / 2;
        double x1 = b.xs()[n - 1] + (b.xs()[1] - b.xs()[0]) / 2;
        double y0 = b.ys()[0] - (b.ys()[1] - b.ys()[0]) / 2;
        double y1 = b.ys()[n - 1] + (b.ys()[1] - b.ys()[0]) / 2;
        double px0 = Math.round(b.x());
        double py0 = Math.round(b.y());
        double ps = Math.round(b.size());
        int rows = data.rows();
        int shown = Math.min(maxPoints, rows);
        g.setStroke(new BasicStroke(0.2f));
        for (int k = 0; k < shown; k++) {
            int r = shown == rows ? k : (int) ((long) k * rows / shown);
            double u = (data.x(r, b.inputX()) - x0) / (x1 - x0);
            double v = (data.x(r, b.inputY()) - y0) / (y1 - y0);
            double cx = px0 + u * ps;
            double cy = py0 + (1 - v) * ps;
            Ellipse2D.Double dot = new Ellipse2D.Double(cx - 1.1, cy - 1.1, 2.2, 2.2);
            g.setColor(data.y(r, b.task()) > 0.5 ? CLASS1 : CLASS0);
            g.fill(dot);
            g.setColor(Color.WHITE);
            g.draw(dot);
        }
        g.setColor(PaperStyle.GREY);
        g.setStroke(new BasicStroke(0.5f));
        g.draw(new Rectangle2D.Double(px0, py0, ps, ps));
        g.setColor(PaperStyle.task(b.task()));
        g.drawString(b.name(), (float) px0, (float) (py0 - 3));
    }
}
