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
}
