package org.lotterylab.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lotterylab.data.DataConfig;
import org.lotterylab.prune.Schedule;

/** The pure logic of the image benchmark: counts, the timed densities, targets and its JSON lines. */
class ImageBenchTest {

    @Test
    void weightsAndFlopsOfTheThesisShape() {
        // 1568*784 + 784*392 + 392*20 = 1,229,312 + 307,328 + 7,840.
        assertEquals(1_544_480L, ImageBench.weights(ImageBench.SHAPE));
        // (6 * 7000 + 2 * 800) * 1,544,480 = 43,600 * 1,544,480, on the rows the workload trains
        // (700 + 80 + 80 images per class, 10 classes), which the benchmark reads from the config.
        assertArrayEquals(new int[] {7000, 800, 800}, DataConfig.mnistFashion().splitRows());
        assertEquals(67_339_328_000.0, ImageBench.flopsPerEpoch(ImageBench.SHAPE, 7000, 800), 0);
    }

    @Test
    void flopsOfASmallShapeByHand() {
        // [2,3,1]: 6 + 3 = 9 weights; 10 training rows, 4 validation rows: (60 + 8) * 9 = 612.
        assertEquals(9, ImageBench.weights(new int[] {2, 3, 1}));
        assertEquals(612.0, ImageBench.flopsPerEpoch(new int[] {2, 3, 1}, 10, 4), 0);
        assertEquals(0.0, ImageBench.flopsPerEpoch(new int[] {2, 3, 1}, 0, 0), 0);
    }

