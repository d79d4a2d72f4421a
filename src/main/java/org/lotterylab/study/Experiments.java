package org.lotterylab.study;

import java.util.Collections;
import java.util.List;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.Scaler;
import org.lotterylab.data.Task;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.experiment.Profile;
import org.lotterylab.prune.Schedule;

/**
 * The base experiments of the notes, declared once for every notebook, scaled by the
 * {@link Profile} in force: the fast profile (tests) prunes in {@value #FAST_LEVELS} levels and caps
 * training at {@value #FAST_EPOCHS} epochs; the full profile (the paper's figures) uses
 * {@value #FULL_LEVELS} levels and {@value #FULL_EPOCHS} epochs. Choose the profile with the
 * environment variable {@code LAB_PROFILE} ({@code fast} or {@code full}, default full), e.g.
 * {@code LAB_PROFILE=fast ./lab notebook}.
 */
public final class Experiments {
    static final int FAST_LEVELS = 8;
    static final int FULL_LEVELS = 20;
    static final int FAST_EPOCHS = 300;
    static final int FULL_EPOCHS = 3000;

    private Experiments() {
    }

    /**
     * The base experiment: circles+moons side by side (task 0 owns inputs 0-1 and output 0, task 1
     * inputs 2-3 and output 1), an MLP [4, 20, 20, 2], pruned by IMP down to 24 weights; every other
     * field at the defaults of science.md ({@link ExperimentConfig#defaults()}). Derive variants with
     * {@code with}, e.g. {@code base().with("pruning.reset", "reinit")}.
     */
    public static ExperimentConfig base() {
        return scaled(ExperimentConfig.defaults().with("model.hidden", 20).with("pruning.target", 24));
    }

