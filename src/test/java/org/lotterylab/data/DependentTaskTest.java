package org.lotterylab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.rng.Rng;

/** The dependent-task control {@link Task.Xor}: its labels against their formula, its config form, its errors. */
class DependentTaskTest {

    @Test
    void theXorTasksLabelIsItsMoonsLabelXorTheOtherTasksLabelInTheSameRow() {
        DataConfig cfg = DataConfig.builder().task(new Task.Circles(0.1)).task(new Task.Xor(0, 0.1))
                .rowsPerTask(400).split(1, 0).standardise(false).build();
        Dataset d = cfg.generate(5).train();
        // Drawn as the independent tasks would be: circles from stream 0, moons from stream 1.
        Task.Samples c = new Task.Circles(0.1).sample(400, Rng.derive(5, "task", 0));
        Task.Samples m = new Task.Moons(0.1).sample(400, Rng.derive(5, "task", 1));
        int ones = 0;
        int flipped = 0;
        for (int r = 0; r < 400; r++) {
            assertEquals(m.x()[2 * r], d.x(r, 2));
            assertEquals(m.x()[2 * r + 1], d.x(r, 3));
            assertEquals(c.y()[r], d.y(r, 0), "the independent task keeps its label");
            int want = (int) c.y()[r] ^ (int) m.y()[r];
            assertEquals(want, d.y(r, 1), "row " + r);
            ones += want;
            flipped += d.y(r, 1) != m.y()[r] ? 1 : 0;
        }
        // Circles labels are balanced, so about half the moons labels flip and the XOR stays balanced.
        assertTrue(ones > 160 && ones < 240, "ones " + ones);
        assertTrue(flipped > 160 && flipped < 240, "flipped " + flipped);
        assertEquals(List.of("circles", "xor"), d.taskNames());
    }

    @Test
    void aThirdOutputCanDependOnTheSecondTask() {
        DataConfig cfg = DataConfig.builder().task(new Task.Circles(0)).task(new Task.Moons(0)).task(new Task.Xor(1, 0))
                .rowsPerTask(60).split(1, 0).standardise(false).build();
        Dataset d = cfg.generate(2).train();
        Task.Samples own = new Task.Moons(0).sample(60, Rng.derive(2, "task", 2));
        for (int r = 0; r < 60; r++) {
            assertEquals((int) d.y(r, 1) ^ (int) own.y()[r], d.y(r, 2), "row " + r);
        }
    }

    @Test
    void itIsATaskOfTheConfigLikeAnyOther() {
        ExperimentConfig a = ExperimentConfig.fromJson("{\"data\": {\"tasks\": \"circles+xor\"}}");
        assertEquals(List.of(new Task.Circles(0.1), new Task.Xor(0, 0.1)), a.data().tasks());
        ExperimentConfig b = ExperimentConfig.fromJson(
                "{\"data\": {\"tasks\": [{\"type\": \"moons\"}, {\"type\": \"xor\", \"with\": 0, \"noise\": 0}]}}");
        assertEquals(new Task.Xor(0, 0), b.data().tasks().get(1));
        assertNotEquals(ExperimentConfig.defaults().hash(), a.hash());
        assertEquals(4, a.data().inputCount());
        assertEquals(2, a.data().outputCount());
    }

    @Test
    void aWithThatNamesNoIndependentBinaryTaskIsRefused() {
        String none = assertThrows(IllegalArgumentException.class,
                () -> DataConfig.builder().task(new Task.Moons(0)).task(new Task.Xor(2, 0)).build()).getMessage();
        assertTrue(none.contains("task 1 (xor) has with = 2, but there are only 2 tasks"), none);
        String self = assertThrows(IllegalArgumentException.class,
                () -> DataConfig.builder().task(new Task.Xor(0, 0)).task(new Task.Moons(0)).build()).getMessage();
        assertTrue(self.contains("which is itself"), self);
        String chain = assertThrows(IllegalArgumentException.class, () -> DataConfig.builder().task(new Task.Moons(0))
                .task(new Task.Xor(0, 0)).task(new Task.Xor(1, 0)).build()).getMessage();
        assertTrue(chain.contains("which is another xor task"), chain);
        String negative = assertThrows(IllegalArgumentException.class, () -> new Task.Xor(-1, 0)).getMessage();
        assertTrue(negative.contains("with = -1"), negative);
    }
}
