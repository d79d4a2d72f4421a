package org.lotterylab.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.Task;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.store.RunStore;
import org.lotterylab.store.StoredRun;
import org.lotterylab.plot.BinnedDiagram;
import org.lotterylab.prune.PruneConfig;
import org.lotterylab.train.TrainConfig;

import tech.tablesaw.api.Table;

/** The study helpers on a stored toy run (image data is not needed: the helpers read the store). */
class ImageFiguresTest {

    private static StoredRun run(Path dir) {
        ExperimentConfig c = ExperimentConfig.builder()
                .data(DataConfig.builder().task(new Task.Moons(0.1)).task(new Task.Moons(0.1)).rowsPerTask(200).build())
                .shape(4, 6, 6, 2).training(TrainConfig.builder().maxEpochs(20).patience(5).build())
                .pruning(PruneConfig.builder().target(12).levels(4).build()).build();
        return RunStore.at(dir).run(c);
    }

    @Test
    void helpersReadTheStoredLevels(@TempDir Path dir) {
        StoredRun run = run(dir);
        Table levels = run.levels();
        assertEquals(List.of("moons (task 0)", "moons (task 1)"), ImageFigures.names(run.config().data()));

        // nearest density, by brute force over the table
        double[] density = levels.numberColumn("density").asDoubleArray();
        for (double d : new double[] {1.0, 0.3, 0.05}) {
            int best = 0;
            for (int r = 0; r < density.length; r++) {
                if (Math.abs(density[r] - d) < Math.abs(density[best] - d)) {
                    best = r;
                }
            }
            assertEquals(best, ImageFigures.levelsAt(run, d)[0], "density " + d);
        }
        assertEquals(0, ImageFigures.levelsAt(run, 1.0)[0]);
        assertThrows(IllegalArgumentException.class, () -> ImageFigures.levelsAt(run, 0));

        var acc = ImageFigures.accuracy(run);
        double[] t1 = levels.numberColumn("test_acc_t1").asDoubleArray();
        double[] w = levels.numberColumn("weights").asDoubleArray();
        // the store holds levels in falling weights; the series runs in rising weights
        assertEquals(t1[t1.length - 1], acc.series("moons (task 1)").y()[0], 0);
        assertEquals(w[w.length - 1], acc.series("moons (task 1)").x()[0], 0);
        assertArrayEquals(new double[] {0.5, 0.5}, acc.series("chance").y());

        int last = run.levelCount() - 1;
        BinnedDiagram d = ImageFigures.binned(run, last);
        for (int l = 0; l < 3; l++) {
            assertEquals(run.mask(last).keptWeights(l), d.keptWeights(l), "layer " + l);
        }
        var notImages = assertThrows(IllegalArgumentException.class, () -> ImageFigures.pixelMaps(run, 0));
        assertTrue(notImages.getMessage().contains("not a square image"), notImages.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageFigures.binned(run, last + 1));
    }

    @Test
    void keyLevelsAreDenseBeforeTheSplitTheSplitAndTheLast(@TempDir Path dir) {
        StoredRun run = run(dir);
        int last = run.levelCount() - 1;
        var split = run.summary().orElseThrow().split();
        int[] expected = split.isEmpty() ? new int[] {0, last / 2, last}
                : java.util.stream.IntStream.of(0, split.getAsInt() - 1, split.getAsInt(), last).filter(l -> l >= 0)
                        .distinct().toArray();
        assertArrayEquals(expected, ImageFigures.keyLevels(run));
        // 4 levels: never split gives 0, 2, 4; the dense level is always first, the last always last
        int[] key = ImageFigures.keyLevels(run);
        assertEquals(0, key[0]);
        assertEquals(last, key[key.length - 1]);
        assertEquals(split.orElse(last), ImageFigures.splitOrLast(run));
        // one run: the example is that run, split or not
        assertEquals(run.hash(), ImageFigures.firstSplitting(org.lotterylab.store.Runs.of(List.of(run))).hash());
        assertThrows(IllegalArgumentException.class, () -> ImageFigures.firstSplitting(
                org.lotterylab.store.Runs.of(List.of())));
    }
}
