package org.lotterylab.metrics;

import java.util.Arrays;
import java.util.function.Supplier;
import org.lotterylab.data.DataConfig;
import org.lotterylab.model.Activation;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;
import org.lotterylab.model.ParameterCounts;
import org.lotterylab.rng.Rng;

/**
 * Measurement main (not a test): the per-part CPU time of one level's structure analysis at the
 * thesis' image shape [1568, 784, 392, 20] (kaiming-uniform weights, global magnitude masks at
 * 100%, 14%, 2% and 0.4% density, two image tasks, output-only degradation). Prints the median
 * thread CPU milliseconds of each part over {@code reps} runs after warm-up.
 *
 * <pre>
 * mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.lotterylab.metrics.AnalysisProfile [reps]
 * </pre>
 */
final class AnalysisProfile {
    static final int[] SHAPE = {1568, 784, 392, 20};
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private AnalysisProfile() {
    }

    static TaskLayout layout() {
        DataConfig data = DataConfig.mnistFashion();
        return TaskLayout.of(data.taskInputs(), data.taskOutputs()).withOutputOnlyDegradation(true);
    }

    /**
     * Kaiming-uniform weights of {@code shape} from {@code seed}, masked by global magnitude to
     * {@code density}, magnitudes relative to each layer's init bound (raw magnitudes at init would
     * prune the widest layer first and leave nothing active below ~5%; trained nets do not).
     */
    static Network magnitude(int[] shape, double density, long seed) {
        Rng rng = new Rng(seed);
        int layers = shape.length - 1;
        float[][] w = new float[layers][];
        float[][] b = new float[layers][];
        int total = 0;
        for (int l = 0; l < layers; l++) {
            w[l] = new float[shape[l] * shape[l + 1]];
            b[l] = new float[shape[l + 1]];
            double bound = Math.sqrt(6.0 / shape[l]);
            for (int k = 0; k < w[l].length; k++) {
                w[l][k] = (float) rng.uniform(-bound, bound);
            }
            total += w[l].length;
        }
        float[] all = new float[total];
        for (int l = 0, p = 0; l < layers; l++) {
            float bound = (float) Math.sqrt(6.0 / shape[l]);
            for (float x : w[l]) {
                all[p++] = Math.abs(x) / bound;
            }
        }
        Arrays.sort(all);
        int keep = (int) Math.round(density * total);
        float threshold = keep >= total ? -1 : all[total - keep];
        Mask.Builder m = Mask.full(shape).toBuilder();
        for (int l = 0; l < layers; l++) {
            float bound = (float) Math.sqrt(6.0 / shape[l]);
            for (int k = 0; k < w[l].length; k++) {
                m.weightAt(l, k, Math.abs(w[l][k]) / bound >= threshold);
            }
        }
        return Network.of(shape, Activation.RELU, w, b, m.build());
    }

    static long cpu() {
        return CPU.getCurrentThreadCpuTime();
    }

