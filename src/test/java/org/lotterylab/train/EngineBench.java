package org.lotterylab.train;

import java.util.Arrays;
import org.lotterylab.data.DataSplit;
import org.lotterylab.data.Dataset;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;

/**
 * Milliseconds per training epoch of the thesis image shape (1568, 784, 392, 20), as
 * {@code DataConfig.mnistFashion()} trains it: 7000 random training rows, 800 validation rows
 * (one validation pass per epoch, as the trainer makes), batch 512, Adam, two 10-class softmax
 * heads; at uniform random densities per layer (the IMP levels 0, 5, 10 and 14 of a 20-level
 * schedule at rate 0.3247), on 1 and 2 threads. Each figure is the median of the epochs after
 * the first of one {@code fit}, in wall time, and for one thread also in the thread's CPU time
 * (on a loaded machine the steadier figure); a line per density before it splits one epoch's
 * passes into load, forward, loss and backward (CPU time). With the argument {@code kernels} it
 * prints the sparse kernels' times against OpenBLAS instead (the crossovers of
 * {@link Engine#blasProductDensity} and {@link Engine#blasGradientDensity}). Compare with a
 * peer measured in the same session. Not a unit test (surefire runs {@code *Test} classes only).
 *
 * <pre>
 * mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     org.lotterylab.train.EngineBench [epochs [densities...] | kernels]
 * </pre>
 */
public final class EngineBench {
    private static final int[] SHAPE = {1568, 784, 392, 20};

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private EngineBench() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("kernels")) {
            BlasBench.sparse(Kernels.best(), 5, 1568, 784, 512);
            BlasBench.sparse(Kernels.best(), 5, 784, 392, 512);
            return;
        }
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        double[] densities = args.length > 1
                ? Arrays.stream(args, 1, args.length).mapToDouble(Double::parseDouble).toArray()
                : new double[] {1.0, 0.1411, 0.0199, 0.0041};
        DataSplit data = data();
        Heads heads = Heads.of(10, 10);
        TrainConfig cfg = TrainConfig.builder().batchSize(512).learningRate(1e-3).fixedEpochs(epochs).build();
        System.out.printf("kernel %s, OpenBLAS %s; %d epochs per fit, median of epochs 2..%d%n",
                Kernels.best().name(), Blas.available(), epochs, epochs);
        for (double density : densities) {
            Network net = BlasBench.randomNet(SHAPE, density, 2);
            double[] ms = new double[2];
            double cpuMs = 0;
            for (int threads = 1; threads <= 2; threads++) {
                Trainer.setThreads(threads);
                long[] t = new long[epochs + 1];
                long[] cpu = new long[epochs + 1];
                t[0] = System.nanoTime();
                cpu[0] = CPU.getCurrentThreadCpuTime();
                Trainer.fit(net.copy(), data, heads, cfg, new Rng(1), new TrainListener() {
                    @Override
                    public void onEpoch(int epoch, double trainLoss, double validationLoss) {
                        t[epoch] = System.nanoTime();
                        cpu[epoch] = CPU.getCurrentThreadCpuTime();
                    }
                }, Kernels.best());
                double[] per = new double[epochs - 1];
                double[] perCpu = new double[epochs - 1];
                for (int e = 2; e <= epochs; e++) {
                    per[e - 2] = (t[e] - t[e - 1]) / 1e6;
                    perCpu[e - 2] = (cpu[e] - cpu[e - 1]) / 1e6;
                }
                Arrays.sort(per);
                Arrays.sort(perCpu);
                ms[threads - 1] = per[per.length / 2];
                if (threads == 1) {
                    cpuMs = perCpu[perCpu.length / 2];
                }
            }
            Trainer.setThreads(1);
            phases(net, data.train(), heads);
            System.out.printf("density %6.2f%%: %6.0f ms/epoch on 1 thread (%6.0f ms CPU), %6.0f on 2 (%.2fx)%n",
                    density * 100, ms[0], cpuMs, ms[1], ms[0] / ms[1]);
        }
    }

    /** Forward, loss, backward of one epoch's 14 batches, engine alone on 1 thread, and dense Adam over all weights. */
    private static void phases(Network net, Dataset d, Heads heads) {
        Engine e = new Engine(net, 512, Kernels.best(), heads, Blas.available() ? Engine.BLAS_LAYER : Long.MAX_VALUE, 1);
        long f = 0;
        long b = 0;
        long l = 0;
        long ld = 0;
        for (int rep = 0; rep < 3; rep++) {
            f = 0;
            b = 0;
            l = 0;
            ld = 0;
            for (int from = 0; from < d.rows(); from += 512) {
                int n = Math.min(512, d.rows() - from);
                long tl = CPU.getCurrentThreadCpuTime();
                e.load(d, null, from, n);
                long t0 = CPU.getCurrentThreadCpuTime();
                ld += t0 - tl;
                e.forward();
                long t1 = CPU.getCurrentThreadCpuTime();
                e.loss(null, null, 1.0 / n);
                long t2 = CPU.getCurrentThreadCpuTime();
                e.backward();
                long t3 = CPU.getCurrentThreadCpuTime();
                f += t1 - t0;
                l += t2 - t1;
                b += t3 - t2;
            }
        }
        System.out.printf("   per epoch, 1 thread, CPU time: load %.0f ms, forward %.0f, loss %.1f, backward %.0f%n", ld / 1e6, f / 1e6,
                l / 1e6, b / 1e6);
    }

    private static DataSplit data() {
        int rows = 7000;
        int val = 800;
        Dataset d = BlasBench.randomImageRows(rows + val);
        return new DataSplit(d.slice(0, rows), d.slice(rows, rows + val), d.slice(0, 0), new double[SHAPE[0]],
                new double[SHAPE[0]]);
    }
}
