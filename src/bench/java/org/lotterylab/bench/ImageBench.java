package org.lotterylab.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.DataSplit;
import org.lotterylab.data.Dataset;
import org.lotterylab.io.AtomicDirs;
import org.lotterylab.metrics.LevelAnalysis;
import org.lotterylab.metrics.TaskLayout;
import org.lotterylab.model.Mask;
import org.lotterylab.model.ModelConfig;
import org.lotterylab.model.Network;
import org.lotterylab.prune.Imp;
import org.lotterylab.prune.ImpListener;
import org.lotterylab.prune.ImpRun;
import org.lotterylab.prune.LevelResult;
import org.lotterylab.prune.PruneConfig;
import org.lotterylab.prune.Pruner;
import org.lotterylab.prune.Schedule;
import org.lotterylab.rng.Rng;
import org.lotterylab.rng.Seeds;
import org.lotterylab.store.Npy;
import org.lotterylab.study.Experiments;
import org.lotterylab.train.Evaluation;
import org.lotterylab.train.Heads;
import org.lotterylab.train.TrainConfig;
import org.lotterylab.train.TrainListener;
import org.lotterylab.train.Trainer;

/**
 * The image workload of {@code ./lab bench} (issue 15, item 9): the thesis' shape
 * [1568, 784, 392, 20] on {@link DataConfig#mnistFashion()} (MNIST beside Fashion-MNIST, 10
 * classes each, 7000 training / 800 validation / 800 test rows), batch 512, Adam lr 1e-3,
 * softmax cross-entropy per task (mean over the tasks), fixed epochs, one validation pass per
 * epoch, against {@code bench/peer_torch_image.py} on the same rows, exported as .npy.
 *
 * <p>Figures, each in a fresh JVM with a 2 GB heap ({@value #HEAP}):
 * <ul>
 * <li>ms per epoch at the densities of levels {@link #TIMED_LEVELS} of the 20-level schedule to
 *     600 weights (rate 0.3247): 100%, 14.0%, 1.97% and 0.41%. Both sides train the same masks,
 *     global magnitude masks of the initial weights at those counts (no IMP run is needed to
 *     make them), from the same initial weights, for {@code epochs} epochs per round; a round
 *     times our side and the peer in turn, the side that goes first alternating; the figures
 *     are medians over the rounds. An epoch's time runs from the start of the fit to the end of
 *     its last validation pass (engine set-up included, the final test pass not).
 * <li>GFLOP/s at the dense level, counting {@link #flopsPerEpoch} per epoch.
 * <li>Beside each ratio its {@link #flopCeiling}, the ratio at the dense level's efficiency, and
 *     the measured ratio's share of it; likewise the run's ({@link #runCeiling}).
 * <li>The end-to-end time of a 20-level IMP run ({@link Imp} with {@code epochs} fixed epochs
 *     per level and the structure analysis of every level, as the toy memory check runs it)
 *     against the peer's IMP of the same schedule: train, prune globally by magnitude, reset.
 *     With {@code --image-thesis}, each level of ours trains to early stopping as in the thesis
 *     ({@link #thesisTraining}) and the peer trains each level for the epochs ours did: one pair
 *     of runs, the peer's about half an hour.
 * <li>The same run on 2 threads ({@link Trainer#setThreads}) against 1, and its heap: peak of
 *     the heap pools and live heap after a collection, in the 2 GB heap. With 2 threads the
 *     runs come in as many pairs as there are rounds, 1 thread then 2, alternating (the peer
 *     runs in the first pair only), and the run figures are the medians over the pairs: on a
 *     shared 2-core machine one pair's speed-up ranged from 1.39x to 1.71x in one day. On 2 threads a level's
 *     structure analysis is computed while the next level trains ({@link LevelAnalysis#begin}),
 *     as the run store computes it; its "analysis" time is then what the training thread spends
 *     waiting for the helper, and its training time the rest (shared with the helper).
 * </ul>
 * Our side is measured warm (one untimed epoch at each timed density first, and before the run
 * one untimed structure analysis at each), as in the toy
 * workload; the peer in a fresh process after one untimed step. Ratios (peer time / ours), never
 * absolute times, are the result: the machine is shared and its speed varies. Each figure comes
 * twice: wall time, and the process' CPU time over the same span ({@link #cpuNanos}), which on a
 * machine loaded beyond its cores counts what the work costs rather than how long it waited for
 * a core (the 2-thread figure is wall time only: CPU time cannot show a speed-up).
 */
