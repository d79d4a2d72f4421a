package org.lotterylab.train;

import org.lotterylab.data.DataSplit;
import org.lotterylab.data.Dataset;
import org.lotterylab.data.Datasets;
import org.lotterylab.model.Activation;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;

/**
 * The measurement behind {@link Blas} and the engine's OpenBLAS crossovers, printed as ratios
 * (it lives in this package because it calls the package-private kernels):
 * <ol>
 * <li>every product of the thesis shape (1568, 784, 392, 20) at a batch of 512 and of the toy
 * shapes (410 and 40 wide, batch 64), in the three forms training needs (forward {@code W A},
 * input gradient {@code W^T dZ}, weight gradient {@code dZ A^T}): the SIMD dense kernel as the
 * engine calls it (the weight gradient's transpose not counted) against OpenBLAS on one thread;
 * <li>the sparse kernels against OpenBLAS on the 1568 x 784 layer at uniform random densities
 * (the crossovers {@link Engine#blasProductDensity}, {@link Engine#blasGradientDensity});
 * <li>ms per training epoch (7168 random rows, batch 512) at densities 100%, 14% and 2%, with
 * the old path (SIMD kernels only) and the OpenBLAS path, and the OpenBLAS path on 1 and 2
 * threads (wall time).
 * </ol>
 * Each figure is the least of several timings after warm-up: on a shared machine noise only
 * adds time. Still, compare ratios and run it more than once.
 *
 * <pre>
 * mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java --add-modules jdk.incubator.vector -XX:-UseCountedLoopSafepoints \
 *     -cp target/classes:target/test-classes:$(cat target/cp.txt) org.lotterylab.train.BlasBench [rounds]
 * </pre>
 */
public final class BlasBench {
    private static final int[] SHAPE = {1568, 784, 392, 20};

    private BlasBench() {
    }

    private interface Job {
        void run();
    }

