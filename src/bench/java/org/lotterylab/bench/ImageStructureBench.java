package org.lotterylab.bench;

import java.util.Arrays;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.DataSplit;
import org.lotterylab.data.Dataset;
import org.lotterylab.data.Datasets;
import org.lotterylab.metrics.DeadNeurons;
import org.lotterylab.metrics.LevelAnalysis;
import org.lotterylab.metrics.Split;
import org.lotterylab.metrics.States;
import org.lotterylab.metrics.TaskLayout;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;
import org.lotterylab.train.Heads;
import org.lotterylab.train.TrainConfig;
import org.lotterylab.train.Trainer;

/**
 * The structure analysis of one level at the thesis' image shape (1568, 784, 392, 20: 1.23M
 * weights, two tasks of 784 pixels and 10 classes each, output-only degradation) against the
 * training time of that level: states, split, dead neurons, and the whole {@link LevelAnalysis}
 * the recorder runs, at densities 100%, 14%, 2% and 0.4% (uniform random masks). Training: epochs of
 * batch 512 on 8000 random rows. Prints the least thread CPU time of several runs (for the
 * analysis and the epochs alike) and the ratio analysis / one epoch; a level trains many
 * epochs, so the share of a level's time is smaller still. Timings on a loaded machine are
 * noisy: compare ratios, run it more than once.
 *
 * <p>Run (optional arguments: repetitions, default 11; training epochs timed, default 3):
 * <pre>
 * mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     org.lotterylab.bench.ImageStructureBench
 * </pre>
 */
public final class ImageStructureBench {
    static final int[] SHAPE = {1568, 784, 392, 20};

    private ImageStructureBench() {
    }

    /** Two image tasks side by side: task t owns pixels 784t .. 784t+783 and outputs 10t .. 10t+9. */
    static TaskLayout layout() {
        DataConfig data = DataConfig.mnistFashion();
        return TaskLayout.of(data.taskInputs(), data.taskOutputs()).withOutputOnlyDegradation(true);
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        DataSplit data = data(8000);
        System.out.printf("kernel %s, shape %s, %d training rows, batch 512%n", Trainer.kernelName(),
                Arrays.toString(SHAPE), data.train().rows());
        for (double density : new double[] {1.0, 0.14, 0.02, 0.004}) {
            time(density, reps, epochs, data);
        }
    }

    /** Random pixels in [0, 1], class labels 0..9 for both tasks. */
    static DataSplit data(int rows) {
        Rng rng = new Rng(7);
        float[] x = new float[rows * SHAPE[0]];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) rng.nextDouble();
        }
        float[] y = new float[rows * 2];
        for (int k = 0; k < y.length; k++) {
            y[k] = (float) Math.floor(rng.nextDouble() * 10);
        }
        int[][] own = new int[2][784];
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < 784; i++) {
                own[t][i] = 784 * t + i;
            }
        }
        Dataset d = Datasets.of(x, y, rows, SHAPE[0], own);
        return new DataSplit(d, d.slice(0, 0), d.slice(0, 512), new double[SHAPE[0]], new double[SHAPE[0]]);
    }

    private interface Job {
        Object run();
    }

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * This thread's CPU time in ns: on a machine shared with other jobs it counts what the work
     * costs, not how long it waited for a core (both the analysis and the training are single-threaded).
     */
    static long cpu() {
        return CPU.getCurrentThreadCpuTime();
    }

    /**
     * The least CPU milliseconds of {@code reps} runs after ten warm-up runs (so that the JIT has
     * compiled the loops): on a shared machine the noise (other jobs' cache traffic, allocation
     * stalls) only ever adds time.
     */
    private static double least(int reps, Job job) {
        for (int i = 0; i < 10; i++) {
            job.run();
        }
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = cpu();
            job.run();
            ms[i] = (cpu() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[0];
    }

    private static void time(double density, int reps, int epochs, DataSplit data) {
        Network init = StructureBench.random(SHAPE, 1.0, 1);
        Network trained = StructureBench.random(SHAPE, density, 2);
        TaskLayout tasks = layout();
        States states = States.of(trained);
        // One pass of everything first: a change of density re-profiles the loops.
        least(reps, () -> LevelAnalysis.of(1, trained, init, null, tasks, false));
        double tStates = least(reps, () -> States.of(trained));
        double tSplit = least(reps, () -> Split.of(trained, states, tasks));
        double tDead = least(reps, () -> DeadNeurons.of(trained));
        double tCounts = least(reps, () -> states.counts());
        double tParams = least(reps, () -> org.lotterylab.model.ParameterCounts.of(trained.mask(), false));
        double tFlips = least(reps, () -> org.lotterylab.metrics.TicketSimilarity.signFlips(init, trained));
        double tLevel = least(reps, () -> LevelAnalysis.of(1, trained, init, null, tasks, false));
        Heads heads = Heads.of(10, 10);
        TrainConfig cfg = TrainConfig.builder().batchSize(512).fixedEpochs(1).build();
        Network net = trained.copy();
        if (density < 1) {
            // Warm-up (the dense level's epoch is long enough to time cold).
            Trainer.fit(net, data, heads, cfg, new Rng(1), new org.lotterylab.train.TrainListener() { });
        }
        double[] ep = new double[density < 1 ? epochs : 1];
        for (int e = 0; e < ep.length; e++) {
            long t0 = cpu();
            Trainer.fit(net, data, heads, cfg, new Rng(e), new org.lotterylab.train.TrainListener() { });
            ep[e] = (cpu() - t0) / 1e6;
        }
        Arrays.sort(ep);
        double epoch = ep[0];
        Split s = Split.of(trained, states, tasks);
        System.out.printf("density %5.1f%% (%,d kept weights, %,d active): states %.1f ms, split %.1f ms,"
                        + " states + dead neurons %.1f ms, whole LevelAnalysis %.1f ms; one epoch %.0f ms;"
                        + " LevelAnalysis / epoch = %.2f%%%n",
                density * 100, trained.mask().keptWeights(), states.counts().totalWeights().active(), tStates, tSplit,
                tDead, tLevel, epoch, 100 * tLevel / epoch);
        System.out.printf("  split value %.3f, %d components; state counts %.1f ms, parameter counts %.1f ms, sign flips %.1f ms%n",
                s.value(), s.components().size(), tCounts, tParams, tFlips);
    }
}
