package org.lotterylab.bench;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.lotterylab.data.DataSplit;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.store.RunStore;
import org.lotterylab.store.StoredRun;
import org.lotterylab.metrics.LevelAnalysis;
import org.lotterylab.metrics.SplitMetrics;
import org.lotterylab.metrics.State;
import org.lotterylab.metrics.States;
import org.lotterylab.metrics.TaskLayout;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;
import org.lotterylab.train.Trainer;

/**
 * Times {@link SplitMetrics#of} against the training of one level, at the base experiment
 * (science.md defaults, {@code [4, 40, 40, 2]}) and at a wide net ({@code [4, 410, 410, 2]}),
 * on trained networks: dense (level 0, every weight active, the largest graph) and with a
 * magnitude mask keeping 10% of each layer. Also compares the two candidate eigen-solvers (EJML's
 * and Commons Math's dense symmetric decomposition) on the normalised adjacency of the same
 * graphs, and checks that their top eigenvalues agree. First, a whole run of the base experiment:
 * the metrics per level against each level's stored training time.
 *
 * <p>Timings on a loaded machine are noisy: read the ratios, and repeat. Run:
 * <pre>
 * mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     org.lotterylab.bench.SplitMetricsBench [reps]
 * </pre>
 */
public final class SplitMetricsBench {
    private SplitMetricsBench() {
    }

    public static void main(String[] args) throws java.io.IOException {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        baseRun();
        for (int width : new int[] {40, 410}) {
            ExperimentConfig cfg = ExperimentConfig.builder().shape(4, width, width, 2).build();
            DataSplit data = cfg.data().generate(cfg.seeds().data());
            TaskLayout tasks = TaskLayout.of(cfg.data().taskInputs(), cfg.data().taskOutputs());
            double[] train = new double[Math.max(1, reps / 2)];
            Network trained = null;
            for (int r = 0; r < train.length; r++) {
                Network net = cfg.model().withShape(cfg.model().shape()).initialise(r);
                long t0 = System.nanoTime();
                Trainer.fit(net, data, cfg.training(), Rng.derive(r, "order", 0));
                train[r] = (System.nanoTime() - t0) / 1e6;
                trained = net;
            }
            Arrays.sort(train);
            double trainMs = train[train.length / 2];
            System.out.printf("%n[4,%d,%d,2]: training one level from init: median %.1f ms over %d%n",
                    width, width, trainMs, train.length);
            for (double density : new double[] {1.0, 0.1}) {
                Network net = trained.copy();
                net.setMask(magnitudeMask(net, density));
                States states = States.of(net);
                double base = median(reps, () -> LevelAnalysis.of(0, net, null, null, tasks, false));
                double metrics = median(reps, () -> SplitMetrics.of(net, states, tasks, 0, 0));
                double withNull = median(Math.max(1, reps / 2), () -> SplitMetrics.of(net, states, tasks, 20, 1));
                SplitMetrics m = SplitMetrics.of(net, states, tasks, 20, 1);
                System.out.printf("  density %.0f%% (%d active weights): LevelAnalysis %.1f ms, SplitMetrics %.1f ms"
                        + " (%.1f%% of training), with a 20-shuffle null %.1f ms (%.1f%% of training)%n",
                        density * 100, states.counts().totalWeights().active(), base, metrics, 100 * metrics / trainMs,
                        withNull, 100 * withNull / trainMs);
                System.out.printf("    Q %.3f, sharing %.3f, decided in %.3f / out %.3f, ncut %.3f, null %.3f +- %.3f,"
                        + " z %.2f, p %.3f%n", m.modularity(), m.sharing(), m.decidedIn(), m.decidedOut(),
                        m.clusterability().ncut(), m.clusterability().nullMean(), m.clusterability().nullSd(),
                        m.clusterability().z(), m.clusterability().p());
                eigen(net, states, reps);
            }
        }
    }