final class ImageBench {
    /** The thesis' shape: two tasks of 784 pixels and 10 classes each. */
    static final int[] SHAPE = {1568, 784, 392, 20};
    static final int BATCH = 512;
    static final int LEVELS = 20;
    /** Weights left after the last level (the thesis' 600). */
    static final int TARGET_WEIGHTS = 600;
    /** The levels whose densities are timed: 100%, 14.0%, 1.97%, 0.41%. */
    static final int[] TIMED_LEVELS = {0, 5, 10, 14};
    static final String HEAP = "-Xmx2g";
    static final int HEAP_MB = 2048;
    /** The target for a single run alone on 2 cores against 1. */
    static final double TWO_THREAD_TARGET = 1.6;
    /** The target for the end-to-end 20-level run. */
    static final double RUN_TARGET = 5.0;
    private static final Seeds SEEDS = Seeds.of(0);

    private ImageBench() {
    }

    /** The number of weights (biases not counted) of an MLP of this shape. */
    static long weights(int[] shape) {
        long n = 0;
        for (int l = 0; l + 1 < shape.length; l++) {
            n += (long) shape[l] * shape[l + 1];
        }
        return n;
    }

    /**
     * Floating-point operations of one training epoch of a dense MLP, as counted here:
     * {@code 6 x trainRows x weights + 2 x valRows x weights}: per training row, 2 per weight
     * for the forward product and 2 each for the input-gradient and weight-gradient products;
     * per validation row, the forward product alone. Biases, activations, the loss and the
     * optimiser step are left out (they are linear in the weights or smaller).
     */
    static double flopsPerEpoch(int[] shape, int trainRows, int valRows) {
        return (6.0 * trainRows + 2.0 * valRows) * weights(shape);
    }

    /**
     * The speed-up target for a level of this density: 1.0x for the dense level, 4x at
     * about 14% or less, 15x at about 2% or less, NaN between 14% and 100% (no target). "About":
     * the density rounded to two significant digits, so the schedule's 14.04% and 1.97% count
     * as 14% and 2%.
     */
    static double target(double density) {
        if (!(density > 0 && density <= 1)) {
            throw new IllegalArgumentException("density must lie in (0, 1], got " + density);
        }
        double d = new BigDecimal(density).round(new MathContext(2)).doubleValue();
        if (d >= 1) {
            return 1.0;
        }
        if (d <= 0.02) {
            return 15;
        }
        return d <= 0.14 ? 4 : Double.NaN;
    }

    /**
     * The speed-up a level of this density would show if each of our epochs cost the density's
     * share of our dense epoch, {@code density x oursDenseMs} (the multiply-adds in proportion to
     * the kept weights, done at the dense level's speed), against the peer's measured epoch
     * {@code peerMs}: {@code peerMs / (density x oursDenseMs)}. What sparsity alone can give at
     * the dense level's efficiency; a measured ratio's share of it is the sparse path's
     * efficiency against the dense one.
     */
    static double flopCeiling(double peerMs, double oursDenseMs, double density) {
        return peerMs / (density * oursDenseMs);
    }

    /**
     * {@link #flopCeiling} of a whole run: the peer's run time {@code peerS} against ours if each
     * level {@code k}'s {@code epochs[k]} epochs cost its density's share of our dense epoch
     * ({@code oursDenseMs}): {@code peerS / (sum_k epochs[k] x remaining(k) / p0 x oursDenseMs / 1000)}.
     *
     * @throws IllegalArgumentException unless {@code epochs} has one count per trained level
     */
    static double runCeiling(double peerS, int[] epochs, double oursDenseMs, Schedule sch) {
        if (epochs.length != LEVELS + 1) {
            throw new IllegalArgumentException("one epoch count per level 0.." + LEVELS + ", got " + epochs.length);
        }
        double denseEpochs = 0;
        for (int k = 0; k <= LEVELS; k++) {
            denseEpochs += epochs[k] * (double) sch.remaining(k) / sch.p0();
        }
        return peerS / (denseEpochs * oursDenseMs / 1e3);
    }

    /**
     * How each level of the run trains in the thesis' own setting ({@code --image-thesis}): to
     * early stopping, as {@link Experiments#thesisImageTasks()} trains (patience 30, at most 3000
     * epochs, batch 512), so that the sparse levels, which train for hundreds of epochs, weigh
     * what they weigh in a real run.
     */
    static TrainConfig thesisTraining() {
        return Experiments.thesisImageTasks().training();
    }

    /** The pruning of the workload: global magnitude to 600 weights over 20 levels. */
    static PruneConfig prune() {
        return PruneConfig.builder().target(TARGET_WEIGHTS).levels(LEVELS).build();
    }

