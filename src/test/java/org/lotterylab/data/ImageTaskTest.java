package org.lotterylab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.config.Schema;
import org.lotterylab.rng.Rng;

/** Image tasks on small sources made in code: sampling, area averaging, scalers, config, errors. */
class ImageTaskTest {
    private static final String FASHION_KEY = "lotterylab.fashionMnist";
    private static final String MNIST_KEY = "lotterylab.mnist";

    @TempDir
    Path dir;
    private String oldFashion;
    private String oldMnist;

    /** Fashion: 12 training and 4 test images per class; mnist: 9 + c images of digit c. */
    @BeforeEach
    void fakeSources() throws IOException {
        oldFashion = System.getProperty(FASHION_KEY);
        oldMnist = System.getProperty(MNIST_KEY);
        int[] train = new int[10];
        int[] test = new int[10];
        int[] digits = new int[10];
        for (int c = 0; c < 10; c++) {
            train[c] = 12;
            test[c] = 4;
            digits[c] = 9 + c;
        }
        System.setProperty(FASHION_KEY, FakeImages.fashion(dir.resolve("fashion"), train, test).toString());
        System.setProperty(MNIST_KEY, FakeImages.mnist(dir.resolve("mnist"), digits).toString());
    }

    @AfterEach
    void restore() {
        restore(FASHION_KEY, oldFashion);
        restore(MNIST_KEY, oldMnist);
    }

