package org.lotterylab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The installed image data ({@code ./lab setup}): counts, labels and pixel checksums of the real
 * files, and the thesis preset drawn from them. The checksums were computed independently with
 * python3 (gzip + struct for the IDX files, json for the digits, levels round(255 v)): the sum of
 * all levels, and the sum of level * (i mod 251 + 1) over the pool's pixel index i.
 */
class ImageDataIT {

    private static long[] checksums(ImageSource.Pool p) {
        long sum = 0;
        long weighted = 0;
        byte[] px = p.pixels();
        for (int i = 0; i < px.length; i++) {
            int v = px[i] & 0xff;
            sum += v;
            weighted += (long) v * (i % 251 + 1);
        }
        return new long[] {sum, weighted};
    }

    private static long imageSum(ImageSource.Pool p, int i) {
        long s = 0;
        for (int q = 0; q < 784; q++) {
            s += p.level(i, q);
        }
        return s;
    }

    @Test
    void fashionMnistHas60000TrainingAnd10000TestImagesAsThePythonChecksumsSay() {
        ImageSource.Pools p = ImageSource.FASHION.pools();
        assertEquals(60000, p.train().rows());
        assertEquals(10000, p.test().rows());
        for (int c = 0; c < 10; c++) {
            assertEquals(ImageSource.FASHION.trainCapacity(c), p.train().byClass()[c].length, "class " + c);
            assertEquals(ImageSource.FASHION.testCapacity(c), p.test().byClass()[c].length, "class " + c);
        }
        assertEquals(9, p.train().labels()[0]);
        assertEquals(5, p.train().labels()[59999]);
        assertEquals(9, p.test().labels()[0]);
        assertArrayEquals(new long[] {3431114169L, 432275098992L}, checksums(p.train()));
        assertArrayEquals(new long[] {573469082L, 72253401797L}, checksums(p.test()));
        assertEquals(76247, imageSum(p.train(), 0));
        assertEquals(16684, imageSum(p.train(), 59999));
        assertEquals(33456, imageSum(p.test(), 0));
    }

    @Test
    void mnistDigitsAre10000ImagesWithThePackagesPerDigitCounts() {
        ImageSource.Pools p = ImageSource.MNIST.pools();
        assertEquals(null, p.test());
        assertEquals(10000, p.train().rows());
        int[] first = {31095, 17135, 29601, 35867, 19443, 27525, 28443, 25296, 27106, 23214};
        int at = 0;
        for (int c = 0; c < 10; c++) {
            assertEquals(ImageSource.MNIST.trainCapacity(c), p.train().byClass()[c].length, "digit " + c);
            assertEquals(at, p.train().byClass()[c][0]);
            assertEquals(first[c], imageSum(p.train(), at), "first image of digit " + c);
            at += p.train().byClass()[c].length;
        }
        assertArrayEquals(new long[] {262146600L, 33058397910L}, checksums(p.train()));
    }

    @Test
    void theThesisPresetDrawsBalancedStandardisedRowsDeterministically() {
        DataConfig cfg = DataConfig.mnistFashion();
        DataSplit s = cfg.generate(3);
        assertEquals(7000, s.train().rows());
        assertEquals(800, s.validation().rows());
        assertEquals(800, s.test().rows());
        assertEquals(1568, s.train().inputs());
        for (int t = 0; t < 2; t++) {
            int[] count = new int[10];
            for (int r = 0; r < 7000; r++) {
                count[(int) s.train().y(r, t)]++;
            }
            for (int c = 0; c < 10; c++) {
                assertEquals(700, count[c], "task " + t + " class " + c);
            }
            // Standard over the task's training pixels: mean 0 and std 1 over all of them.
            int[] cols = s.train().inputsOf(t);
            double sum = 0;
            double sq = 0;
            for (int r = 0; r < 7000; r++) {
                for (int c : cols) {
                    double v = s.train().x(r, c);
                    sum += v;
                    sq += v * v;
                }
            }
            double n = 7000.0 * cols.length;
            assertEquals(0, sum / n, 1e-4);
            assertEquals(1, sq / n, 1e-3);
        }
        // MNIST's mean gray level is about 0.13, Fashion-MNIST's about 0.29.
        assertEquals(0.13, s.mean()[0], 0.01);
        assertEquals(0.29, s.mean()[784], 0.01);
        assertArrayEquals(s.train().x(), cfg.generate(3).train().x());
        assertTrue(!java.util.Arrays.equals(s.test().x(), cfg.generate(4).test().x()));
    }

    @Test
    void theTinyPresetIs12x12With300Rows() {
        DataSplit s = DataConfig.mnistFashionTiny().generate(0);
        assertEquals(200, s.train().rows());
        assertEquals(50, s.validation().rows());
        assertEquals(50, s.test().rows());
        assertEquals(288, s.train().inputs());
        assertEquals(2, s.train().tasks());
    }
}