    static Schedule schedule() {
        return prune().schedule(SHAPE);
    }

    /**
     * One JSON object on one line from alternating keys and values: integers as they are,
     * doubles to 5 significant digits without trailing zeros ({@code 0.14039}, {@code 1234.6},
     * {@code 2}), NaN and infinities as {@code null}, strings quoted (with {@code "} and
     * {@code \} escaped), double arrays as lists, booleans as they are.
     */
    static String json(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("json needs key, value pairs, got " + keyValues.length + " items");
        }
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < keyValues.length; i += 2) {
            s.append(i == 0 ? "" : ", ").append(quote((String) keyValues[i])).append(": ").append(value(keyValues[i + 1]));
        }
        return s.append('}').toString();
    }

    private static String value(Object v) {
        if (v instanceof Double d) {
            return num(d);
        }
        if (v instanceof double[] a) {
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < a.length; i++) {
                s.append(i == 0 ? "" : ", ").append(num(a[i]));
            }
            return s.append(']').toString();
        }
        if (v instanceof String str) {
            return quote(str);
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Boolean) {
            return v.toString();
        }
        throw new IllegalArgumentException("json: unsupported value " + v);
    }

    private static String num(double d) {
        if (!Double.isFinite(d)) {
            return "null";
        }
        return new BigDecimal(d).round(new MathContext(5)).stripTrailingZeros().toPlainString();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** The numbers of the list after {@code "key": } in a one-line JSON object. */
    static double[] numbers(String json, String key) {
        String k = "\"" + key + "\": [";
        int at = json.indexOf(k);
        if (at < 0) {
            throw new IllegalArgumentException("no list " + key + " in: " + json);
        }
        int from = at + k.length();
        String body = json.substring(from, json.indexOf(']', from)).trim();
        return body.isEmpty() ? new double[0]
                : Arrays.stream(body.split(",")).mapToDouble(x -> Double.parseDouble(x.trim())).toArray();
    }

    // ---- the parent: children in fresh JVMs, table and JSON lines ---------------------------

    /**
     * What the image workload's data lacks, as a message naming the package and the command that
     * installs it; null when MNIST and Fashion-MNIST are installed. Cheap: run it before anything
     * is measured (the peers are checked by {@link Bench#peerProblem}).
     */
    static String missing() {
        try {
            DataConfig.mnistFashion().requireSources();
        } catch (RuntimeException e) {
            return "the image workload needs MNIST and Fashion-MNIST: " + e.getMessage()
                    + "\n(./lab setup installs both; or pass --skip-image)";
        }
        return null;
    }

    /**
     * Runs the image workload (after {@link #missing} and {@link Bench#peerProblem} found nothing missing): the density child
     * and the run children (the 2-thread one only with {@code twoThreads}); prints the table and
     * returns the JSON lines.
     */
    static List<String> run(int rounds, int epochs, Path peerScript, boolean twoThreads, boolean thesis)
            throws IOException, InterruptedException {
        Schedule sch = schedule();
        int[] rows = DataConfig.mnistFashion().splitRows();
        System.out.printf(Locale.ROOT, "image workload: %s on mnist+fashion (10 classes each; %d train / %d val rows),"
                + " batch %d, Adam lr 1e-3, softmax CE per task; %d fixed epochs per fit, 1 validation pass per epoch;"
                + " %d levels at rate %.4f to %d weights; masks: global magnitude of the init; kernel %s; %d rounds,"
                + " alternating; heap %s%n", Arrays.toString(SHAPE), rows[0], rows[1], BATCH, epochs, LEVELS, sch.rate(), TARGET_WEIGHTS,
                Trainer.kernelName(), rounds, HEAP);
        List<String> common = new ArrayList<>(List.of("--image-epochs", String.valueOf(epochs)));
        if (peerScript == null) {
            common.add("--no-peer");
        }
        List<String> a = new ArrayList<>(common);
        a.addAll(List.of("--image-density-child", "--image-rounds", String.valueOf(rounds)));
        List<String> lines = Bench.child(HEAP, a, "the image benchmark's densities");
        List<String> json = new ArrayList<>();
        int p0 = sch.p0();
        System.out.printf("%-6s %8s %10s %10s %10s %7s %10s %10s %7s %7s %8s %6s%n", "level", "density", "weights",
                "ours ms", "peer ms", "ratio", "ours cpu", "peer cpu", "ratio", "target", "ceiling", "of it");
        double[] dense = null;
        for (int level : TIMED_LEVELS) {
            List<double[]> rs = new ArrayList<>();
            for (String l : lines) {
                if (l.startsWith("{\"round\"") && Bench.number(l, "level") == level) {
                    rs.add(new double[] {Bench.number(l, "ours"), Bench.number(l, "peer"), Bench.number(l, "ours_cpu"),
                            Bench.number(l, "peer_cpu")});
                }
            }
            double o = Bench.median(rs, 0);
            double p = Bench.median(rs, 1);
            double oc = Bench.median(rs, 2);
            double pc = Bench.median(rs, 3);
            int w = sch.remaining(level);
            double density = (double) w / p0;
            double target = target(density);
            if (level == 0) {
                dense = new double[] {o, p, oc, pc};
            }
            // The first timed level is the dense one: every ceiling is measured against it.
            double ceiling = flopCeiling(p, dense[0], density);
            System.out.printf(Locale.ROOT, "%-6d %7.2f%% %,10d %10.1f %10.1f %6.2fx %10.1f %10.1f %6.2fx %7s %7.1fx %5.0f%%%n",
                    level, 100 * density, w, o, p, p / o, oc, pc, pc / oc,
                    Double.isNaN(target) ? "-" : String.format(Locale.ROOT, ">=%.1fx", target), ceiling, 100 * p / o / ceiling);
            json.add(json("image_level", level, "density", density, "weights", w, "ours_ms_per_epoch", o,
                    "peer_ms_per_epoch", p, "ratio", p / o, "ours_cpu_ms_per_epoch", oc, "peer_cpu_ms_per_epoch", pc,
                    "cpu_ratio", pc / oc, "target", target, "flop_ceiling", ceiling, "rounds", rs.size()));
        }
        double flops = flopsPerEpoch(SHAPE, rows[0], rows[1]);
        double[] g = Arrays.stream(dense).map(ms -> flops / (ms / 1e3) / 1e9).toArray();
        System.out.printf(Locale.ROOT, "dense GFLOP/s (6 x %d train rows x %,d weights + 2 x %d val rows x %,d weights"
                + " = %.2f GFLOP per epoch): ours %.1f, peer %.1f; per CPU second: ours %.1f, peer %.1f%n",
                rows[0], weights(SHAPE), rows[1], weights(SHAPE), flops / 1e9, g[0], g[1], g[2], g[3]);
        json.add(json("image_dense_gflops_ours", g[0], "peer", g[1], "ours_per_cpu_s", g[2], "peer_per_cpu_s", g[3],
                "flops_per_epoch", flops));
        System.out.println("ceiling: the ratio if each epoch cost its density's share of the dense epoch (ours at the"
                + " dense level's speed per weight, the peer's epochs as measured); of it: the measured ratio's share");
        lines.stream().filter(l -> l.startsWith("{\"image_sanity\"")).forEach(json::add);

        // The run on 1 thread (with the peer's), then on 2; then rounds - 1 more pairs without the
        // peer, alternating: the figures are the medians, as the densities' are. In the thesis'
        // setting one pair: its peer alone trains for about half an hour.
        List<String> runArgs = new ArrayList<>(common);
        if (thesis) {
            runArgs.add("--image-thesis");
        }
        List<String> one = new ArrayList<>(runArgs);
        one.addAll(List.of("--image-run-child", "--image-threads", "1"));
        List<String> two = new ArrayList<>(runArgs);
        two.addAll(List.of("--image-run-child", "--image-threads", "2", "--no-peer"));
        List<String> oneNoPeer = new ArrayList<>(one);
        oneNoPeer.add("--no-peer");
        List<String> runs1 = new ArrayList<>();
        List<String> runs2 = new ArrayList<>();
        for (int r = 0; r < (twoThreads && !thesis ? rounds : 1); r++) {
            runs1.add(only(Bench.child(HEAP, r == 0 ? one : oneNoPeer, "the image benchmark's 20-level run on 1 thread"),
                    "{\"image_run\""));
            if (twoThreads) {
                runs2.add(only(Bench.child(HEAP, two, "the image benchmark's 20-level run on 2 threads"), "{\"image_run\""));
            }
        }
        String run1 = runs1.get(0);
        double[] epochs1 = numbers(run1, "epochs_per_level");
        int[] perLevel = Arrays.stream(epochs1).mapToInt(e -> (int) e).toArray();
        for (String r : runs2) {
            if (!Arrays.equals(numbers(r, "epochs_per_level"), epochs1)) {
                throw new IllegalStateException("the 2-thread run stopped after other epochs than the 1-thread run,"
                        + " which the same seeds must not give: " + Arrays.toString(numbers(r, "epochs_per_level"))
                        + " against " + Arrays.toString(perLevel));
            }
        }
        String setting = thesis ? String.format(Locale.ROOT, "early stopping as in the thesis: %d epochs, %d-%d per level",
                Arrays.stream(perLevel).sum(), Arrays.stream(perLevel).min().getAsInt(), Arrays.stream(perLevel).max().getAsInt())
                : epochs + " epochs per level";
        double ours1 = medianOf(runs1, r -> Bench.number(r, "ours_s"));
        double train1 = medianOf(runs1, ImageBench::training);
        double peerS = Bench.number(run1, "peer_s");
        double oursCpu = medianOf(runs1, r -> Bench.number(r, "ours_cpu_s"));
        double peerCpu = Bench.number(run1, "peer_cpu_s");
        System.out.printf(Locale.ROOT, "20-level run (%s, structure analysis per level): ours %.1f s"
                + " (analysis %.1f s of it), peer %.1f s: %.2fx (target >=%.1fx); training alone %.1f s: %.2fx;"
                + " CPU seconds: ours %.1f, peer %.1f: %.2fx%n", setting, ours1, ours1 - train1, peerS, peerS / ours1,
                RUN_TARGET, train1, peerS / train1, oursCpu, peerCpu, peerCpu / oursCpu);
        if (thesis) {
            System.out.println("  epochs per level: " + Arrays.toString(perLevel));
        }
        System.out.println("  structure analysis at levels " + Arrays.toString(TIMED_LEVELS) + ": "
                + Arrays.toString(numbers(run1, "analysis_s_at")) + " s");
        double runCeiling = runCeiling(peerS, perLevel, dense[0], sch);
        System.out.printf(Locale.ROOT, "  FLOP ceiling of the run: %.1fx (its levels' epochs cost %.1f dense epochs of"
                + " multiply-adds, each at our dense epoch's %.0f ms); training alone reaches %.0f%% of it%n", runCeiling,
                peerS / runCeiling / (dense[0] / 1e3), dense[0], 100 * peerS / train1 / runCeiling);
        json.add(json("image_run_levels", LEVELS, "setting", thesis ? "thesis" : "fixed",
                "epochs_per_level", Arrays.stream(perLevel).asDoubleStream().toArray(), "ours_s", ours1, "peer_s", peerS,
                "ratio", peerS / ours1, "target", RUN_TARGET, "flop_ceiling", runCeiling, "analysis_s", ours1 - train1,
                "training_ratio", peerS / train1,
                "ours_cpu_s", oursCpu, "peer_cpu_s", peerCpu, "cpu_ratio", peerCpu / oursCpu, "rounds", runs1.size()));
        List<String> runs = new ArrayList<>(List.of(run1));
        if (twoThreads) {
            runs.addAll(runs2);
            double ours2 = medianOf(runs2, r -> Bench.number(r, "ours_s"));
            double train2 = medianOf(runs2, ImageBench::training);
            System.out.printf(Locale.ROOT, "the same run on 2 threads: %.1f s against %.1f s on 1: %.2fx (target >=%.1fx);"
                    + " training %.2fx (on 2 threads with each level's analysis beside it, %.1f s of waiting for it);"
                    + " %s (1 thread: %s s; 2 threads: %s s); %d cores, load average %.2f%n",
                    ours2, ours1, ours1 / ours2, TWO_THREAD_TARGET, train1 / train2, ours2 - train2,
                    runs2.size() == 1 ? "one pair of runs" : "medians of " + runs2.size() + " pairs, alternating",
                    seconds(runs1), seconds(runs2), Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            json.add(json("image_two_threads_s", ours2, "one_thread_s", ours1, "speedup", ours1 / ours2,
                    "setting", thesis ? "thesis" : "fixed",
                    "target", TWO_THREAD_TARGET, "training_speedup", train1 / train2, "rounds", runs2.size()));
        }
        for (String r : runs) {
            System.out.printf(Locale.ROOT, "memory (%d thread%s): peak heap %.0f MB, live after GC %.0f MB, of %d MB%n",
                    (int) Bench.number(r, "threads"), Bench.number(r, "threads") == 1 ? "" : "s",
                    Bench.number(r, "peak_heap_mb"), Bench.number(r, "live_heap_mb"), HEAP_MB);
        }
        json.add(json("image_memory_heap_limit_mb", HEAP_MB, "peak_heap_mb", runs.stream()
                .mapToDouble(r -> Bench.number(r, "peak_heap_mb")).max().getAsDouble(), "live_heap_mb",
                Bench.number(run1, "live_heap_mb")));
        return json;
    }

    /** A run child's training time: its wall time less the time spent on (or waiting for) the analysis. */
    private static double training(String run) {
        return Bench.number(run, "ours_s") - Bench.number(run, "analysis_s");
    }

    /** The median over the run children's lines {@code runs} of {@code f}. */
    private static double medianOf(List<String> runs, java.util.function.ToDoubleFunction<String> f) {
        return Bench.median(runs.stream().map(r -> new double[] {f.applyAsDouble(r)}).toList(), 0);
    }

    /** The runs' wall times, e.g. {@code 25.3, 26.1, 24.9}. */
    private static String seconds(List<String> runs) {
        return runs.stream().map(r -> String.format(Locale.ROOT, "%.1f", Bench.number(r, "ours_s")))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static String only(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new IllegalStateException("a child printed no " + prefix + "...} line: " + lines));
    }

    // ---- the children ----------------------------------------------------------------------

    /** What both children share: the rows, the initial network, the timed masks and their export. */
    private record Setup(DataConfig config, DataSplit data, Heads heads, Network init, Mask[] masks, Path dir) {
        void delete() {
            if (dir != null) {
                AtomicDirs.deleteTree(dir);
            }
        }
    }

    private static Setup setup(boolean export) throws IOException {
        DataConfig cfg = DataConfig.mnistFashion();
        DataSplit data = cfg.generate(SEEDS.data());
        Network init = ModelConfig.of(SHAPE).initialise(SEEDS.model());
        Schedule sch = schedule();
        Mask[] masks = new Mask[TIMED_LEVELS.length];
        for (int i = 0; i < masks.length; i++) {
            masks[i] = TIMED_LEVELS[i] == 0 ? init.mask()
                    : Pruner.globalMagnitude(init, sch.p0() - sch.remaining(TIMED_LEVELS[i]), false);
        }
        Path dir = null;
        if (export) {
            dir = Files.createTempDirectory("lab-bench-image");
            exportRows(dir, "train", data.train());
            exportRows(dir, "val", data.validation());
            exportRows(dir, "test", data.test());
            for (int l = 0; l < init.layers(); l++) {
                Npy.write(dir.resolve("w" + l + ".npy"), init.weights(l), SHAPE[l + 1], SHAPE[l]);
                for (int i = 0; i < masks.length; i++) {
                    Npy.write(dir.resolve("mask_L" + TIMED_LEVELS[i] + "_" + l + ".npy"), masks[i].weights(l),
                            SHAPE[l + 1], SHAPE[l]);
                }
            }
        }
        return new Setup(cfg, data, Heads.of(cfg), init, masks, dir);
    }

    private static void exportRows(Path dir, String name, Dataset d) {
        Npy.write(dir.resolve("x_" + name + ".npy"), d.x(), d.rows(), d.inputs());
        Npy.write(dir.resolve("y_" + name + ".npy"), d.y(), d.rows(), d.tasks());
    }

    private static TrainConfig train(int epochs) {
        return TrainConfig.builder().batchSize(BATCH).fixedEpochs(epochs).build();
    }

    /** The outcome of one timed fit of ours: wall and process CPU milliseconds per epoch. */
    private record Fit(double msPerEpoch, double cpuMsPerEpoch, Evaluation validation) {
    }

    /**
     * This process' CPU time in ns, every thread (training, JIT, collector), as the peer's
     * {@code time.process_time()} counts its own: on a machine shared with other jobs it counts
     * what the work costs, not how long it waited for a core.
     */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Fit fitOurs(Setup s, Mask mask, int epochs, long orderSeed) {
        Network net = s.init().copy();
        net.setMask(mask);
        long[] last = new long[2];
        long c0 = cpuNanos();
        long t0 = System.nanoTime();
        var result = Trainer.fit(net, s.data(), s.heads(), train(epochs), new Rng(orderSeed), new TrainListener() {
            @Override
            public void onEpoch(int epoch, double trainLoss, double validationLoss) {
                last[0] = System.nanoTime();
                last[1] = cpuNanos();
            }
        });
        return new Fit((last[0] - t0) / 1e6 / epochs, (last[1] - c0) / 1e6 / epochs, result.validation());
    }

    private static void warmUp(Setup s) {
        for (Mask m : s.masks()) {
            fitOurs(s, m, 1, 99);
        }
    }

    /**
     * The density child: warms up, then per round one line {@code {"round": r, "level": L,
     * "ours": ms, "peer": ms}} per timed level, and at the end the sanity line: both sides' last
     * dense validation loss and accuracies per task.
     */
    static void densityChild(int rounds, int epochs, Path peerScript) throws IOException, InterruptedException {
        Trainer.setThreads(1);
        Setup s = setup(peerScript != null);
        try {
            warmUp(s);
            Fit oursDense = null;
            String peerDense = null;
            for (int r = 0; r < rounds; r++) {
                double[] ours = new double[TIMED_LEVELS.length];
                double[] oursCpu = new double[TIMED_LEVELS.length];
                List<String> peer = null;
                // The side that goes first alternates, so that a drift of the machine's speed
                // within a round favours neither.
                for (int side = 0; side < 2; side++) {
                    if ((side == 0) == (r % 2 == 0)) {
                        for (int i = 0; i < TIMED_LEVELS.length; i++) {
                            Fit f = fitOurs(s, s.masks()[i], epochs, r);
                            ours[i] = f.msPerEpoch();
                            oursCpu[i] = f.cpuMsPerEpoch();
                            if (i == 0) {
                                oursDense = f;
                            }
                        }
                    } else if (peerScript != null) {
                        peer = peer(peerScript, s.dir(), String.valueOf(epochs), "densities", r);
                    }
                }
                for (int i = 0; i < TIMED_LEVELS.length; i++) {
                    double p = Double.NaN;
                    double pCpu = Double.NaN;
                    if (peer != null) {
                        String line = peerLine(peer, "\"mask\": \"L" + TIMED_LEVELS[i] + "\"");
                        p = Bench.number(line, "ms_per_epoch");
                        pCpu = Bench.number(line, "cpu_ms_per_epoch");
                        if (i == 0) {
                            peerDense = line;
                        }
                    }
                    System.out.println(json("round", r, "level", TIMED_LEVELS[i], "ours", ours[i], "peer", p,
                            "ours_cpu", oursCpu[i], "peer_cpu", pCpu));
                }
                System.out.printf(Locale.ROOT, "  image round %d/%d: ours %s ms/epoch, peer %s%n", r + 1, rounds,
                        Arrays.toString(Arrays.stream(ours).map(Math::round).toArray()),
                        peer == null ? "-" : peer.stream().map(l -> String.valueOf(Math.round(Bench.number(l, "ms_per_epoch"))))
                                .toList());
            }
            Evaluation v = oursDense.validation();
            double[] pAcc = peerDense == null ? new double[] {Double.NaN, Double.NaN} : numbers(peerDense, "val_acc");
            double pLoss = peerDense == null ? Double.NaN : Bench.number(peerDense, "val_loss");
            System.out.printf(Locale.ROOT, "sanity, dense level after %d epochs: validation loss ours %.4f, peer %.4f;"
                    + " accuracy mnist ours %.3f, peer %.3f; fashion ours %.3f, peer %.3f%n", epochs, v.loss(), pLoss,
                    v.taskAccuracy(0), pAcc[0], v.taskAccuracy(1), pAcc[1]);
            if (peerDense != null) {
                System.out.println("peer: " + Bench.text(peerDense, "peer") + " multiplying with " + Bench.text(peerDense, "blas"));
            }
            System.out.println(json("image_sanity", epochs, "ours_val_loss", v.loss(), "peer_val_loss", pLoss,
                    "ours_val_acc", v.taskAccuracy(), "peer_val_acc", pAcc));
        } finally {
            s.delete();
        }
    }

    /**
     * The run child: a 20-level IMP on {@code threads} threads with the structure analysis of
     * every level (on 2 threads overlapping the next level's training), every level kept in
     * memory as the driver does; then (with a peer) the peer's IMP. Prints {@code {"image_run": ...}} with both times and the heap.
     */
    static void runChild(int threads, int epochs, Path peerScript, boolean thesis) throws IOException, InterruptedException {
        Trainer.setThreads(threads);
        Setup s = setup(peerScript != null);
        try {
            warmUp(s);
            TaskLayout layout = TaskLayout.of(s.config().taskInputs(), s.config().taskOutputs())
                    .withOutputOnlyDegradation(true);
            for (Mask m : s.masks()) {
                Network net = s.init().copy();
                net.setMask(m);
                LevelAnalysis.of(0, net, s.init(), null, layout, false, 0, 0, threads);
            }
            long[] analysisNanos = {0};
            double[] analysisAt = new double[TIMED_LEVELS.length];
            // As the run store analyses: on two threads a level's analysis is computed while
            // the next level trains, and waited for when that one has trained.
            LevelAnalysis.Pending[] pending = {null};
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            ImpRun run = Imp.of(s.data(), s.heads(), ModelConfig.of(SHAPE), thesis ? thesisTraining() : train(epochs),
                            prune(), SEEDS)
                    .listen(new ImpListener() {
                        @Override
                        public Control onLevel(LevelResult level) {
                            long a = System.nanoTime();
                            if (pending[0] != null) {
                                pending[0].result();
                            }
                            pending[0] = LevelAnalysis.begin(level.level(), level.trained(), level.initial(), null,
                                    layout, false, 0, 0, threads);
                            long took = System.nanoTime() - a;
                            analysisNanos[0] += took;
                            int at = Arrays.binarySearch(TIMED_LEVELS, level.level());
                            if (at >= 0) {
                                analysisAt[at] = took / 1e9;
                            }
                            if (level.level() % 5 == 0) {
                                System.out.printf(Locale.ROOT, "  image run (%d thread%s): level %d/%d, %,d weights,"
                                                + " %.1f s so far%n", threads, threads == 1 ? "" : "s", level.level(),
                                        LEVELS, level.mask().keptWeights(), (System.nanoTime() - t0) / 1e9);
                            }
                            return Control.CONTINUE;
                        }
                    }).run();
            long a = System.nanoTime();
            pending[0].result();
            analysisNanos[0] += System.nanoTime() - a;
            double ours = (System.nanoTime() - t0) / 1e9;
            double oursCpu = (cpuNanos() - c0) / 1e9;
            long peak = Bench.peakHeapBytes();
            long live = Bench.liveHeapBytes();
            double[] perLevel = run.levels().stream().mapToDouble(l -> l.training().epochs()).toArray();
            double peer = Double.NaN;
            double peerCpu = Double.NaN;
            System.out.printf(Locale.ROOT, "  image run (%d thread%s) done: %.1f s (%.1f s of it on the analysis), %d epochs%n",
                    threads, threads == 1 ? "" : "s", ours, analysisNanos[0] / 1e9, (int) Arrays.stream(perLevel).sum());
            if (peerScript != null) {
                // The peer trains each level for the epochs ours did.
                String counts = Arrays.stream(perLevel).mapToObj(e -> String.valueOf((int) e))
                        .collect(java.util.stream.Collectors.joining(","));
                String line = peerLine(peer(peerScript, s.dir(), counts, "imp", 0), "\"seconds\"");
                peer = Bench.number(line, "seconds");
                peerCpu = Bench.number(line, "cpu_seconds");
                System.out.printf(Locale.ROOT, "  peer run done: %.1f s (%.1f s of CPU)%n", peer, peerCpu);
            }
            System.out.println(json("image_run", run.levels().size() - 1, "threads", threads, "ours_s", ours,
                    "analysis_s", analysisNanos[0] / 1e9, "analysis_s_at", analysisAt, "epochs_per_level", perLevel,
                    "peer_s", peer, "ours_cpu_s", oursCpu,
                    "peer_cpu_s", peerCpu, "peak_heap_mb", peak / 1e6,
                    "live_heap_mb", live / 1e6, "final_weights", run.levels().get(run.levels().size() - 1).mask().keptWeights()));
        } finally {
            s.delete();
        }
    }

    /**
     * Runs the peer in {@code mode} on the exported rows, {@code epochs} epochs per fit (with
     * {@code imp}, one count for every level or one per level, comma-separated); returns its JSON
     * lines.
     */
    private static List<String> peer(Path script, Path dir, String epochs, String mode, int seed)
            throws IOException, InterruptedException {
        List<String> masks = Arrays.stream(TIMED_LEVELS).mapToObj(l -> "L" + l).toList();
        Process p = Bench.peerProcess("/usr/bin/python3", script.toString(), "--data", dir.toString(), "--mode", mode,
                "--masks", String.join(",", masks), "--epochs", epochs, "--levels", String.valueOf(LEVELS),
                "--rate", String.valueOf(schedule().rate()), "--batch", String.valueOf(BATCH), "--threads", "1",
                "--seed", String.valueOf(seed)).start();
        List<String> out = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null) {
                all.append(line).append('\n');
                if (line.startsWith("{")) {
                    out.add(line);
                } else if (line.startsWith("  peer run:")) {
                    System.out.println(line);
                }
            }
        }
        if (p.waitFor() != 0) {
            throw new IOException("the image peer " + script + " failed (exit " + p.exitValue()
                    + "; is python3-torch installed? ./lab bench installs it):\n" + all);
        }
        return out;
    }

    private static String peerLine(List<String> lines, String contains) throws IOException {
        return lines.stream().filter(l -> l.contains(contains)).findFirst()
                .orElseThrow(() -> new IOException("the image peer printed no line with " + contains + ": " + lines));
    }
}
