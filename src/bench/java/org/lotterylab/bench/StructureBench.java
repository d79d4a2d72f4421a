package org.lotterylab.bench;

import java.util.Arrays;
import org.lotterylab.metrics.LevelAnalysis;
import org.lotterylab.metrics.NeuronAlignment;
import org.lotterylab.metrics.TaskLayout;
import org.lotterylab.model.Activation;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;

/**
 * Times {@link LevelAnalysis#of} on a [4,410,410,2] net at 10% weight density (random mask,
 * random weights), to compare with the training time of a level. Also times one alignment.
 *
 * <p>Run (optional argument: repetitions, default 50):
 * <pre>
 * mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.lotterylab.bench.StructureBench
 * </pre>
 */
public final class StructureBench {
    private StructureBench() {
    }

    static Network random(int[] shape, double density, long seed) {
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

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        time(0.10, reps);
        // Level 0 of IMP is dense: every weight is active and the JGraphT graph is largest.
        time(1.0, Math.max(5, reps / 5));
    }

    private static void time(double density, int reps) {
        int[] shape = {4, 410, 410, 2};
        Network init = random(shape, 1.0, 1);
        Network trained = random(shape, density, 2);
        // The next mask: drop a further 20% of the survivors at random.
        Mask.Builder next = trained.mask().toBuilder();
        Rng rng = new Rng(3);
        for (int l = 0; l < shape.length - 1; l++) {
            for (int k = 0; k < shape[l] * shape[l + 1]; k++) {
                if (next.weightAt(l, k) && rng.nextDouble() < 0.2) {
                    next.weightAt(l, k, false);
                }
            }
        }
        Mask nextMask = next.build();
        TaskLayout tasks = TaskLayout.pairs(2);
        LevelAnalysis a = null;
        for (int i = 0; i < 20; i++) {
            a = LevelAnalysis.of(i, trained, init, nextMask, tasks, false);
        }
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            a = LevelAnalysis.of(i, trained, init, nextMask, tasks, false);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("LevelAnalysis %s density %.0f%% (%d kept weights, %d active): median %.2f ms, min %.2f ms, max %.2f ms over %d runs%n",
                Arrays.toString(shape), density * 100, trained.mask().keptWeights(), a.counts().totalWeights().active(),
                ms[reps / 2], ms[0], ms[reps - 1], reps);
        System.out.printf("  split value %.3f, components %d, zombies %d, comatose %d%n", a.split().value(),
                a.split().components().size(), a.deadNeurons().totalZombies(), a.deadNeurons().totalComatose());
        Network other = random(shape, 0.10, 4);
        long t0 = System.nanoTime();
        NeuronAlignment.align(trained, other);
        System.out.printf("NeuronAlignment.align %s: %.1f ms (single cold run)%n", Arrays.toString(shape),
                (System.nanoTime() - t0) / 1e6);
    }
}