    /**
     * A whole run of the base experiment (science.md defaults, 21 levels), stored in a temp
     * directory: per level, SplitMetrics (without and with a 20-shuffle null) recomputed from the
     * stored trained network, against the level's stored training seconds.
     */
    private static void baseRun() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("split-bench");
        ExperimentConfig cfg = ExperimentConfig.defaults();
        StoredRun run = RunStore.at(dir).run(cfg);
        TaskLayout tasks = TaskLayout.of(cfg.data().taskInputs(), cfg.data().taskOutputs());
        tech.tablesaw.api.Table t = run.levels();
        double train = 0;
        double plain = 0;
        double withNull = 0;
        System.out.printf("base run %s: level, training s, SplitMetrics ms, with 20-shuffle null ms%n", run.hash());
        for (int level = 0; level < run.levelCount(); level++) {
            Network net = run.trained(level);
            States states = States.of(net);
            double a = median(3, () -> SplitMetrics.of(net, states, tasks, 0, 0));
            double b = median(3, () -> SplitMetrics.of(net, states, tasks, 20, 1));
            double s = t.doubleColumn("seconds").getDouble(level);
            System.out.printf("  %2d  %.3f  %.2f  %.1f%n", level, s, a, b);
            train += s * 1000;
            plain += a;
            withNull += b;
        }
        System.out.printf("base run total: training %.1f s, SplitMetrics %.1f ms (%.2f%%), with the null %.1f ms (%.1f%%)%n",
                train / 1000, plain, 100 * plain / train, withNull, 100 * withNull / train);
    }

    /** Each layer keeps its {@code density} largest |w| (all when 1). */
    static Mask magnitudeMask(Network net, double density) {
        Mask.Builder b = Mask.full(net.shape()).toBuilder();
        for (int l = 0; l < net.layers(); l++) {
            float[] w = net.weights(l);
            float[] abs = new float[w.length];
            for (int k = 0; k < w.length; k++) {
                abs[k] = Math.abs(w[k]);
            }
            float[] sorted = abs.clone();
            Arrays.sort(sorted);
            int keep = (int) Math.ceil(density * w.length);
            float cut = sorted[w.length - keep];
            for (int k = 0; k < w.length; k++) {
                b.weightAt(l, k, abs[k] >= cut);
            }
        }
        return b.build();
    }

    /** EJML against Commons Math on the normalised adjacency of the active graph. */
    private static void eigen(Network net, States states, int reps) {
        int[] shape = net.shape();
        int[] offset = new int[shape.length + 1];
        for (int k = 0; k < shape.length; k++) {
            offset[k + 1] = offset[k] + shape[k];
        }
        int n = offset[shape.length];
        double[][] a = new double[n][n];
        for (int l = 0; l < net.layers(); l++) {
            for (int o = 0; o < shape[l + 1]; o++) {
                for (int i = 0; i < shape[l]; i++) {
                    if (states.weight(l, o, i) == State.ACTIVE) {
                        double x = Math.abs(net.weight(l, o, i));
                        a[offset[l] + i][offset[l + 1] + o] = x;
                        a[offset[l + 1] + o][offset[l] + i] = x;
                    }
                }
            }
        }
        double[] deg = new double[n];
        int size = 0;
        for (int v = 0; v < n; v++) {
            deg[v] = Arrays.stream(a[v]).sum();
            size += deg[v] > 0 ? 1 : 0;
        }
        double[][] m = new double[size][size];
        for (int v = 0, r = 0; v < n; v++) {
            if (deg[v] == 0) {
                continue;
            }
            for (int u = 0, c = 0; u < n; u++) {
                if (deg[u] > 0) {
                    m[r][c++] = a[v][u] / Math.sqrt(deg[v] * deg[u]);
                }
            }
            r++;
        }
        compare("whole normalised adjacency", m, reps);
        // What SpectralCut decomposes: the Gram matrix of the even-odd block B (rows: even layers).
        int[] side = new int[n];
        for (int k = 0; k < shape.length; k++) {
            Arrays.fill(side, offset[k], offset[k + 1], k & 1);
        }
        int[] idx = new int[n];
        int[] cnt = new int[2];
        for (int v = 0; v < n; v++) {
            idx[v] = deg[v] > 0 ? cnt[side[v]]++ : -1;
        }
        double[][] b = new double[cnt[0]][cnt[1]];
        for (int v = 0; v < n; v++) {
            for (int u = 0; u < n; u++) {
                if (side[v] == 0 && side[u] == 1 && a[v][u] > 0) {
                    b[idx[v]][idx[u]] = a[v][u] / Math.sqrt(deg[v] * deg[u]);
                }
            }
        }
        int r = Math.min(cnt[0], cnt[1]);
        double[][] g = new double[r][r];
        boolean rows = cnt[0] <= cnt[1];
        int inner = rows ? cnt[1] : cnt[0];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                double x = 0;
                for (int k = 0; k < inner; k++) {
                    x += rows ? b[i][k] * b[j][k] : b[k][i] * b[k][j];
                }
                g[i][j] = x;
            }
        }
        compare("Gram matrix of the bipartite block", g, reps);
    }

    private static void compare(String what, double[][] m, int reps) {
        double[] top = new double[2];
        double ejml = median(reps, () -> {
            EigenDecomposition_F64<DMatrixRMaj> e = DecompositionFactory_DDRM.eig(m.length, true, true);
            e.decompose(new DMatrixRMaj(m));
            double[] v = new double[m.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = e.getEigenvalue(i).getReal();
            }
            Arrays.sort(v);
            top[0] = v[v.length - 2];
            e.getEigenVector(0);
        });
        double commons = median(reps, () -> {
            EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(m, false));
            e.getEigenvector(0);
            top[1] = e.getRealEigenvalues()[1];
        });
        System.out.printf("    eigenvectors, %s (%d x %d): EJML %.1f ms, Commons Math %.1f ms (Commons/EJML %.1f);"
                + " second eigenvalue %.6f vs %.6f%n", what, m.length, m.length, ejml, commons, commons / ejml,
                top[0], top[1]);
    }

    private static double median(int reps, Runnable r) {
        r.run();
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[reps / 2];
    }
}
