package org.lotterylab.study;

import java.util.List;

import org.lotterylab.data.DataConfig;
import org.lotterylab.metrics.TaskLayout;
import org.lotterylab.model.Mask;
import org.lotterylab.store.Runs;
import org.lotterylab.store.StoredRun;

import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What each task of a multi-task run keeps as IMP prunes it, and where the surviving pixels of an
 * image task lie (notebook 09-image-tasks): one row per run, level and task, read from the stored
 * masks and level tables.
 *
 * <p><b>A task's own paths.</b> Task {@code t} keeps what lies on a directed path of unpruned
 * weights from one of its inputs to one of its outputs (every such weight is active, science.md
 * section 5): {@code active_inputs} are its inputs with such a path to one of its outputs,
 * {@code active_outputs} its outputs reached so from one of its inputs, {@code active_weights}
 * the weights on such a path. After a split these are exactly the task's component; before it,
 * a weight on both tasks' paths counts for both, and a weight that joins one task's input to
 * another task's output (crosstalk) counts for neither.
 *
 * <p><b>Where the pixels lie.</b> A task whose {@code n} inputs form a square image of side
 * {@code s = sqrt(n)} (input {@code r * s + c} is row {@code r}, column {@code c}, as image tasks
 * write them) has its pixel {@code (r, c)} centred at {@code (c + 1/2, r + 1/2)}. The <em>centre</em>
 * is the central square of half the side: the pixels whose centre lies strictly inside it,
 * {@code |r + 1/2 - s/2| < s/4} and the same for {@code c} ({@code centre_area}, the share of all
 * pixels that are in it, is exactly 1/4 when 4 divides the side: 28 and 12). {@code centre_share}
 * is the share of the task's active inputs in the centre; {@code radius} their mean distance from
 * the image centre {@code (s/2, s/2)} in units of the half side (an edge's midpoint is at 1, a
 * corner at about 1.41), {@code radius_all} the same mean over every pixel of the image (0.749 for
 * a side of 4, about 0.765 for large sides). Without active inputs the three are NaN, and so are
 * all four for a task whose inputs are not a square number (a toy task's two coordinates).
 */
public final class ImageSummaries {
    private ImageSummaries() {
    }

    /**
     * What task {@code task} keeps under one mask (see the class comment).
     *
     * @param inputs the task's inputs
     * @param activeInputs inputs with a path to one of the task's outputs
     * @param activeWeights weights on a path from one of its inputs to one of its outputs
     * @param outputs the task's outputs
     * @param activeOutputs outputs reached from one of its inputs
     * @param centreShare share of the active inputs in the image centre
     * @param centreArea share of all the task's pixels in the image centre
     * @param radius mean distance of the active inputs from the image centre, in half sides
     * @param radiusAll the same mean over every pixel of the image
     */
    record TaskCounts(int task, int inputs, int activeInputs, int activeWeights, int outputs, int activeOutputs,
            double centreShare, double centreArea, double radius, double radiusAll) {
    }

    /** What each task of {@code tasks} keeps under {@code mask}, in task order. */
    static TaskCounts[] counts(Mask mask, TaskLayout tasks) {
        int[] shape = mask.shape();
        int layers = shape.length - 1;
        TaskCounts[] out = new TaskCounts[tasks.tasks()];
        for (int t = 0; t < tasks.tasks(); t++) {
            // Forward: the neurons a path of unpruned weights reaches from task t's inputs.
            boolean[][] from = new boolean[shape.length][];
            from[0] = new boolean[shape[0]];
            for (int i : tasks.inputs(t)) {
                from[0][i] = true;
            }
            for (int l = 0; l < layers; l++) {
                boolean[] m = mask.weights(l);
                boolean[] next = new boolean[shape[l + 1]];
                for (int o = 0, k = 0; o < shape[l + 1]; o++) {
                    for (int i = 0; i < shape[l]; i++, k++) {
                        next[o] |= m[k] && from[l][i];
                    }
                }
                from[l + 1] = next;
            }
            // Backward: the neurons with a path to one of task t's outputs.
            boolean[][] to = new boolean[shape.length][];
            to[layers] = new boolean[shape[layers]];
            for (int o : tasks.outputs(t)) {
                to[layers][o] = true;
            }
            for (int l = layers - 1; l >= 0; l--) {
                boolean[] m = mask.weights(l);
                boolean[] prev = new boolean[shape[l]];
                for (int o = 0, k = 0; o < shape[l + 1]; o++) {
                    for (int i = 0; i < shape[l]; i++, k++) {
                        prev[i] |= m[k] && to[l + 1][o];
                    }
                }
                to[l] = prev;
            }
            int weights = 0;
            for (int l = 0; l < layers; l++) {
                boolean[] m = mask.weights(l);
                for (int o = 0, k = 0; o < shape[l + 1]; o++) {
                    for (int i = 0; i < shape[l]; i++, k++) {
                        weights += m[k] && from[l][i] && to[l + 1][o] ? 1 : 0;
                    }
                }
            }
            int[] in = tasks.inputs(t);
            int[] outs = tasks.outputs(t);
            boolean[] alive = new boolean[in.length];
            int activeIn = 0;
            for (int p = 0; p < in.length; p++) {
                alive[p] = to[0][in[p]];
                activeIn += alive[p] ? 1 : 0;
            }
            int activeOut = 0;
            for (int o : outs) {
                activeOut += from[layers][o] ? 1 : 0;
            }
            double[] where = where(alive);
            out[t] = new TaskCounts(t, in.length, activeIn, weights, outs.length, activeOut, where[0], where[1], where[2],
                    where[3]);
        }
        return out;
    }

    /**
     * For the pixels of a square image (index {@code r * side + c}), those marked {@code alive}:
     * their share in the centre, the centre's share of all pixels, their mean radius and the mean
     * radius of all pixels; NaN for what is undefined (see the class comment).
     */
    static double[] where(boolean[] alive) {
        int side = (int) Math.round(Math.sqrt(alive.length));
        if (side * side != alive.length || side == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        int n = 0;
        int inCentre = 0;
        int centre = 0;
        double radius = 0;
        double radiusAll = 0;
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                boolean central = inCentre(r, side) && inCentre(c, side);
                double d = radius(r, c, side);
                centre += central ? 1 : 0;
                radiusAll += d;
                if (alive[r * side + c]) {
                    n++;
                    inCentre += central ? 1 : 0;
                    radius += d;
                }
            }
        }
        double all = alive.length;
        return new double[] {n == 0 ? Double.NaN : (double) inCentre / n, centre / all,
            n == 0 ? Double.NaN : radius / n, radiusAll / all};
    }

    /** Whether row (or column) {@code r}'s centre lies strictly inside the central half of the side. */
    static boolean inCentre(int r, int side) {
        return Math.abs(r + 0.5 - side / 2.0) < side / 4.0;
    }

    /** The distance of pixel {@code (r, c)}'s centre from the image centre, in half sides. */
    static double radius(int r, int c, int side) {
        double h = side / 2.0;
        return Math.hypot(c + 0.5 - h, r + 0.5 - h) / h;
    }

    /**
     * One row per complete run, stored level and task, runs in the order of {@link Runs#complete()},
     * then levels, then tasks: {@code hash, seed_model, level, weights} (kept in the whole network),
     * {@code density, task} (its name, as {@link ImageFigures#names}), {@code task_index, test_acc}
     * (the task's test accuracy), {@code inputs, active_inputs, active_input_share} (active over all
     * its inputs), {@code active_weights, weight_share} (active weights over the network's kept
     * weights; NaN when none is kept), {@code outputs, active_outputs}, and where its pixels lie:
     * {@code centre_share, centre_area, radius, radius_all} (see the class comment). Reads every
     * level's mask: at the thesis' shape about a second per level.
     */
    public static Table byLevel(Runs runs) {
        Rows rows = new Rows("image tasks by level", false);
        for (StoredRun r : runs.complete()) {
            Table levels = r.levels();
            for (int row = 0; row < levels.rowCount(); row++) {
                rows.add(r, levels, row, null);
            }
        }
        return rows.table();
    }

    /**
     * One row per complete run and task at the run's split level, or at its last level when it
     * never split: the columns of {@link #byLevel} plus {@code split} (whether the run split),
     * {@code at} ("split" or "last"), {@code dense_acc} (the task's test accuracy at level 0) and
     * {@code acc_drop} ({@code dense_acc - test_acc}). Rows in the order of {@link Runs#complete()},
     * then tasks, so the rows of one task pair with another's run by run.
     */
    public static Table atSplit(Runs runs) {
        Rows rows = new Rows("image tasks at the split", true);
        for (StoredRun r : runs.complete()) {
            Table levels = r.levels();
            var split = r.summary().orElseThrow().split();
            int row = split.orElse(levels.rowCount() - 1);
            rows.add(r, levels, row, split.isPresent() ? "split" : "last");
        }
        return rows.table();
    }

    /** The columns of both tables, filled a row at a time. */
    private static final class Rows {
        final String name;
        final StringColumn hash = StringColumn.create("hash");
        final IntColumn seed = IntColumn.create("seed_model");
        final BooleanColumn split = BooleanColumn.create("split");
        final StringColumn at = StringColumn.create("at");
        final IntColumn level = IntColumn.create("level");
        final IntColumn weights = IntColumn.create("weights");
        final DoubleColumn density = DoubleColumn.create("density");
        final StringColumn task = StringColumn.create("task");
        final IntColumn taskIndex = IntColumn.create("task_index");
        final DoubleColumn denseAcc = DoubleColumn.create("dense_acc");
        final DoubleColumn acc = DoubleColumn.create("test_acc");
        final DoubleColumn drop = DoubleColumn.create("acc_drop");
        final IntColumn inputs = IntColumn.create("inputs");
        final IntColumn activeInputs = IntColumn.create("active_inputs");
        final DoubleColumn inputShare = DoubleColumn.create("active_input_share");
        final IntColumn activeWeights = IntColumn.create("active_weights");
        final DoubleColumn weightShare = DoubleColumn.create("weight_share");
        final IntColumn outputs = IntColumn.create("outputs");
        final IntColumn activeOutputs = IntColumn.create("active_outputs");
        final DoubleColumn centreShare = DoubleColumn.create("centre_share");
        final DoubleColumn centreArea = DoubleColumn.create("centre_area");
        final DoubleColumn radius = DoubleColumn.create("radius");
        final DoubleColumn radiusAll = DoubleColumn.create("radius_all");
        final boolean atSplit;

        Rows(String name, boolean atSplit) {
            this.name = name;
            this.atSplit = atSplit;
        }

        /** The rows of every task of {@code run} at row {@code row} of its level table; {@code at} null for byLevel. */
        void add(StoredRun run, Table levels, int row, String where) {
            DataConfig data = run.config().data();
            List<String> names = ImageFigures.names(data);
            int lvl = levels.intColumn("level").getInt(row);
            TaskCounts[] counts = counts(run.mask(lvl), ImageFigures.layout(data));
            for (TaskCounts c : counts) {
                hash.append(run.hash());
                seed.append((int) run.config().seeds().model());
                split.append("split".equals(where));
                at.append(where == null ? "" : where);
                level.append(lvl);
                weights.append(levels.intColumn("weights").getInt(row));
                density.append(levels.numberColumn("density").getDouble(row));
                task.append(names.get(c.task()));
                taskIndex.append(c.task());
                double a = levels.numberColumn("test_acc_t" + c.task()).getDouble(row);
                double d = levels.numberColumn("test_acc_t" + c.task()).getDouble(0);
                denseAcc.append(d);
                acc.append(a);
                drop.append(d - a);
                inputs.append(c.inputs());
                activeInputs.append(c.activeInputs());
                inputShare.append((double) c.activeInputs() / c.inputs());
                activeWeights.append(c.activeWeights());
                int kept = levels.intColumn("weights").getInt(row);
                weightShare.append(kept == 0 ? Double.NaN : (double) c.activeWeights() / kept);
                outputs.append(c.outputs());
                activeOutputs.append(c.activeOutputs());
                centreShare.append(c.centreShare());
                centreArea.append(c.centreArea());
                radius.append(c.radius());
                radiusAll.append(c.radiusAll());
            }
        }

        Table table() {
            Table t = Table.create(name, hash, seed);
            if (atSplit) {
                t.addColumns(split, at);
            }
            t.addColumns(level, weights, density, task, taskIndex);
            if (atSplit) {
                t.addColumns(denseAcc);
            }
            t.addColumns(acc);
            if (atSplit) {
                t.addColumns(drop);
            }
            return t.addColumns(inputs, activeInputs, inputShare, activeWeights, weightShare, outputs, activeOutputs, centreShare,
                    centreArea, radius, radiusAll);
        }
    }
}
