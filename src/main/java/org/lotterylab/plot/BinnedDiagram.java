package org.lotterylab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.lotterylab.metrics.Split;
import org.lotterylab.metrics.State;
import org.lotterylab.metrics.States;
import org.lotterylab.metrics.TaskLayout;
import org.lotterylab.model.Network;

/**
 * A network diagram that stays readable at thousands of neurons: neurons are binned by the task
 * component they belong to, and weights are drawn as one band per pair of bins.
 *
 * <p><b>Bins.</b> Every neuron gets a group as in {@link PixelMaps}: the task whose component of
 * the active subgraph holds it, "shared" when its component holds outputs of several tasks,
 * "none" when it keeps weights but lies in no task's component, and "pruned" when it keeps no
 * weight at all ({@link State#PRUNED}). A hidden layer has one bin per non-empty group, in the
 * order task 0, task 1, ..., shared, none, pruned. The input and output layers are split by the
 * owning task first (task 0's neurons, then task 1's, ..., then neurons no task owns) and by
 * group within that, so a bin there is "task 0's pixels in task 1's component", and so on. A bin
 * is a bar whose height is {@code 1.5 pt + share * rest} (its share of the layer's neurons), every
 * layer filling the same height; its neuron count is printed beside it when there is room.
 *
 * <p><b>Bands.</b> For every pair of bins in adjacent layers, {@link BinEdge#kept()} counts the
 * unpruned weights between them and {@link BinEdge#active()} the active ones. A band of width
 * {@code 0.4 + 3.6 sqrt(n / max)} points (max: the largest kept count of any pair in the
 * diagram) joins the bars' centres: light grey for the kept weights that are not active (their
 * count {@code kept - active}), in the
 * group's colour for the active ones, drawn on top. Active weights only join neurons of one
 * component, so coloured bands never join bins of different groups.
 *
 * <p><b>Pixels.</b> When every task owns a square number of inputs (an image task), each task's
 * pixels are also drawn as an image left of the input bar: a pixel in its group's colour, white
 * when it keeps no weight.
 *
 * <p>Building is one pass over the mask and the states (plus {@link States} and {@link Split}
 * when not given), and the drawing holds a few dozen shapes whatever the network's size.
 */
public final class BinnedDiagram implements Drawing {
    /** {@link Bin#group()} of neurons without any unpruned weight. */
    public static final int PRUNED = -3;
    /** {@link Bin#group()} of neurons in no task's component. */
    public static final int NONE = NeuronGroups.NONE;
    /** {@link Bin#group()} of neurons whose component holds outputs of several tasks. */
    public static final int SHARED = NeuronGroups.SHARED;
    /** {@link Bin#owner()} of neurons owned by no task (and of every hidden neuron). */
    public static final int UNOWNED = -1;

    /**
     * One bin: its neuron layer, owning task ({@link #UNOWNED} for hidden layers), group (a task
     * index, {@link #SHARED}, {@link #NONE} or {@link #PRUNED}), neuron count, and its bar: x of
     * its centre and the top and bottom y, in points.
     */
    public record Bin(int layer, int owner, int group, int neurons, double x, double top, double bottom) {
        double centre() {
            return (top + bottom) / 2;
        }
    }

    /**
     * The weights between bin {@code from} of neuron layer {@code layer} and bin {@code to} of
     * layer {@code layer + 1} (indices into {@link #bins()}): {@code kept} unpruned, of which
     * {@code active} are active; {@code keptWidth} and {@code activeWidth} their band widths in points.
     */
    public record BinEdge(int layer, int from, int to, int kept, int active, double keptWidth, double activeWidth) {
    }

    private static final double BAR = 6;
    /** Kept weights that are not active: lighter than the dark grey of shared components. */
    private static final Color INACTIVE_BAND = new Color(0xBBBBBB);
    private static final double MIN_BAR = 1.5;
    private static final double MIN_BAND = 0.4;
    private static final double MAX_BAND = 4.0;

    private final int[] shape;
    private final List<String> names;
    private final List<Bin> bins;
    private final List<BinEdge> edges;
    private final List<PixelImage> pixels;
    private final double width;
    private final double height;
    private final double bottom;
    private final String title;
    private final int tasks;

    /** A task's pixel image: groups per pixel ({@link #PRUNED} for a pixel without weights) and its square. */
    private record PixelImage(int task, int side, int[] group, double x, double y, double size) {
    }

