package org.lotterylab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.rng.Rng;

class DataConfigTest {

    @Test
    void concatenationPlacesEachTaskBesideTheOthersAndKeepsOwnership() {
        DataConfig cfg = DataConfig.builder().task(new Task.Circles(0)).task(new Task.Moons(0))
                .rowsPerTask(20).split(1, 0).standardise(false).build();
        Dataset d = cfg.generate(11).train();
        assertEquals(4, d.inputs());
        assertEquals(2, d.tasks());
        assertArrayEquals(new int[] {0, 1}, d.inputsOf(0));
        assertArrayEquals(new int[] {2, 3}, d.inputsOf(1));
        assertEquals(1, d.outputOf(1));
        assertEquals(List.of("circles", "moons"), d.taskNames());
        // Row r holds task 0's row r and task 1's row r, each drawn with its own generator.
        Task.Samples c = new Task.Circles(0).sample(20, Rng.derive(11, "task", 0));
        Task.Samples m = new Task.Moons(0).sample(20, Rng.derive(11, "task", 1));
        for (int r = 0; r < 20; r++) {
            assertEquals(c.x()[2 * r], d.x(r, 0));
            assertEquals(c.x()[2 * r + 1], d.x(r, 1));
            assertEquals(m.x()[2 * r], d.x(r, 2));
            assertEquals(m.y()[r], d.y(r, 1));
            assertEquals(c.y()[r], d.y(r, 0));
        }
    }

    @Test
    void splitSizesFollowTheFractions() {
        DataSplit s = DataConfig.circlesMoons().generate(0);
        assertEquals(1000, s.train().rows());
        assertEquals(500, s.validation().rows());
        assertEquals(500, s.test().rows());
    }

    @Test
    void standardisationUsesTrainingStatistics() {
        DataSplit s = DataConfig.moons(2, 0.1).generate(3);
        Dataset t = s.train();
        for (int c = 0; c < t.inputs(); c++) {
            double sum = 0;
            double sq = 0;
            for (int r = 0; r < t.rows(); r++) {
                sum += t.x(r, c);
                sq += t.x(r, c) * t.x(r, c);
            }
            assertEquals(0, sum / t.rows(), 1e-5);
            assertEquals(1, sq / t.rows(), 1e-4);
        }
        // The validation set is mapped with the same statistics, not its own.
        DataSplit raw = DataConfig.builder().tasks(DataConfig.moons(2, 0.1).tasks()).standardise(false).build().generate(3);
        float v = raw.validation().x(0, 0);
        assertEquals((v - s.mean()[0]) / s.std()[0], s.validation().x(0, 0), 1e-5);
    }

    @Test
    void sameSeedGivesTheSameDataAndAnotherSeedDoesNot() {
        DataSplit a = DataConfig.circlesMoons().generate(5);
        DataSplit b = DataConfig.circlesMoons().generate(5);
        DataSplit c = DataConfig.circlesMoons().generate(6);
        assertArrayEquals(a.train().x(), b.train().x());
        assertEquals(false, java.util.Arrays.equals(a.train().x(), c.train().x()));
    }

    @Test
    void csvExportHasAHeaderAndOneLinePerRow(@TempDir Path dir) throws Exception {
        DataSplit s = DataConfig.builder().task(new Task.Moons(0)).rowsPerTask(10).build().generate(1);
        Path f = dir.resolve("data.csv");
        s.toCsv(f);
        List<String> lines = Files.readAllLines(f);
        assertEquals(11, lines.size());
        assertEquals("t0_moons_x1,t0_moons_x2,t0_moons_y,split", lines.get(0));
        assertEquals(5, lines.stream().filter(l -> l.endsWith(",train")).count());
    }

    @Test
    void invalidConfigsNameTheField() {
        assertEquals(true, assertThrows(IllegalArgumentException.class,
                () -> DataConfig.builder().task(new Task.Moons(0)).rowsPerTask(3).build()).getMessage().contains("rowsPerTask"));
        assertEquals(true, assertThrows(IllegalArgumentException.class,
                () -> DataConfig.builder().build()).getMessage().contains("at least one task"));
        assertEquals(true, assertThrows(IllegalArgumentException.class,
                () -> DataConfig.builder().task(new Task.Moons(0)).split(0.8, 0.3).build()).getMessage().contains("validationFraction"));
    }
}