    private static void restore(String key, String old) {
        if (old == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, old);
        }
    }

    private static Task.Fashion fashion(int[] subset, int size, int train, int val, int test, Scaler s, boolean perPixel) {
        return new Task.Fashion(subset, size, train, val, test, s, perPixel);
    }

    private static Task.Mnist mnist(int[] subset, int size, int train, int val, int test, Scaler s, boolean perPixel) {
        return new Task.Mnist(subset, size, train, val, test, s, perPixel);
    }

    @Test
    void countsInputsAndOutputsFollowTheSubsetAndSize() {
        Task.Mnist m = mnist(new int[] {3, 1, 4}, 14, 5, 2, 1, Scaler.STANDARD, false);
        assertEquals(3, m.classes());
        assertEquals(3, m.outputs());
        assertEquals(196, m.inputs());
        assertArrayEquals(new int[] {15, 6, 3}, m.fixedSplitRows().orElseThrow());
        Task.Fashion f = fashion(new int[] {1, 6}, 12, 5, 2, 1, Scaler.STANDARD, false);
        assertEquals(2, f.classes());
        assertEquals(1, f.outputs());
        assertEquals(144, f.inputs());
        assertTrue(new Task.Moons(0.1).fixedSplitRows().isEmpty());
    }

    @Test
    void samplingIsBalancedDisjointAndLabelsAreIndicesInTheSubset() {
        // Fashion classes [9, 2, 5]: label 0 is class 9, 1 is class 2, 2 is class 5.
        int[] subset = {9, 2, 5};
        Task.Fashion f = fashion(subset, 28, 7, 5, 3, Scaler.STANDARD, false);
        Task.Samples s = f.sample(45, new Rng(4));
        ImageSource.Pools pools = ImageSource.FASHION.pools();
        Set<Integer> trainPoolSeen = new HashSet<>();
        Set<Integer> testPoolSeen = new HashSet<>();
        int[][] perLabel = new int[3][3];
        for (int r = 0; r < 45; r++) {
            int split = r < 21 ? 0 : r < 36 ? 1 : 2;
            int id = FakeImages.id(s.x(), r);
            boolean test = FakeImages.fromTest(s.x(), r);
            assertEquals(split == 2, test, "row " + r + ": test rows come from the test pool, the others not");
            ImageSource.Pool p = test ? pools.test() : pools.train();
            int label = (int) s.y()[r];
            assertEquals(subset[label], p.labels()[id], "row " + r + " label " + label);
            assertTrue((test ? testPoolSeen : trainPoolSeen).add(id), "image " + id + " drawn twice");
            perLabel[split][label]++;
            // The pixels are the source image's levels / 255.
            assertEquals(FakeImages.level(id, subset[label], 500) / 255f, s.x()[r * 784 + 500], 0f);
        }
        assertArrayEquals(new int[] {7, 7, 7}, perLabel[0]);
        assertArrayEquals(new int[] {5, 5, 5}, perLabel[1]);
        assertArrayEquals(new int[] {3, 3, 3}, perLabel[2]);
    }

    @Test
    void mnistDrawsAllThreeSplitsFromItsOnePoolWithoutRepeats() {
        Task.Mnist m = mnist(new int[] {0, 7}, 28, 4, 3, 2, Scaler.STANDARD, false);
        Task.Samples s = m.sample(18, new Rng(9));
        Set<Integer> seen = new HashSet<>();
        int[] labels = new int[2];
        ImageSource.Pool p = ImageSource.MNIST.pools().train();
        for (int r = 0; r < 18; r++) {
            int id = FakeImages.id(s.x(), r);
            assertTrue(seen.add(id), "image " + id + " in two rows");
            assertEquals(m.subset()[(int) s.y()[r]], p.labels()[id]);
            labels[(int) s.y()[r]]++;
        }
        assertArrayEquals(new int[] {9, 9}, labels);
        // Digit 0 has 9 images: 4 + 3 + 2 takes them all.
        assertEquals(9, seen.stream().filter(i -> p.labels()[i] == 0).count());
    }

    @Test
    void samplingIsDeterministicFromTheSeedAndDiffersAcrossSeeds() {
        Task.Fashion f = fashion(new int[] {0, 1, 2}, 12, 6, 2, 2, Scaler.STANDARD, false);
        Task.Samples a = f.sample(30, new Rng(1));
        Task.Samples b = f.sample(30, new Rng(1));
        Task.Samples c = f.sample(30, new Rng(2));
        assertArrayEquals(a.x(), b.x());
        assertArrayEquals(a.y(), b.y());
        assertFalse(Arrays.equals(a.x(), c.x()));
    }

    @Test
    void areaAveragingTo14IsTheMeanOfEach2x2Block() {
        ImageSource.Pool p = ImageSource.FASHION.pools().train();
        float[] out = new float[196];
        ImageTasks.pixels(p, 5, ImageTasks.areaWeights(14), out, 0);
        for (int k = 0; k < 14; k++) {
            for (int l = 0; l < 14; l++) {
                int a = 2 * k;
                int b = 2 * l;
                double mean = (p.level(5, a * 28 + b) + p.level(5, a * 28 + b + 1) + p.level(5, (a + 1) * 28 + b)
                        + p.level(5, (a + 1) * 28 + b + 1)) / 4.0 / 255;
                assertEquals(mean, out[k * 14 + l], 1e-6, "pixel " + k + "," + l);
            }
        }
    }

    @Test
    void areaAveragingTo12SplitsBoundaryPixelsByTheirOverlap() {
        // Output pixels are 7/3 source pixels wide: source pixel 2 ([2, 3)) lies 1/3 in output 0
        // ([0, 7/3)) and 2/3 in output 1. A single white pixel at (2, 2) therefore gives
        // (1/3)(1/3) / (7/3)^2 = 1/49 at (0, 0), 2/49 at (0, 1) and (1, 0), 4/49 at (1, 1).
        byte[] px = new byte[784];
        px[2 * 28 + 2] = (byte) 255;
        ImageSource.Pool p = ImageSource.Pool.of(px, new byte[] {0}, "one image");
        float[] out = new float[144];
        ImageTasks.pixels(p, 0, ImageTasks.areaWeights(12), out, 0);
        float[] want = new float[144];
        want[0] = 1 / 49f;
        want[1] = 2 / 49f;
        want[12] = 2 / 49f;
        want[13] = 4 / 49f;
        assertArrayEquals(want, out, 1e-7f);
        // Each row of weights sums to 1, so a uniform image stays uniform.
        for (double[] row : ImageTasks.areaWeights(12)) {
            assertEquals(1, Arrays.stream(row).sum(), 1e-12);
        }
    }

    @Test
    void size28KeepsTheSourceLevels() {
        Task.Samples s = fashion(new int[] {0, 1}, 28, 3, 1, 1, Scaler.STANDARD, false).sample(10, new Rng(3));
        ImageSource.Pool train = ImageSource.FASHION.pools().train();
        for (int r = 0; r < 10; r++) {
            int id = FakeImages.id(s.x(), r);
            ImageSource.Pool p = r < 8 ? train : ImageSource.FASHION.pools().test();
            for (int q = 0; q < 784; q += 11) {
                assertEquals((float) (p.level(id, q) / 255.0), s.x()[r * 784 + q]);
            }
        }
    }

    /** The raw (unscaled) pixels of task 0 of a one-task config, as generate draws them. */
    private static Task.Samples raw(Task t, int n, long seed) {
        return t.sample(n, Rng.derive(seed, "task", 0));
    }

    @Test
    void standardScalingUsesTheMeanAndStdOfAllTrainingPixels() {
        Task.Fashion f = fashion(new int[] {0, 1}, 12, 6, 2, 2, Scaler.STANDARD, false);
        DataSplit s = DataConfig.builder().task(f).build().generate(5);
        Task.Samples r = raw(f, 20, 5);
        double sum = 0;
        for (int i = 0; i < 12 * 144; i++) {
            sum += r.x()[i];
        }
        double mean = sum / (12 * 144);
        double sq = 0;
        for (int i = 0; i < 12 * 144; i++) {
            sq += (r.x()[i] - mean) * (r.x()[i] - mean);
        }
        double std = Math.sqrt(sq / (12 * 144));
        assertEquals(mean, s.mean()[77], 1e-12);
        assertEquals(std, s.std()[3], 1e-12);
        // A validation and a test pixel, mapped with the training statistics.
        assertEquals((r.x()[12 * 144 + 40] - mean) / std, s.validation().x(0, 40), 1e-5);
        assertEquals((r.x()[16 * 144 + 143] - mean) / std, s.test().x(0, 143), 1e-5);
        assertEquals((r.x()[5 * 144 + 7] - mean) / std, s.train().x(5, 7), 1e-5);
    }

    @Test
    void minMaxScalersMapTheTrainingRangeToTheirInterval() {
        for (Scaler sc : new Scaler[] {Scaler.MINMAX, Scaler.MINMAX_SYMMETRIC}) {
            Task.Mnist m = mnist(new int[] {2, 3}, 14, 5, 2, 2, sc, false);
            DataSplit s = DataConfig.builder().task(m).build().generate(8);
            Task.Samples r = raw(m, 18, 8);
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < 10 * 196; i++) {
                min = Math.min(min, r.x()[i]);
                max = Math.max(max, r.x()[i]);
            }
            double lo = sc == Scaler.MINMAX ? 0 : -1;
            float smallest = Float.MAX_VALUE;
            float largest = -Float.MAX_VALUE;
            for (float v : s.train().x()) {
                smallest = Math.min(smallest, v);
                largest = Math.max(largest, v);
            }
            assertEquals(lo, smallest, 1e-6, sc.name());
            assertEquals(1, largest, 1e-6, sc.name());
            double v = r.x()[11 * 196 + 100];
            double want = sc == Scaler.MINMAX ? (v - min) / (max - min) : 2 * (v - min) / (max - min) - 1;
            assertEquals(want, s.validation().x(1, 100), 1e-6, sc.name());
        }
    }

    @Test
    void perPixelStatisticsScaleEachColumnAloneAndAConstantPixelGoesToTheLowEnd() {
        // Pixel 2 of every training-pool image is 0 (the pool marker): constant over training rows.
        Task.Fashion f = fashion(new int[] {4, 8}, 28, 6, 3, 3, Scaler.MINMAX_SYMMETRIC, true);
        DataSplit s = DataConfig.builder().task(f).build().generate(2);
        Task.Samples r = raw(f, 24, 2);
        for (int row = 0; row < 12; row++) {
            assertEquals(-1, s.train().x(row, 2), 0f);
        }
        // Test rows carry 255 there (the test pool): 2 (1 - 0) / 1 - 1 = 1 with the range taken as 1.
        assertEquals(1, s.test().x(0, 2), 1e-6);
        int col = 300;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int row = 0; row < 12; row++) {
            min = Math.min(min, r.x()[row * 784 + col]);
            max = Math.max(max, r.x()[row * 784 + col]);
        }
        assertEquals(2 * (r.x()[14 * 784 + col] - min) / (max - min) - 1, s.validation().x(2, col), 1e-5);
        // Standard per pixel: a constant pixel becomes 0.
        Task.Fashion g = fashion(new int[] {4, 8}, 28, 6, 3, 3, Scaler.STANDARD, true);
        assertEquals(0, DataConfig.builder().task(g).build().generate(2).train().x(3, 2), 0f);
    }

    @Test
    void imageTasksSetTheSplitAndToyTasksBesideThemFollowIt() {
        Task.Mnist m = mnist(new int[] {0, 1, 2}, 12, 4, 2, 2, Scaler.MINMAX, false);
        Task.Fashion f = fashion(new int[] {7, 9}, 12, 6, 3, 3, Scaler.STANDARD, false);
        DataConfig cfg = DataConfig.builder().task(m).task(new Task.Moons(0.1)).task(f).standardise(false).build();
        assertEquals(24, cfg.rowsPerTask());
        assertArrayEquals(new int[] {12, 6, 6}, cfg.splitRows());
        assertEquals(144 + 2 + 144, cfg.inputCount());
        assertEquals(3 + 1 + 1, cfg.outputCount());
        DataSplit s = cfg.generate(7);
        assertEquals(12, s.train().rows());
        assertEquals(6, s.validation().rows());
        assertEquals(6, s.test().rows());
        Dataset d = s.train();
        assertArrayEquals(new int[] {144, 145}, d.inputsOf(1));
        assertArrayEquals(new int[] {0, 1, 2}, d.outputsOf(0));
        assertArrayEquals(new int[] {3}, d.outputsOf(1));
        assertArrayEquals(new int[] {4}, d.outputsOf(2));
        assertEquals(4, d.outputOf(2));
        // Row i of each task beside row i of the others; the toy task unscaled (standardise off).
        Task.Samples moons = new Task.Moons(0.1).sample(24, Rng.derive(7, "task", 1));
        Task.Samples digits = m.sample(24, Rng.derive(7, "task", 0));
        Task.Samples clothes = f.sample(24, Rng.derive(7, "task", 2));
        for (int r = 0; r < 6; r++) {
            assertEquals(moons.x()[2 * (12 + r)], s.validation().x(r, 144));
            assertEquals(moons.x()[2 * (12 + r) + 1], s.validation().x(r, 145));
            assertEquals(moons.y()[12 + r], s.validation().y(r, 1));
            assertEquals(digits.y()[12 + r], s.validation().y(r, 0));
            assertEquals(clothes.y()[18 + r], s.test().y(r, 2));
        }
        assertEquals(0, s.mean()[144]);
        assertEquals(1, s.std()[145]);
    }

    @Test
    void imageTasksThatDisagreeOnTheSplitAreRefused() {
        Task.Mnist m = mnist(new int[] {0, 1, 2}, 12, 4, 2, 2, Scaler.STANDARD, false);
        Task.Fashion f = fashion(new int[] {7, 9}, 12, 5, 3, 3, Scaler.STANDARD, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataConfig.builder().task(m).task(f).build());
        assertTrue(e.getMessage().contains("[12, 6, 6]") && e.getMessage().contains("[10, 6, 6]"), e.getMessage());
    }

    @Test
    void badFieldsAndCountsBeyondTheSourceAreClearErrors() {
        String dup = assertThrows(IllegalArgumentException.class,
                () -> mnist(new int[] {1, 1}, 28, 1, 1, 1, Scaler.STANDARD, false)).getMessage();
        assertTrue(dup.contains("twice"), dup);
        String range = assertThrows(IllegalArgumentException.class,
                () -> mnist(new int[] {1, 10}, 28, 1, 1, 1, Scaler.STANDARD, false)).getMessage();
        assertTrue(range.contains("0..9"), range);
        String one = assertThrows(IllegalArgumentException.class,
                () -> mnist(new int[] {1}, 28, 1, 1, 1, Scaler.STANDARD, false)).getMessage();
        assertTrue(one.contains("at least 2"), one);
        String none = assertThrows(IllegalArgumentException.class,
                () -> fashion(new int[] {1, 2}, 28, 5, 0, 1, Scaler.STANDARD, false)).getMessage();
        assertTrue(none.contains("validationPerClass 0"), none);
        String size = assertThrows(IllegalArgumentException.class,
                () -> fashion(new int[] {1, 2}, 29, 1, 1, 1, Scaler.STANDARD, false)).getMessage();
        assertTrue(size.contains("[1, 28]"), size);
        // The installed mnist package has 863 fives: 800 + 50 + 14 is one too many.
        String five = assertThrows(IllegalArgumentException.class,
                () -> mnist(new int[] {4, 5}, 28, 800, 50, 14, Scaler.STANDARD, false)).getMessage();
        assertTrue(five.contains("class 5 has 863") && five.contains("864"), five);
        mnist(new int[] {4, 5}, 28, 800, 50, 13, Scaler.STANDARD, false);
        // Fashion's test pool has 1000 per class, its training pool 6000 for training and validation.
        String test = assertThrows(IllegalArgumentException.class,
                () -> fashion(new int[] {0, 1}, 28, 10, 10, 1001, Scaler.STANDARD, false)).getMessage();
        assertTrue(test.contains("1000") && test.contains("test pool"), test);
        String train = assertThrows(IllegalArgumentException.class,
                () -> fashion(new int[] {0, 1}, 28, 5000, 1001, 10, Scaler.STANDARD, false)).getMessage();
        assertTrue(train.contains("6000") && train.contains("6001"), train);
        fashion(new int[] {0, 1}, 28, 5000, 1000, 1000, Scaler.STANDARD, false);
    }

    @Test
    void aSourceHoldingFewerImagesThanAskedFailsWhenDrawn() {
        // The fake fashion pool has 12 training images per class: 10 + 3 passes the config check
        // (the real package has 6000) but not the installed files.
        Task.Fashion f = fashion(new int[] {0, 1}, 28, 10, 3, 1, Scaler.STANDARD, false);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.sample(28, new Rng(0)));
        assertTrue(e.getMessage().contains("12 images of class 0") && e.getMessage().contains("13"), e.getMessage());
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> f.sample(20, new Rng(0)));
        assertTrue(n.getMessage().contains("28 rows"), n.getMessage());
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void configJsonReadsImageTasksAndRoundTrips() {
        Schema<DataConfig> schema = Schema.of(DataConfig.class);
        DataConfig named = schema.read(json(
                "{\"tasks\": \"mnist+fashion\"}"), "data");
        assertEquals(DataConfig.mnistFashion(), named);
        DataConfig c = schema.read(json(
                "{\"tasks\": [{\"type\": \"mnist\", \"subset\": [1, 6], \"size\": 12, \"trainPerClass\": 50,"
                        + " \"validationPerClass\": 10, \"testPerClass\": 10, \"scaler\": \"minmax-symmetric\"},"
                        + " {\"type\": \"moons\", \"noise\": 0}]}"), "data");
        assertEquals(mnist(new int[] {1, 6}, 12, 50, 10, 10, Scaler.MINMAX_SYMMETRIC, false), c.tasks().get(0));
        assertEquals(140, c.rowsPerTask());
        assertEquals(c, schema.read(schema.write(c), "data"));
        String unknown = assertThrows(IllegalArgumentException.class, () -> schema.read(
                json("{\"tasks\": [{\"type\": \"mnist\", \"scaler\": \"zscore\"}]}"),
                "data")).getMessage();
        assertTrue(unknown.contains("standard") && unknown.contains("minmax_symmetric"), unknown);
    }

    @Test
    void theCanonicalFormHoldsNoPathAndNoDerivedField() {
        Schema<DataConfig> schema = Schema.of(DataConfig.class);
        assertEquals("{\"tasks\":[{\"type\":\"mnist\"},{\"type\":\"fashion\"}]}",
                schema.canonical(DataConfig.mnistFashion()).toString());
        assertEquals("{\"tasks\":[{\"type\":\"mnist\",\"subset\":[0,1],\"size\":12,\"trainPerClass\":100,"
                + "\"validationPerClass\":25,\"testPerClass\":25},{\"type\":\"fashion\",\"subset\":[1,6],\"size\":12,"
                + "\"trainPerClass\":100,\"validationPerClass\":25,\"testPerClass\":25}]}",
                schema.canonical(DataConfig.mnistFashionTiny()).toString());
        // With a toy task beside them, standardise matters (for the toy columns) and is kept.
        DataConfig mixed = DataConfig.builder().task(DataConfig.mnistFashionTiny().tasks().get(0))
                .task(new Task.Moons(0.1)).standardise(false).build();
        assertTrue(schema.canonical(mixed).toString().contains("\"standardise\":false"));
        assertFalse(schema.canonical(mixed).toString().contains("rowsPerTask"));
        assertNotEquals(DataConfig.mnistFashion(), DataConfig.mnistFashionTiny());
    }

    @Test
    void thePresetsHaveTheThesisShapeAndATinyOne() {
        DataConfig t = DataConfig.mnistFashion();
        assertEquals(1568, t.inputCount());
        assertEquals(20, t.outputCount());
        assertArrayEquals(new int[] {7000, 800, 800}, t.splitRows());
        assertEquals(List.of("mnist", "fashion"), t.tasks().stream().map(Task::name).toList());
        DataConfig tiny = DataConfig.mnistFashionTiny();
        assertEquals(288, tiny.inputCount());
        assertEquals(2, tiny.outputCount());
        assertArrayEquals(new int[] {200, 50, 50}, tiny.splitRows());
    }
}