    /** A builder for a binned diagram of {@code net} (its own mask decides what is pruned) with tasks {@code tasks}. */
    public static Builder of(Network net, TaskLayout tasks) {
        return new Builder(net, tasks);
    }

    /** Options of a binned diagram. */
    public static final class Builder {
        private final Network net;
        private final TaskLayout tasks;
        private List<String> names = List.of();
        private States states;
        private Split split;
        private double width = PaperStyle.Size.DOUBLE_COLUMN.width();
        private double height = 200;
        private String title = "";

        private Builder(Network net, TaskLayout tasks) {
            this.net = Objects.requireNonNull(net, "net");
            this.tasks = Objects.requireNonNull(tasks, "tasks");
        }

        /** Task names for the legend (default "task 0", "task 1", ...). */
        public Builder names(List<String> n) {
            this.names = List.copyOf(n);
            return this;
        }

        /** Precomputed states and split of {@code net} (default: computed). */
        public Builder analysis(States s, Split sp) {
            this.states = Objects.requireNonNull(s);
            this.split = Objects.requireNonNull(sp);
            return this;
        }

        /** Size in points (default 7 in x 200 pt). */
        public Builder size(double widthPoints, double heightPoints) {
            if (!(widthPoints >= 120 && heightPoints >= 80)) {
                throw new IllegalArgumentException("a binned diagram needs at least 120 x 80 points, got "
                        + widthPoints + " x " + heightPoints);
            }
            this.width = widthPoints;
            this.height = heightPoints;
            return this;
        }

        /** A title above the diagram (default none). */
        public Builder title(String t) {
            this.title = t == null ? "" : t;
            return this;
        }

        public BinnedDiagram build() {
            return new BinnedDiagram(this);
        }
    }