    @Test
    void timedLevelsHaveTheIssuesDensities() {
        // 600 weights after 20 levels: rate 1 - (600 / 1544480)^(1/20) = 0.324744...;
        // round-half-even(1544480 * 0.675256^t) at t = 5, 10, 14 (worked out in Python).
        Schedule s = ImageBench.schedule();
        assertEquals(0.3247440058, s.rate(), 1e-9);
        assertArrayEquals(new int[] {0, 5, 10, 14}, ImageBench.TIMED_LEVELS);
        int[] want = {1_544_480, 216_833, 30_442, 6_329};
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], s.remaining(ImageBench.TIMED_LEVELS[i]));
        }
        assertEquals(600, s.remaining(20));
    }

    @Test
    void flopCeilingsByHand() {
        // A peer epoch of 800 ms against our dense 400 ms: 2x at 100%, 20x at 10%, 400x at 0.5%.
        assertEquals(2.0, ImageBench.flopCeiling(800, 400, 1.0), 1e-12);
        assertEquals(20.0, ImageBench.flopCeiling(800, 400, 0.1), 1e-12);
        assertEquals(400.0, ImageBench.flopCeiling(800, 400, 0.005), 1e-9);
        // The run's 21 trained levels hold the geometric sum (1 - q^21) / (1 - q) of dense levels,
        // q = 1 - rate = 0.675256 (about 3.0785); each level's count is rounded to a weight, so the
        // sum is within 21 half-weights of it.
        double q = 1 - ImageBench.schedule().rate();
        double geometric = (1 - Math.pow(q, 21)) / (1 - q);
        assertEquals(3.0785, geometric, 1e-4);
        // A peer run of 28 s against 2 epochs of a 700 ms dense epoch per level: 28 / (1.4 * 3.0785) = 6.497x.
        int[] two = new int[21];
        java.util.Arrays.fill(two, 2);
        double ceiling = ImageBench.runCeiling(28, two, 700, ImageBench.schedule());
        assertEquals(28 / (1.4 * geometric), ceiling, ceiling * 21 * 0.5 / 1_544_480 / geometric);
        assertEquals(6.497, ceiling, 1e-3);
        // Ten epochs more at the dense level add ten dense epochs: 28 / (0.7 * (2 * 3.0785 + 10)) = 2.476x.
        two[0] = 12;
        assertEquals(2.476, ImageBench.runCeiling(28, two, 700, ImageBench.schedule()), 1e-3);
        assertThrows(IllegalArgumentException.class, () -> ImageBench.runCeiling(28, new int[20], 700, ImageBench.schedule()));
    }

    @Test
    void targetsFollowTheDensityRoundedToTwoDigits() {
        assertEquals(1.0, ImageBench.target(1.0));
        assertEquals(4.0, ImageBench.target(216_833 / 1_544_480.0)); // 14.04% counts as 14%
        assertEquals(4.0, ImageBench.target(0.05));
        assertEquals(15.0, ImageBench.target(30_442 / 1_544_480.0)); // 1.97%
        assertEquals(15.0, ImageBench.target(0.0041));
        assertEquals(15.0, ImageBench.target(0.0204)); // rounds to 0.020
        assertEquals(4.0, ImageBench.target(0.0206)); // rounds to 0.021
        assertTrue(Double.isNaN(ImageBench.target(0.146))); // rounds to 0.15: above 14%, below 100%
        assertTrue(Double.isNaN(ImageBench.target(0.5)));
        assertThrows(IllegalArgumentException.class, () -> ImageBench.target(0));
        assertThrows(IllegalArgumentException.class, () -> ImageBench.target(1.5));
    }

    @Test
    void jsonLinesByHand() {
        assertEquals("{\"image_level\": 5, \"density\": 0.14039, \"ms\": 1234.6, \"ratio\": 2, \"target\": null,"
                        + " \"acc\": [0.77, 0.705], \"peer\": \"pytorch-\\\"x\\\\\", \"ok\": true, \"big\": 67339000000}",
                ImageBench.json("image_level", 5, "density", 216_833 / 1_544_480.0, "ms", 1234.5678, "ratio", 2.0,
                        "target", Double.NaN, "acc", new double[] {0.77, 0.705}, "peer", "pytorch-\"x\\", "ok", true,
                        "big", 67_339_328_000.0));
        assertEquals("{}", ImageBench.json());
        assertThrows(IllegalArgumentException.class, () -> ImageBench.json("odd"));
    }

    @Test
    void jsonLinesReadBack() {
        String line = ImageBench.json("round", 2, "ours", 157.61, "peer", Double.NaN, "val_acc", new double[] {0.5, 0.25});
        assertEquals(157.61, Bench.number(line, "ours"), 0);
        assertTrue(Double.isNaN(Bench.number(line, "peer")));
        assertEquals(2, Bench.number(line, "round"), 0);
        assertArrayEquals(new double[] {0.5, 0.25}, ImageBench.numbers(line, "val_acc"), 0);
        // What the peer prints (Python's json.dumps).
        assertArrayEquals(new double[] {0.79375, 0.735},
                ImageBench.numbers("{\"mask\": \"L0\", \"val_acc\": [0.79375, 0.735]}", "val_acc"), 0);
        assertThrows(IllegalArgumentException.class, () -> ImageBench.numbers(line, "missing"));
    }

    @Test
    void medianOfOddAndEvenRounds() {
        List<double[]> odd = List.of(new double[] {3, 0}, new double[] {1, 0}, new double[] {2, 0});
        List<double[]> even = List.of(new double[] {0, 4}, new double[] {0, 1}, new double[] {0, 3}, new double[] {0, 2});
        assertEquals(2, Bench.median(odd, 0), 0);
        assertEquals(2.5, Bench.median(even, 1), 0);
    }

    @Test
    void peerLinesGiveTheirStringFields() {
        String line = "{\"peer\": \"pytorch-1.13.0a0\", \"blas\": \"openblas-pthread/libblas.so.3\", \"ms_per_epoch\": 761.5}";
        assertEquals("pytorch-1.13.0a0", Bench.text(line, "peer"));
        assertEquals("openblas-pthread/libblas.so.3", Bench.text(line, "blas"));
        assertEquals("?", Bench.text(line, "mask"));
        assertEquals(761.5, Bench.number(line, "ms_per_epoch"), 0);
    }
}