    /** The least wall milliseconds of {@code rounds} timings of {@code reps} calls, after one warm-up round. */
    private static double least(int rounds, int reps, Job job) {
        double best = Double.MAX_VALUE;
        for (int r = -1; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                job.run();
            }
            double ms = (System.nanoTime() - t0) / 1e6 / reps;
            if (r >= 0) {
                best = Math.min(best, ms);
            }
        }
        return best;
    }

    private static float[] random(int n, java.util.Random r) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        if (!Blas.available()) {
            System.out.println("OpenBLAS not available: " + Blas.problem());
            return;
        }
        Kernels k = Kernels.best();
        System.out.printf("kernel %s + OpenBLAS (1 thread per call); least of %d rounds%n", k.name(), rounds);
        System.out.println("-- products: SIMD dense kernel vs OpenBLAS --");
        products(k, rounds, 1568, 784, 512);
        products(k, rounds, 784, 392, 512);
        products(k, rounds, 392, 20, 512);
        products(k, rounds, 410, 410, 64);
        products(k, rounds, 40, 40, 64);
        System.out.println("-- sparse kernels vs OpenBLAS, 1568 x 784, batch 512 --");
        sparse(k, rounds, 1568, 784, 512);
        System.out.println("-- training epochs, thesis shape, 7168 rows, batch 512 --");
        epochs(k, Math.max(2, rounds / 2));
    }

    private static void products(Kernels k, int rounds, int in, int out, int s) {
        java.util.Random r = new java.util.Random(1);
        float[] w = random(in * out, r);
        float[] a = random(in * s, r);
        float[] dz = random(out * s, r);
        float[] abm = random(s * in, r);
        float[] dst = new float[out * s];
        float[] dPrev = new float[in * s];
        float[] g = new float[out * in];
        float[] zeros = new float[Math.max(s, Math.max(in, out))];
        double flop = 2.0 * in * out * s;
        int reps = (int) Math.max(1, 2e8 / flop);
        int[] outRows = Kernels.firstRows(out);
        int[] inRows = Kernels.firstRows(in);
        double f1 = least(rounds, reps, () -> k.gemm(outRows, in, w, in, 1, zeros, a, dst, s));
        double f2 = least(rounds, reps, () -> Blas.gemm(false, false, out, s, in, w, in, a, s, 1f, dst, s, 1));
        double i1 = least(rounds, reps, () -> k.gemm(inRows, out, w, 1, in, zeros, dz, dPrev, s));
        double i2 = least(rounds, reps, () -> Blas.gemm(true, false, in, s, out, w, in, dz, s, 0f, dPrev, s, 1));
        double g1 = least(rounds, reps, () -> k.gemm(outRows, s, dz, s, 1, zeros, abm, g, in));
        double g2 = least(rounds, reps, () -> Blas.gemm(false, true, out, in, s, dz, s, a, s, 0f, g, in, 1));
        System.out.printf("%4d -> %4d, batch %3d: forward %5.1f vs %5.1f GFLOP/s (BLAS %5.1fx), input grad %5.1f vs"
                        + " %5.1f (%5.1fx), weight grad %5.1f vs %5.1f (%5.1fx)%n", in, out, s,
                flop / f1 / 1e6, flop / f2 / 1e6, f1 / f2, flop / i1 / 1e6, flop / i2 / 1e6, i1 / i2,
                flop / g1 / 1e6, flop / g2 / 1e6, g1 / g2);
    }

    static void sparse(Kernels k, int rounds, int in, int out, int s) {
        java.util.Random r = new java.util.Random(2);
        float[] a = random(in * s, r);
        float[] dz = random(out * s, r);
        float[] dst = new float[out * s];
        float[] dPrev = new float[in * s];
        float[] g = new float[out * in];
        float[] zeros = new float[Math.max(s, in)];
        float[] wFull = random(in * out, r);
        double f2 = least(rounds, 2, () -> Blas.gemm(false, false, out, s, in, wFull, in, a, s, 0f, dst, s, 1));
        double i2 = least(rounds, 2, () -> Blas.gemm(true, false, in, s, out, wFull, in, dz, s, 0f, dPrev, s, 1));
        double g2 = least(rounds, 2, () -> Blas.gemm(false, true, out, in, s, dz, s, a, s, 0f, g, in, 1));
        for (double density : new double[] {0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6}) {
            Mask m = randomNet(new int[] {in, out}, density, 3).mask();
            float[] w = random(in * out, r);
            int[][] rows = csr(m, true);
            int[][] cols = csr(m, false);
            // As the engine calls them: weights gathered in list order first (counted), then
            // spmmPacked, or spmmTile tile by tile where the engine tiles.
            float[] fv = new float[rows[1].length];
            float[] bv = new float[cols[1].length];
            float[] tiled = Kernels.tileBuffer(Math.max(in, out) * s);
            boolean fTiled = Engine.tiles(fv.length, in, s, k);
            boolean bTiled = Engine.tiles(bv.length, out, s, k);
            double f1 = least(rounds, 2, () -> {
                for (int q = 0; q < fv.length; q++) {
                    fv[q] = w[rows[2][q]];
                }
                if (fTiled) {
                    for (int q = 0; q * k.tile() < s; q++) {
                        k.spmmTile(q, out, rows[0], rows[1], fv, zeros, a, tiled, in, dst, s);
                    }
                } else {
                    k.spmmPacked(0, out, rows[0], rows[1], fv, zeros, a, dst, s);
                }
            });
            double i1 = least(rounds, 2, () -> {
                for (int q = 0; q < bv.length; q++) {
                    bv[q] = w[cols[2][q]];
                }
                if (bTiled) {
                    for (int q = 0; q * k.tile() < s; q++) {
                        k.spmmTile(q, in, cols[0], cols[1], bv, zeros, dz, tiled, out, dPrev, s);
                    }
                } else {
                    k.spmmPacked(0, in, cols[0], cols[1], bv, zeros, dz, dPrev, s);
                }
            });
            double g1 = least(rounds, 2, () -> k.gradSparse(out, rows[0], rows[1], rows[2], dz, a, g, s));
            System.out.printf("density %4.0f%%: sparse / OpenBLAS time: forward %.2f, input grad %.2f, weight grad %.2f"
                    + " (OpenBLAS %.1f / %.1f / %.1f ms)%n", density * 100, f1 / f2, i1 / i2, g1 / g2, f2, i2, g2);
        }
    }

    /** He-initialised weights, each kept with probability {@code density}. */
    static Network randomNet(int[] shape, double density, long seed) {
        Rng rng = new Rng(seed);
        float[][] w = new float[shape.length - 1][];
        float[][] b = new float[shape.length - 1][];
        Mask.Builder m = Mask.full(shape).toBuilder();
        for (int l = 0; l < w.length; l++) {
            w[l] = new float[shape[l] * shape[l + 1]];
            b[l] = new float[shape[l + 1]];
            double std = Math.sqrt(2.0 / shape[l]);
            for (int k = 0; k < w[l].length; k++) {
                w[l][k] = (float) (rng.uniform(-1, 1) * std);
                m.weightAt(l, k, rng.nextDouble() < density);
            }
            for (int o = 0; o < b[l].length; o++) {
                b[l][o] = (float) rng.uniform(-0.1, 0.1);
            }
        }
        return Network.of(shape, Activation.RELU, w, b, m.build());
    }

    /** CSR lists {ptr, idx, pos} of layer 0 by output row ({@code byOutput}) or by input column. */
    private static int[][] csr(Mask m, boolean byOutput) {
        int in = m.shape()[0];
        int out = m.shape()[1];
        int lines = byOutput ? out : in;
        int across = byOutput ? in : out;
        int kept = m.keptWeights(0);
        int[] ptr = new int[lines + 1];
        int[] idx = new int[kept];
        int[] pos = new int[kept];
        int n = 0;
        for (int l = 0; l < lines; l++) {
            for (int c = 0; c < across; c++) {
                int o = byOutput ? l : c;
                int i = byOutput ? c : l;
                if (m.weight(0, o, i)) {
                    idx[n] = c;
                    pos[n] = o * in + i;
                    n++;
                }
            }
            ptr[l + 1] = n;
        }
        return new int[][] {ptr, idx, pos};
    }

    /**
     * {@code rows} random rows of the thesis' image shape (pixels uniform in [0, 1), labels 0-9 for
     * each of the two tasks, task t owning pixels 784t .. 784t+783) from a fixed seed: speed does
     * not depend on what the rows show.
     */
    static Dataset randomImageRows(int rows) {
        Rng rng = new Rng(7);
        float[] x = new float[rows * SHAPE[0]];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble();
        }
        float[] y = new float[rows * 2];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) Math.floor(rng.nextDouble() * 10);
        }
        int[][] own = new int[2][784];
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < 784; i++) {
                own[t][i] = 784 * t + i;
            }
        }
        return Datasets.of(x, y, rows, SHAPE[0], own);
    }

    private static void epochs(Kernels k, int rounds) {
        int rows = 7168;
        Dataset d = randomImageRows(rows);
        DataSplit data = new DataSplit(d, d.slice(0, 0), d.slice(0, 0), new double[SHAPE[0]], new double[SHAPE[0]]);
        Heads heads = Heads.of(10, 10);
        TrainConfig cfg = TrainConfig.builder().batchSize(512).fixedEpochs(1).build();
        double[] gflop = {0};
        for (double density : new double[] {1.0, 0.14, 0.02}) {
            Network net = randomNet(SHAPE, density, 2);
            // Forward + backward passes of one epoch, engine alone, old path against OpenBLAS (1 thread).
            double old = least(rounds, 1, () -> passes(net, d, heads, k, false, 1));
            double blas = least(rounds, 1, () -> passes(net, d, heads, k, true, 1));
            double two = least(rounds, 1, () -> passes(net, d, heads, k, true, 2));
            // Whole epochs through the trainer (Adam included), on this thread's budget.
            Trainer.setThreads(1);
            double fit1 = least(rounds, 1, () -> Trainer.fit(net.copy(), data, heads, cfg, new Rng(1), new TrainListener() { }, k));
            Trainer.setThreads(2);
            double fit2 = least(rounds, 1, () -> Trainer.fit(net.copy(), data, heads, cfg, new Rng(1), new TrainListener() { }, k));
            Trainer.setThreads(1);
            if (density == 1.0) {
                long mac = 0;
                for (int l = 0; l < 3; l++) {
                    mac += (long) SHAPE[l] * SHAPE[l + 1];
                }
                gflop[0] = 6.0 * mac * rows / 1e9;
            }
            System.out.printf("density %5.1f%%: passes of an epoch %.0f ms (SIMD kernels only) vs %.0f ms (OpenBLAS,"
                            + " 1 thread: %.1fx) vs %.0f ms (2 threads: %.2fx); whole epoch %.0f ms on 1 thread, %.0f ms"
                            + " on 2 (%.2fx)%s%n", density * 100, old, blas, old / blas, two, blas / two, fit1, fit2,
                    fit1 / fit2, density == 1.0 ? String.format(java.util.Locale.ROOT, "; dense %.1f GFLOP/s on 1 thread",
                            gflop[0] / fit1 * 1e3) : "");
        }
    }

    /** Forward, loss and backward over every batch of {@code d}, no update. */
    private static void passes(Network net, Dataset d, Heads heads, Kernels k, boolean blas, int threads) {
        Engine e = new Engine(net, 512, k, heads, blas ? Engine.BLAS_LAYER : Long.MAX_VALUE, threads);
        for (int from = 0; from < d.rows(); from += 512) {
            int n = Math.min(512, d.rows() - from);
            e.load(d, null, from, n);
            e.forward();
            e.loss(null, null, 1.0 / n);
            e.backward();
        }
    }
}