    private BinnedDiagram(Builder b) {
        Network net = b.net;
        this.shape = net.shape();
        this.names = b.names;
        this.title = b.title;
        this.tasks = b.tasks.tasks();
        this.width = b.width;
        this.height = b.height;
        for (int t = 0; t < tasks; t++) {
            for (int v : b.tasks.inputs(t)) {
                if (v >= shape[0]) {
                    throw new IllegalArgumentException("task " + t + " owns input " + v + " but the network has "
                            + shape[0] + " inputs: give the layout of the network's data");
                }
            }
            for (int v : b.tasks.outputs(t)) {
                if (v >= shape[shape.length - 1]) {
                    throw new IllegalArgumentException("task " + t + " owns output " + v + " but the network has "
                            + shape[shape.length - 1] + " outputs: give the layout of the network's data");
                }
            }
        }
        if (b.states != null && !java.util.Arrays.equals(b.states.shape(), shape)) {
            throw new IllegalArgumentException("the given states are of shape " + java.util.Arrays.toString(
                    b.states.shape()) + ", the network is " + java.util.Arrays.toString(shape)
                    + ": pass States.of(net) and Split.of(net, states, tasks) of this network");
        }
        States states = b.states != null ? b.states : States.of(net);
        Split split = b.split != null ? b.split : Split.of(net, states, b.tasks);
        NeuronGroups groups = NeuronGroups.of(shape, states, split, b.tasks);
        int last = shape.length - 1;

        int[][] owner = new int[shape.length][];
        for (int k = 0; k < shape.length; k++) {
            owner[k] = new int[shape[k]];
            java.util.Arrays.fill(owner[k], UNOWNED);
        }
        for (int t = 0; t < tasks; t++) {
            for (int v : b.tasks.inputs(t)) {
                owner[0][v] = t;
            }
            for (int v : b.tasks.outputs(t)) {
                owner[last][v] = t;
            }
        }
        boolean images = true;
        for (int t = 0; t < tasks && images; t++) {
            int n = b.tasks.inputs(t).length;
            int s = (int) Math.round(Math.sqrt(n));
            images = s * s == n && n >= 4;
        }

        // Layout: legend row at the top, layer labels at the bottom.
        double top = 6 + (title.isEmpty() ? 0 : 11) + 12;
        this.bottom = height - 14;
        double span = bottom - top;
        double gridSide = images ? Math.min(span / tasks - 12, 80) : 0;
        double left = 8 + (images ? gridSide + 10 : 0) + BAR / 2;
        double right = width - 28;

        // Bins: group codes per neuron, then bins in the documented order.
        int[] order = new int[tasks + 3];
        for (int t = 0; t < tasks; t++) {
            order[t] = t;
        }
        order[tasks] = SHARED;
        order[tasks + 1] = NONE;
        order[tasks + 2] = PRUNED;
        List<Bin> bs = new ArrayList<>();
        int[][] binOf = new int[shape.length][];
        int[] firstBin = new int[shape.length + 1];
        for (int k = 0; k < shape.length; k++) {
            int w = shape[k];
            int[] code = new int[w];
            for (int j = 0; j < w; j++) {
                code[j] = states.neuron(k, j) == State.PRUNED ? PRUNED : groups.group(k, j);
            }
            boolean owned = k == 0 || k == last;
            int[] owners = new int[owned ? tasks + 1 : 1];
            for (int t = 0; t < owners.length; t++) {
                owners[t] = owned && t < tasks ? t : UNOWNED;
            }
            // counts[owner slot][group slot]
            int[][] counts = new int[owners.length][order.length];
            for (int j = 0; j < w; j++) {
                counts[ownerSlot(owned ? owner[k][j] : UNOWNED, owned, tasks)][groupSlot(code[j], tasks)]++;
            }
            int nonEmpty = 0;
            int ownerGroups = 0;
            for (int[] row : counts) {
                boolean any = false;
                for (int c : row) {
                    if (c > 0) {
                        nonEmpty++;
                        any = true;
                    }
                }
                ownerGroups += any ? 1 : 0;
            }
            double gaps = 2.0 * Math.max(0, nonEmpty - 1) + 2.0 * Math.max(0, ownerGroups - 1);
            double rest = Math.max(0, span - gaps - MIN_BAR * nonEmpty);
            double x = left + (right - left) * k / last;
            double y = top;
            int[][] index = new int[owners.length][order.length];
            firstBin[k] = bs.size();
            boolean firstOwner = true;
            for (int so = 0; so < owners.length; so++) {
                boolean any = false;
                for (int sg = 0; sg < order.length; sg++) {
                    int c = counts[so][sg];
                    index[so][sg] = -1;
                    if (c == 0) {
                        continue;
                    }
                    if (!any && !firstOwner) {
                        y += 2; // 4 pt between owners in total
                    }
                    any = true;
                    double h = MIN_BAR + rest * c / w;
                    index[so][sg] = bs.size();
                    bs.add(new Bin(k, owners[so], order[sg], c, x, y, y + h));
                    y += h + 2;
                }
                firstOwner &= !any;
            }
            binOf[k] = new int[w];
            for (int j = 0; j < w; j++) {
                binOf[k][j] = index[ownerSlot(owned ? owner[k][j] : UNOWNED, owned, tasks)][groupSlot(code[j], tasks)];
            }
        }
        firstBin[shape.length] = bs.size();
        this.bins = List.copyOf(bs);

        // Bands: one pass over every weight layer's mask.
        List<int[]> raw = new ArrayList<>();
        int maxKept = 0;
        for (int l = 0; l < net.layers(); l++) {
            int in = shape[l];
            int out = shape[l + 1];
            int fromBins = firstBin[l + 1] - firstBin[l];
            int toBins = firstBin[l + 2] - firstBin[l + 1];
            int[] kept = new int[fromBins * toBins];
            int[] active = new int[fromBins * toBins];
            boolean[] m = net.mask().weights(l);
            for (int o = 0, q = 0; o < out; o++) {
                int to = binOf[l + 1][o] - firstBin[l + 1];
                for (int i = 0; i < in; i++, q++) {
                    if (m[q]) {
                        int cell = (binOf[l][i] - firstBin[l]) * toBins + to;
                        kept[cell]++;
                        if (states.weightAt(l, q) == State.ACTIVE) {
                            active[cell]++;
                        }
                    }
                }
            }
            for (int a = 0; a < fromBins; a++) {
                for (int c = 0; c < toBins; c++) {
                    int n = kept[a * toBins + c];
                    if (n > 0) {
                        raw.add(new int[] {l, firstBin[l] + a, firstBin[l + 1] + c, n, active[a * toBins + c]});
                        maxKept = Math.max(maxKept, n);
                    }
                }
            }
        }
        List<BinEdge> es = new ArrayList<>();
        for (int[] r : raw) {
            es.add(new BinEdge(r[0], r[1], r[2], r[3], r[4], band(r[3], maxKept), band(r[4], maxKept)));
        }
        this.edges = List.copyOf(es);

        // Pixel images, each centred on its task's bins in the input column.
        List<PixelImage> px = new ArrayList<>();
        if (images) {
            for (int t = 0; t < tasks; t++) {
                int[] in = b.tasks.inputs(t);
                int side = (int) Math.round(Math.sqrt(in.length));
                int[] g = new int[in.length];
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (int p = 0; p < in.length; p++) {
                    g[p] = states.neuron(0, in[p]) == State.PRUNED ? PRUNED : groups.group(0, in[p]);
                    Bin bin = bs.get(binOf[0][in[p]]);
                    lo = Math.min(lo, bin.top());
                    hi = Math.max(hi, bin.bottom());
                }
                double size = Math.min(gridSide, Math.max(hi - lo, 8));
                px.add(new PixelImage(t, side, g, 8, (lo + hi) / 2 - size / 2, size));
            }
        }
        this.pixels = List.copyOf(px);
    }