    static double median(int reps, Supplier<Object> job) {
        job.get();
        job.get();
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = cpu();
            job.get();
            ms[i] = (cpu() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[reps / 2];
    }

    /**
     * Dense against iterative partition time on random bipartite graphs with sides s and 2.4 s
     * (like the image net's 804 and 1960) at a few densities: where the threshold belongs.
     */
    static void crossover(int reps, boolean dense, int[] sizes) {
        for (double density : new double[] {1.0, 0.14, 0.02}) {
            for (int small : sizes) {
                BlockKrylovTest.Graph g = BlockKrylovTest.graph(small, (int) (2.4 * small), 1, density, 0, 3);
                int[] side = g.side();
                int n = g.n();
                double it = median(reps, () -> SpectralCut.partition(n, g.src(), g.dst(), g.w(), side, 2, 1));
                double dn = dense ? median(reps, () -> SpectralCut.partition(n, g.src(), g.dst(), g.w(), side, 2, Integer.MAX_VALUE))
                        : Double.NaN;
                System.out.printf("density %5.1f%%, sides %d x %d (%,d edges): dense %.1f ms, iterative %.1f ms%n",
                        100 * density, small, (int) (2.4 * small), g.w().length, dn, it);
            }
        }
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("crossover")) {
            crossover(args.length > 1 ? Integer.parseInt(args[1]) : 3, args.length <= 2,
                    args.length > 3 ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
                            : new int[] {150, 250, 412, 600, 804});
            return;
        }
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double[] densities = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToDouble(Double::parseDouble).toArray()
                : new double[] {1.0, 0.14, 0.02, 0.004};
        boolean dense = args.length > 2;
        TaskLayout tasks = layout();
        Network init = magnitude(SHAPE, 1.0, 1);
        for (double density : densities) {
            Network trained = magnitude(SHAPE, density, 1);
            States states = States.of(trained);
            ActiveGraph g = ActiveGraph.of(states, tasks);
            double[] w = g.absWeights(trained);
            int[] side = g.side();
            double tStates = median(reps, () -> States.of(trained));
            double tCounts = median(reps, states::counts);
            double tDead = median(reps, () -> DeadNeurons.of(trained, states));
            double tSplit = median(reps, () -> Split.of(trained, states, tasks));
            double tParams = median(reps, () -> ParameterCounts.of(trained.mask(), false));
            double tFlips = median(reps, () -> TicketSimilarity.signFlips(init, trained));
            double tGraph = median(reps, () -> ActiveGraph.of(states, tasks));
            double tAbs = median(reps, () -> g.absWeights(trained));
            double tMod = median(reps, () -> Modularity.of(g.edgeSrc, g.edgeDst, w, null, new int[g.nodes], 4));
            double tPart = median(reps, () -> SpectralCut.partition(g.nodes, g.edgeSrc, g.edgeDst, w, side, 2));
            int[] labels = SpectralCut.partition(g.nodes, g.edgeSrc, g.edgeDst, w, side, 2);
            double tNcut = median(reps, () -> SpectralCut.ncut(g.nodes, g.edgeSrc, g.edgeDst, w, g.edgeLayer, 3, labels, 2));
            double tMetrics = median(reps, () -> SplitMetrics.of(trained, states, tasks, 0, 0));
            double tLevel = median(reps, () -> LevelAnalysis.of(1, trained, init, null, tasks, false));
            SplitMetrics sm = SplitMetrics.of(trained, states, tasks, 0, 0);
            double tDense = dense ? median(Math.min(reps, 3),
                    () -> SpectralCut.partition(g.nodes, g.edgeSrc, g.edgeDst, w, side, 2, Integer.MAX_VALUE)) : Double.NaN;
            int[] denseLabels = SpectralCut.partition(g.nodes, g.edgeSrc, g.edgeDst, w, side, 2, Integer.MAX_VALUE);
            int same = 0;
            int swapped = 0;
            for (int v = 0; v < labels.length; v++) {
                same += labels[v] == denseLabels[v] ? 1 : 0;
                swapped += labels[v] == (denseLabels[v] < 0 ? -1 : 1 - denseLabels[v]) ? 1 : 0;
            }
            double denseNcut = SpectralCut.ncut(g.nodes, g.edgeSrc, g.edgeDst, w, g.edgeLayer, 3, denseLabels, 2)[0];
            System.out.printf("  dense partition %.1f ms, ncut %.6f; labels agreeing %d / %d (swapped %d)%n",
                    tDense, denseNcut, Math.max(same, swapped), labels.length, Math.min(same, swapped));
            System.out.printf("density %5.1f%% (%,d edges active): LevelAnalysis %.1f ms = states %.1f + counts %.1f"
                    + " + dead %.1f + split %.1f + params %.1f + flips %.1f + SplitMetrics %.1f"
                    + " [graph %.1f, absW %.1f, one modularity %.1f, partition %.1f, ncut %.1f]; ncut %.6f%n",
                    density * 100, g.edges(), tLevel, tStates, tCounts, tDead, tSplit, tParams, tFlips, tMetrics,
                    tGraph, tAbs, tMod, tPart, tNcut, sm.clusterability().ncut());
        }
    }
}
