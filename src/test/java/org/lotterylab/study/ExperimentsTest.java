package org.lotterylab.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.experiment.Profile;

class ExperimentsTest {
    private final String before = System.getProperty(Profile.PROPERTY);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(Profile.PROPERTY);
        } else {
            System.setProperty(Profile.PROPERTY, before);
        }
    }

    @Test
    void baseIsTheNotesExperimentScaledByProfile() {
        System.setProperty(Profile.PROPERTY, "fast");
        ExperimentConfig fast = Experiments.base();
        assertArrayEquals(new int[] {4, 20, 20, 2}, fast.model().shape());
        assertEquals(24, fast.schedule().target());
        assertEquals(8, fast.pruning().levels());
        assertEquals(300, fast.training().maxEpochs());
        assertEquals("circles+moons", fast.data().label());
        assertEquals(4, Experiments.seeds(4, 16));
        assertTrue(Experiments.profile().startsWith("Profile fast (LAB_PROFILE=fast)"), Experiments.profile());
        System.setProperty(Profile.PROPERTY, "full");
        ExperimentConfig full = Experiments.base();
        assertEquals(20, full.pruning().levels());
        assertEquals(3000, full.training().maxEpochs());
        assertEquals(16, Experiments.seeds(4, 16));
        assertTrue(Experiments.profile().contains("LAB_PROFILE=fast ./lab notebook"), Experiments.profile());
        // the same experiment the notebooks wrote out by hand before, so stored runs are reused
        assertEquals(ExperimentConfig.defaults().with("model.hidden", 20).with("pruning.target", 24)
                .with("pruning.levels", 20).with("training.maxEpochs", 3000).hash(), full.hash());
    }

    @Test
    void moonsGrowsWidthAndTargetWithTheTasks() {
        System.setProperty(Profile.PROPERTY, "fast");
        ExperimentConfig three = Experiments.moons(3);
        assertEquals(3, three.data().taskCount());
        assertArrayEquals(new int[] {6, 30, 30, 3}, three.model().shape());
        assertEquals(36, three.schedule().target());
        var e = assertThrows(IllegalArgumentException.class, () -> Experiments.moons(0));
        assertTrue(e.getMessage().contains("at least one task"), e.getMessage());
    }

    @Test
    void widthGridPrunesTheThesisWidthsTo112Weights() {
        System.setProperty(Profile.PROPERTY, "full");
        assertEquals(java.util.List.of(31, 38, 48, 57), Experiments.GRID_WIDTHS);
        ExperimentConfig c = Experiments.widthGrid(48, 10);
        assertArrayEquals(new int[] {4, 48, 48, 2}, c.model().shape());
        assertEquals(10, c.pruning().levels());
        assertEquals(3000, c.training().maxEpochs());
        // P0 = 4*48 + 48*48 + 48*2 = 2592, pruned to 112 in 10 levels: p = 1 - (112/2592)^(1/10) = 0.269604
        assertEquals(2592, c.schedule().p0());
        assertEquals(112, c.schedule().target());
        assertEquals(0.269604, c.schedule().rate(), 1e-6);
        // varying the width of the preset, as the notebook's sweep does, gives the same config
        assertEquals(c.hash(), Experiments.widthGrid(31, 10).with("model.hidden", 48).hash());
        var e = assertThrows(IllegalArgumentException.class, () -> Experiments.widthGrid(8, 10));
        assertTrue(e.getMessage().contains("112"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Experiments.widthGrid(31, 0));
    }

    @Test
    void extensionRunsFollowTheThesisBasesAtRate032DownToAbout12Weights() {
        System.setProperty(Profile.PROPERTY, "full");
        // 0.68^4 = 0.21381, 0.68^5 = 0.14539, 0.68^6 = 0.09887: the fewest levels to at most 12 weights
        // are 6 for 120 weights (17.4, then 11.9 -> 12), 6 for 112 (16.3, then 11.1 -> 11) and 4 for 56
        // (17.6, then 12.0 -> 12)
        int[][] shapes = {{4, 20, 2}, {4, 8, 8, 2}, {4, 4, 4, 4, 2}};
        int[] levels = {6, 6, 4};
        int[] end = {12, 11, 12};
        for (int d = 1; d <= 3; d++) {
            ExperimentConfig c = Experiments.extension(d);
            assertArrayEquals(shapes[d - 1], c.model().shape());
            assertEquals(0.32, c.schedule().rate(), 0);
            assertEquals(levels[d - 1], c.pruning().levels());
            assertEquals(end[d - 1], c.schedule().target());
        }
        // six extension levels of [4, 8, 8, 2]: 112 / 0.68^6 = 1132.8 = H^2 + 6H, so H = 30.8 -> 31
        ExperimentConfig wide = Experiments.extension(2).with("pruning.extension", 6);
        assertArrayEquals(new int[] {4, 31, 31, 2}, wide.schedule().startShape());
        assertEquals(12, wide.schedule().totalLevels());
        var e = assertThrows(IllegalArgumentException.class, () -> Experiments.extension(4));
        assertTrue(e.getMessage().contains("1, 2 or 3"), e.getMessage());
    }

    @Test
    void levelsAtRateRoundTheLevelsOfEachNominalRate() {
        System.setProperty(Profile.PROPERTY, "fast");
        ExperimentConfig c = Experiments.rateSweep(12);
        assertArrayEquals(new int[] {4, 31, 31, 2}, c.model().shape());
        assertEquals(12, c.schedule().target());
        assertEquals(300, c.training().maxEpochs());
        // ln(12/1147) = -4.56000 over ln(1 - p): 0.1 -> 43.28, 0.2 -> 20.43, 0.32 -> 11.82, 0.45 -> 7.63,
        // 0.6 -> 4.98, 0.75 -> 3.29
        assertEquals(java.util.List.of(43, 20, 12, 8, 5, 3),
                Experiments.levelsAtRate(c, 0.1, 0.2, 0.32, 0.45, 0.6, 0.75));
        // 0.321 rounds to 12 levels as well: listed once
        assertEquals(java.util.List.of(12), Experiments.levelsAtRate(c, 0.32, 0.321));
        // 12 levels from 1147 to 12 weights: the actual rate 1 - (12/1147)^(1/12) = 0.316139
        assertEquals(0.316139, Experiments.rateSweep(12).schedule().rate(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Experiments.levelsAtRate(c, 1.0));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Experiments.levelsAtRate(Experiments.extension(2), 0.5));
        assertTrue(e.getMessage().contains("pruning.target"), e.getMessage());
    }

    @Test
    void imageTasksAreTheThesisSettingScaledByProfile() {
        // the thesis: (1568, 784, 392, 20), batch 512, 20 levels to 600 weights, rate 0.3247
        ExperimentConfig thesis = Experiments.thesisImageTasks();
        assertArrayEquals(new int[] {1568, 784, 392, 20}, thesis.model().shape());
        assertEquals(org.lotterylab.data.DataConfig.mnistFashion(), thesis.data());
        assertEquals(512, thesis.training().batchSize());
        assertEquals(600, thesis.schedule().target());
        assertEquals(20, thesis.pruning().levels());
        assertEquals(0.3247, thesis.schedule().rate(), 5e-5);
        assertTrue(thesis.analysis().outputOnlyDegradation());
        assertEquals(3000, thesis.training().maxEpochs());
        // Adam at 1e-3 and early stopping with patience 30, as every other experiment
        assertEquals(ExperimentConfig.defaults().training().learningRate(), thesis.training().learningRate());
        assertEquals(30, thesis.training().patience());
        // the documented sweep file is the same run, three seeds
        var sweep = org.lotterylab.sweep.Sweep.read(java.nio.file.Path.of("configs/09-image-tasks-thesis.json"));
        assertEquals(3, sweep.configs().size());
        assertEquals(thesis.hash(), sweep.configs().get(0).hash());

        // the run measured for the cost in the Javadoc (seed 0, stored under this hash)
        assertEquals("3f4a23d6629c", thesis.hash());
        assertEquals(thesis.hash(), Experiments.thesisImageTasks(28).hash());
        System.setProperty(Profile.PROPERTY, "full");
        assertEquals(thesis.hash(), Experiments.imageTasks().hash());
        ExperimentConfig half = Experiments.thesisImageTasks(14);
        assertArrayEquals(new int[] {392, 196, 98, 20}, half.model().shape());
        assertEquals(14, ((org.lotterylab.data.Task.Mnist) half.data().tasks().get(0)).size());
        assertEquals(thesis.toBuilder().data(half.data()).shape(half.model().shape()).build().hash(), half.hash(),
                "size 14 differs from the thesis in the image size alone");

        System.setProperty(Profile.PROPERTY, "fast");
        ExperimentConfig fast = Experiments.imageTasks();
        assertEquals(org.lotterylab.data.DataConfig.mnistFashionTiny(), fast.data());
        assertArrayEquals(new int[] {288, 144, 72, 2}, fast.model().shape());
        assertEquals(60, fast.schedule().target());
        assertEquals(8, fast.pruning().levels());
        assertEquals(64, fast.training().batchSize());
        assertTrue(fast.analysis().outputOnlyDegradation());
    }
}