    private static int ownerSlot(int owner, boolean owned, int tasks) {
        return !owned ? 0 : owner == UNOWNED ? tasks : owner;
    }

    private static int groupSlot(int group, int tasks) {
        return switch (group) {
            case SHARED -> tasks;
            case NONE -> tasks + 1;
            case PRUNED -> tasks + 2;
            default -> group;
        };
    }

    private static double band(int n, int max) {
        return n == 0 ? 0 : MIN_BAND + (MAX_BAND - MIN_BAND) * Math.sqrt((double) n / max);
    }

    /** The bins, layer by layer, each layer top to bottom. */
    public List<Bin> bins() {
        return bins;
    }

    /** The bands, layer by layer; only pairs of bins joined by at least one kept weight. */
    public List<BinEdge> edges() {
        return edges;
    }

    /** The bins of neuron layer {@code k}. */
    public List<Bin> bins(int k) {
        return bins.stream().filter(x -> x.layer() == k).toList();
    }

    /** Kept weights drawn between neuron layers {@code l} and {@code l + 1} (the sum over its bands). */
    public int keptWeights(int l) {
        return edges.stream().filter(e -> e.layer() == l).mapToInt(BinEdge::kept).sum();
    }

    /** Active weights drawn between neuron layers {@code l} and {@code l + 1}. */
    public int activeWeights(int l) {
        return edges.stream().filter(e -> e.layer() == l).mapToInt(BinEdge::active).sum();
    }

    /** The display label of a group: a task name, "shared", "none" or "pruned". */
    public String label(int group) {
        return group == PRUNED ? "pruned" : NeuronGroups.label(group, names);
    }

    @Override
    public double width() {
        return width;
    }

    @Override
    public double height() {
        return height;
    }

    private static Color color(int group) {
        return group == PRUNED ? Color.WHITE : NeuronGroups.color(group);
    }

    @Override
    public void paint(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(PaperStyle.font(PaperStyle.SMALL_FONT_SIZE));
        FontMetrics fm = g.getFontMetrics();
        double y = 4 + fm.getAscent();
        g.setColor(PaperStyle.INK);
        if (!title.isEmpty()) {
            g.setFont(PaperStyle.font(PaperStyle.FONT_SIZE));
            g.drawString(title, 8f, (float) y);
            g.setFont(PaperStyle.font(PaperStyle.SMALL_FONT_SIZE));
            y += 11;
        }
        double lx = 8;
        List<Integer> legend = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            legend.add(t);
        }
        legend.add(SHARED);
        legend.add(NONE);
        legend.add(PRUNED);
        for (int gr : legend) {
            Rectangle2D.Double box = new Rectangle2D.Double(lx, y - 6, 6, 6);
            g.setColor(color(gr));
            g.fill(box);
            g.setColor(PaperStyle.GREY);
            g.setStroke(PaperStyle.thin());
            g.draw(box);
            g.setColor(PaperStyle.INK);
            String s = label(gr);
            g.drawString(s, (float) (lx + 8), (float) y);
            lx += 8 + fm.stringWidth(s) + 8;
        }
        String key = "bands: kept weights (grey), active (coloured), width ~ sqrt(count)";
        g.drawString(key, (float) Math.max(lx + 6, width - 28 - fm.stringWidth(key)), (float) y);