    /**
     * k moons tasks side by side, each with its own two inputs and one output, with the hidden width
     * (10 k) and the target (12 k weights) growing with k so that every task gets the capacity of
     * one: {@code moons(2)} is [4, 20, 20, 2] pruned to 24.
     *
     * @throws IllegalArgumentException if {@code k < 1}
     */
    public static ExperimentConfig moons(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("moons(k) needs at least one task, not k = " + k);
        }
        return scaled(ExperimentConfig.defaults().with("data.tasks", String.join("+", Collections.nCopies(k, "moons")))
                .with("model.hidden", 10 * k).with("pruning.target", 12 * k));
    }

    /** {@code config} with the number of levels and the epoch cap of the profile in force. */
    public static ExperimentConfig scaled(ExperimentConfig config) {
        Profile p = Profile.current();
        return config.with("pruning.levels", p.pick(FAST_LEVELS, FULL_LEVELS))
                .with("training.maxEpochs", p.pick(FAST_EPOCHS, FULL_EPOCHS));
    }

    /** The number of seeds per condition in the profile in force: {@code fast} or {@code full}. */
    public static int seeds(int fast, int full) {
        return Profile.current().pick(fast, full);
    }

    /**
     * One sentence on the profile in force and how to choose the other, for a notebook's first
     * cell, e.g. "Profile fast (LAB_PROFILE=fast): 8 pruning levels, at most 300 epochs, few seeds,
     * for tests; the numbers are not meant to be read. For the paper's numbers: LAB_PROFILE=full
     * ./lab notebook (or ./lab figures)."
     */
    public static String profile() {
        Profile p = Profile.current();
        String levels = p.pick(FAST_LEVELS, FULL_LEVELS) + " pruning levels, at most " + p.pick(FAST_EPOCHS, FULL_EPOCHS)
                + " epochs";
        return p == Profile.FAST
                ? "Profile fast (LAB_PROFILE=fast): " + levels + " and few seeds, for tests; the numbers are not meant"
                        + " to be read, and verdicts are often 'too few data'. For the paper's numbers: LAB_PROFILE=full"
                        + " ./lab notebook (or ./lab figures)."
                : "Profile full (LAB_PROFILE=full, the default): " + levels + ", the seeds of the paper's figures."
                        + " For a quick pass: LAB_PROFILE=fast ./lab notebook (or LAB_PROFILE=fast ./lab figures NAME).";
    }

    // ------------------------------------------------------------------ image tasks

    /** The thesis' image experiment prunes to this many weights per output (600 for its 20 outputs). */
    public static final int IMAGE_WEIGHTS_PER_OUTPUT = 30;

    /**
     * The thesis' image experiment (science.md section 2, notebook 09-image-tasks): MNIST beside
     * Fashion-MNIST ({@link DataConfig#mnistFashion()}: all 10 classes each, 28 x 28, 700 / 80 / 80
     * images per class, standard scaling), an MLP [1568, 784, 392, 20], minibatches of 512, pruned by
     * IMP to 600 weights ({@value #IMAGE_WEIGHTS_PER_OUTPUT} per output) in 20 levels (rate 0.3247),
     * a task judged by its outputs only ({@code analysis.outputOnlyDegradation}: pixels dead from the
     * start do not count as degradation); Adam and early stopping at the defaults, at most
     * {@value #FULL_EPOCHS} epochs. The same as {@code configs/09-image-tasks-thesis.json}.
     *
     * <p>Cost on this project's 2-core machines: the three seeds take about 7 minutes with AVX-512
     * and 12 with AVX2 only (two runs at a time, one per core, the last on both), about 30 MB each
     * in the store. If that no longer fits, {@link #thesisImageTasks(int)}
     * at 14, shape [392, 196, 98, 20], has a sixteenth of the weights.
     */
    public static ExperimentConfig thesisImageTasks() {
        return image(DataConfig.mnistFashion(), 512, FULL_LEVELS, FULL_EPOCHS);
    }

    /**
     * {@link #thesisImageTasks()} with images of {@code size} x {@code size} (area averaging):
     * shape [2 s^2, s^2, s^2 / 2, 20], everything else the same; {@code thesisImageTasks(28)} is the
     * thesis' setting itself (the same hash).
     *
     * @throws IllegalArgumentException if the size is not one the image tasks offer (28, 14, 12)
     */
    public static ExperimentConfig thesisImageTasks(int size) {
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        DataConfig data = DataConfig.builder().task(new Task.Mnist(all, size, 700, 80, 80, Scaler.STANDARD, false))
                .task(new Task.Fashion(all, size, 700, 80, 80, Scaler.STANDARD, false)).build();
        return image(data, 512, FULL_LEVELS, FULL_EPOCHS);
    }

    /**
     * The image experiment of the profile in force. Full profile: the thesis' setting,
     * {@link #thesisImageTasks()}. Fast profile: the tiny setting {@link DataConfig#mnistFashionTiny()}
     * (digits 0 and 1 beside trouser and shirt, 12 x 12, 100 / 25 / 25 images per class, one logit
     * per task) in the thesis' proportions, [288, 144, 72, 2], minibatches of 64 (its 200 training
     * rows would be one batch of 512), pruned to 60 weights ({@value #IMAGE_WEIGHTS_PER_OUTPUT} per
     * output, as in the thesis) in {@value #FAST_LEVELS} levels, at most {@value #FAST_EPOCHS}
     * epochs: three seeds in about 30 s.
     */
    public static ExperimentConfig imageTasks() {
        return Profile.current() == Profile.FAST ? image(DataConfig.mnistFashionTiny(), 64, FAST_LEVELS, FAST_EPOCHS)
                : thesisImageTasks();
    }

    /** The thesis' proportions [inputs, inputs / 2, inputs / 4, outputs] on {@code data}, 30 weights per output. */
    private static ExperimentConfig image(DataConfig data, int batch, int levels, int epochs) {
        int in = data.inputCount();
        int[] shape = {in, in / 2, in / 4, data.outputCount()};
        return ExperimentConfig.defaults().toBuilder().data(data).shape(shape).build()
                .with("training.batchSize", batch).with("training.maxEpochs", epochs)
                .with("pruning.target", IMAGE_WEIGHTS_PER_OUTPUT * data.outputCount()).with("pruning.levels", levels)
                .with("analysis.outputOnlyDegradation", true);
    }

    // ------------------------------------------------------------------ the thesis' network-size experiments

    /** The hidden widths of the thesis' width x levels grid: [4, H, H, 2] for H = 31, 38, 48, 57. */
    public static final List<Integer> GRID_WIDTHS = List.of(31, 38, 48, 57);
    /** The weights the grid prunes to: 112, the dense count of [4, 8, 8, 2]. */
    public static final int GRID_TARGET = 112;
    /** The thesis' number of pruning levels in the grid. */
    public static final int GRID_LEVELS = 10;
    /** The pruning rate of the extension runs. */
    public static final double EXTENSION_RATE = 0.32;
    /** Extension runs prune their base network until at most this many weights remain. */
    public static final int EXTENSION_FLOOR = 12;
    /** The weights the pruning-rate sweep prunes to. */
    public static final int RATE_TARGET = 12;

    /**
     * The thesis' width x levels grid at one cell: circles+moons on [4, hidden, hidden, 2] pruned to
     * {@value #GRID_TARGET} weights in {@code levels} levels (the rate follows from the two), the
     * epoch cap of the profile. The grid itself: {@link #GRID_WIDTHS} at {@value #GRID_LEVELS} levels
     * and more level counts; vary {@code model.hidden} and {@code pruning.levels} around
     * {@code widthGrid(GRID_WIDTHS.get(0), GRID_LEVELS)}.
     *
     * @throws IllegalArgumentException if the network has at most {@value #GRID_TARGET} weights
     *         (nothing to prune) or {@code levels < 1}
     */
    public static ExperimentConfig widthGrid(int hidden, int levels) {
        int p0 = Schedule.prunableCount(new int[] {4, hidden, hidden, 2}, false);
        if (p0 <= GRID_TARGET) {
            throw new IllegalArgumentException("widthGrid(" + hidden + ", " + levels + "): [4, " + hidden + ", " + hidden
                    + ", 2] has " + p0 + " weights, not more than the grid's target " + GRID_TARGET
                    + "; use a hidden width of at least 9");
        }
        if (levels < 1) {
            throw new IllegalArgumentException("widthGrid needs at least one level, not " + levels);
        }
        return scaled(ExperimentConfig.defaults()).with("model.shape", "4-" + hidden + "-" + hidden + "-2")
                .with("pruning.target", GRID_TARGET).with("pruning.levels", levels);
    }

    /**
     * The thesis' extension runs for {@code hiddenLayers} = 1, 2 or 3 hidden layers: the bases
     * [4, 20, 2], [4, 8, 8, 2] and [4, 4, 4, 4, 2] (120, 112 and 56 weights) on circles+moons at rate
     * {@value #EXTENSION_RATE}, pruned in the fewest levels after which at most
     * {@value #EXTENSION_FLOOR} weights remain (6, 6 and 4 levels: 12, 11 and 12 weights, just above
     * the smallest networks that hold both tasks whole, 6, 8 and 10 weights), with no extension; vary
     * {@code pruning.extension} to start wider, as {@code ./lab schedule --extend} shows.
     *
     * @throws IllegalArgumentException if {@code hiddenLayers} is not 1, 2 or 3
     */
    public static ExperimentConfig extension(int hiddenLayers) {
        int[] shape = switch (hiddenLayers) {
            case 1 -> new int[] {4, 20, 2};
            case 2 -> new int[] {4, 8, 8, 2};
            case 3 -> new int[] {4, 4, 4, 4, 2};
            default -> throw new IllegalArgumentException("the thesis' extension runs have 1, 2 or 3 hidden layers, not "
                    + hiddenLayers);
        };
        int levels = 1;
        while (Schedule.builder(shape).rate(EXTENSION_RATE).levels(levels).build().target() > EXTENSION_FLOOR) {
            levels++;
        }
        return scaled(ExperimentConfig.defaults()).with("model.shape", shapeText(shape)).with("pruning.rate", EXTENSION_RATE)
                .with("pruning.levels", levels);
    }

    /**
     * The pruning-rate sweep's network: circles+moons on [4, 31, 31, 2] (1147 weights, the grid's
     * narrowest) pruned to {@value #RATE_TARGET} weights, at the rate of {@code levels} levels
     * (1 - (12/1147)^(1/levels)); {@link #levelsAtRate} gives the levels of a nominal rate.
     */
    public static ExperimentConfig rateSweep(int levels) {
        return scaled(ExperimentConfig.defaults()).with("model.shape", "4-31-31-2")
                .with("pruning.target", RATE_TARGET).with("pruning.levels", levels);
    }

    /**
     * The level counts whose rates, from the base network of {@code config} down to its target, come
     * closest to each nominal rate: L = max(1, round(ln(PT / P0) / ln(1 - rate))), in the order
     * given, duplicates removed. E.g. from 1147 to 12 weights, rate 0.32 gives 12 levels (actual rate
     * 0.316).
     *
     * @throws IllegalArgumentException if a rate is outside (0, 1) or the config sets a rate instead
     *         of a target
     */
    public static List<Integer> levelsAtRate(ExperimentConfig config, double... rates) {
        if (!Double.isNaN(config.pruning().rate())) {
            throw new IllegalArgumentException("levelsAtRate needs a config with a target, not a rate ("
                    + config.pruning().rate() + "); set pruning.target instead");
        }
        double p0 = Schedule.prunableCount(config.model().shape(), config.pruning().biases());
        double target = config.pruning().target();
        List<Integer> out = new java.util.ArrayList<>();
        for (double r : rates) {
            if (!(r > 0 && r < 1)) {
                throw new IllegalArgumentException("a pruning rate lies in (0, 1), not " + r);
            }
            int l = (int) Math.max(1, Math.round(Math.log(target / p0) / Math.log(1 - r)));
            if (!out.contains(l)) {
                out.add(l);
            }
        }
        return List.copyOf(out);
    }

    private static String shapeText(int[] shape) {
        return java.util.Arrays.stream(shape).mapToObj(String::valueOf).collect(java.util.stream.Collectors.joining("-"));
    }
}
