package org.lotterylab.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.lotterylab.data.DataConfig;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.io.AtomicDirs;
import org.lotterylab.prune.PruneConfig;
import org.lotterylab.prune.Reset;
import org.lotterylab.train.TrainConfig;

/**
 * Prints the store size of a 20-level IMP run of the thesis' shape (1568, 784, 392, 20) on
 * {@link DataConfig#mnistFashion()} down to 600 weights (rate about 0.3247), per level and in
 * total, against the byte budget of {@link LevelFiles} and the 60 MB of issue 15; and, per
 * level, the time to write the level's files (rewritten from the stored networks into a temp
 * directory, median of 3, manifest included) against that level's training time. The size does
 * not depend on the training budget, so one epoch per level keeps it quick (a few minutes).
 * Not a test: run it by hand, e.g.
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) --add-modules jdk.incubator.vector
 * org.lotterylab.store.StoreSizeBench [store-dir] [rewind|reinit]} (needs the datasets of {@code ./lab setup}).
 */
public final class StoreSizeBench {
    private StoreSizeBench() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "/tmp/store-size-bench");
        Reset reset = args.length > 1 && args[1].equals("rewind") ? Reset.rewind(5)
                : args.length > 1 && args[1].equals("reinit") ? Reset.reinit() : Reset.init();
        ExperimentConfig c = ExperimentConfig.builder().data(DataConfig.mnistFashion()).shape(1568, 784, 392, 20)
                .training(TrainConfig.builder().batchSize(512).fixedEpochs(1).build())
                .pruning(PruneConfig.builder().target(600).levels(20).reset(reset).build()).build();
        long t0 = System.nanoTime();
        StoredRun r = RunStore.at(root).run(c);
        double wall = (System.nanoTime() - t0) / 1e9;
        var seconds = r.provenance().get("levelSeconds");
        int[] s = r.startShape();
        long total = size(r.dir());
        System.out.printf(Locale.ROOT, "run %s (reset %s): %d levels, computed or found in %.1f s%n", r.hash(),
                reset.mode(), r.levelCount(), wall);
        System.out.println("level  kept_weights  level_bytes  budget_bytes  train_s  write_ms  write/train");
        long budgetTotal = 0;
        for (int t = 0; t < r.levelCount(); t++) {
            long bytes = size(r.levelDir(t)) - Files.size(r.levelDir(t).resolve(Manifest.FILE));
            long budget = budget(s, r.mask(t), t, reset.mode());
            budgetTotal += budget;
            double write = writeMillis(r, t, reset.mode());
            double train = seconds.get(t).asDouble();
            System.out.printf(Locale.ROOT, "%5d  %12d  %11d  %12d  %7.2f  %8.1f  %10.3f%n", t, r.mask(t).keptWeights(),
                    bytes, budget, train, write, write / 1000 / train);
        }
        System.out.printf(Locale.ROOT, "total: %d bytes = %.2f MB (arrays by the budget: %.2f MB; limit 60 MB)%n", total,
                total / 1e6, budgetTotal / 1e6);
    }

    /** The bytes of level {@code t}'s .npy files by the budget of {@link LevelFiles}. */
    static long budget(int[] s, org.lotterylab.model.Mask m, int t, Reset.Mode mode) {
        long bytes = 0;
        int header = 128;
        for (int l = 0; l + 1 < s.length; l++) {
            int out = s[l + 1];
            int in = s[l];
            long kept = m.keptWeights(l);
            bytes += header + (long) out * ((in + 7) / 8); // packed weight mask
            bytes += header + out; // bias mask
            bytes += 2 * header + 4 * kept + 4L * out; // trained weights in mask order, biases
            if (t == 0) {
                bytes += (mode == Reset.Mode.REWIND ? 2 : 1) * (2 * header + 4L * out * in + 4L * out);
            } else if (mode == Reset.Mode.REINIT) {
                bytes += 2 * header + 4 * kept + 4L * out;
            }
        }
        return bytes;
    }

    private static double writeMillis(StoredRun r, int t, Reset.Mode mode) throws IOException {
        var initial = r.initial(t);
        var trained = r.trained(t);
        var rewind = t == 0 && mode == Reset.Mode.REWIND ? r.network(0, "rewind", trained.mask()) : null;
        double[] ms = new double[3];
        for (int i = 0; i < ms.length; i++) {
            Path tmp = AtomicDirs.tempDirFor(Path.of("/tmp/store-size-bench-write").resolve(LevelFiles.dirName(t)));
            long t0 = System.nanoTime();
            LevelFiles.write(tmp, initial, trained, rewind, t, mode);
            Manifest.Level.seal(tmp, r.hash(), t, "-", "-", LevelFiles.LAYOUT);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            AtomicDirs.deleteTree(tmp);
        }
        java.util.Arrays.sort(ms);
        return ms[1];
    }

    static long size(Path d) throws IOException {
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(RunDir.LOCK))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