        double half = BAR / 2;
        for (BinEdge e : edges) {
            Bin a = bins.get(e.from());
            Bin c = bins.get(e.to());
            Line2D.Double line = new Line2D.Double(a.x() + half, a.centre(), c.x() - half, c.centre());
            if (e.kept() > e.active()) {
                g.setColor(PaperStyle.withAlpha(INACTIVE_BAND, 170));
                g.setStroke(new BasicStroke((float) band(e.kept() - e.active(), maxKept()), BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_ROUND));
                g.draw(line);
            }
        }
        for (BinEdge e : edges) {
            if (e.active() == 0) {
                continue;
            }
            Bin a = bins.get(e.from());
            Bin c = bins.get(e.to());
            g.setColor(PaperStyle.withAlpha(color(a.group()), 210));
            g.setStroke(new BasicStroke((float) e.activeWidth(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
            g.draw(new Line2D.Double(a.x() + half, a.centre(), c.x() - half, c.centre()));
        }
        g.setStroke(PaperStyle.thin());
        for (Bin bin : bins) {
            Rectangle2D.Double r = new Rectangle2D.Double(bin.x() - half, bin.top(), BAR, bin.bottom() - bin.top());
            g.setColor(color(bin.group()));
            g.fill(r);
            g.setColor(bin.owner() == UNOWNED ? PaperStyle.GREY : PaperStyle.task(bin.owner()));
            g.draw(r);
        }
        // Counts last, on a white backing, so bands leaving a bar do not cross them.
        for (Bin bin : bins) {
            if (bin.bottom() - bin.top() >= fm.getAscent()) {
                String n = Integer.toString(bin.neurons());
                double tx = bin.x() + half + 1.5;
                double base = bin.centre() + fm.getAscent() / 2.0 - 1;
                g.setColor(PaperStyle.withAlpha(Color.WHITE, 220));
                g.fill(new Rectangle2D.Double(tx - 0.5, base - fm.getAscent() + 0.5, fm.stringWidth(n) + 1,
                        fm.getAscent()));
                g.setColor(PaperStyle.INK);
                g.drawString(n, (float) tx, (float) base);
            }
        }
        for (PixelImage p : pixels) {
            paintPixels(g, p);
        }
        g.setColor(PaperStyle.INK);
        int last = shape.length - 1;
        for (int k = 0; k <= last; k++) {
            String s = (k == 0 ? "in " : k == last ? "out " : "h" + k + " ") + shape[k];
            double x = bins(k).isEmpty() ? 0 : bins(k).get(0).x();
            double sx = k == last ? x + half - fm.stringWidth(s) : x - fm.stringWidth(s) / 2.0;
            g.drawString(s, (float) sx, (float) (bottom + 4 + fm.getAscent()));
        }
    }

    private int maxKept() {
        int m = 0;
        for (BinEdge e : edges) {
            m = Math.max(m, e.kept());
        }
        return m;
    }

    private void paintPixels(Graphics2D g, PixelImage p) {
        BufferedImage img = new BufferedImage(p.side(), p.side(), BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < p.side(); r++) {
            for (int c = 0; c < p.side(); c++) {
                img.setRGB(c, r, color(p.group()[r * p.side() + c]).getRGB() & 0xFFFFFF);
            }
        }
        // No interpolation hint: Java2D scales images nearest-neighbour by default, and
        // VectorGraphics2D (SVG, PDF) fails on that hint.
        drawScaled(g, img, p.x(), p.y(), p.size());
        g.setColor(PaperStyle.task(p.task()));
        g.setStroke(PaperStyle.thin());
        g.draw(new Rectangle2D.Double(p.x(), p.y(), p.size(), p.size()));
        g.setColor(PaperStyle.task(p.task()));
        g.drawString(label(p.task()), (float) p.x(), (float) (p.y() - 2));
    }

    /** Draws {@code img} scaled into the square at fractional point coordinates. */
    private static void drawScaled(Graphics2D g, BufferedImage img, double x, double y, double size) {
        java.awt.geom.AffineTransform at = new java.awt.geom.AffineTransform();
        at.translate(x, y);
        at.scale(size / img.getWidth(), size / img.getHeight());
        g.drawImage(img, at, null);
    }
}
