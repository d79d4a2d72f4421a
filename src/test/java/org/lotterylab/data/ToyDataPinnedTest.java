package org.lotterylab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The toy data sets are bit-identical to what the two-inputs-per-task generator drew before
 * image tasks existed: checksums of every float, computed with that generator (commit c529154,
 * the same program run against its classes).
 */
class ToyDataPinnedTest {

    private static long h(float[] a) {
        long s = 1125899906842597L;
        for (float f : a) {
            s = 31 * s + Float.floatToRawIntBits(f);
        }
        return s;
    }

    private static long[] sums(DataConfig c) {
        DataSplit s = c.generate(7);
        return new long[] {h(s.train().x()), h(s.validation().x()), h(s.test().x()), h(s.train().y()),
                h(s.test().y()), Arrays.hashCode(s.mean()), Arrays.hashCode(s.std())};
    }

    @Test
    void circlesMoonsMoonsAndAnUnstandardisedSplitAreUnchanged() {
        assertArrayEquals(new long[] {-4834688858543894312L, 7649366697998942642L, -1794460494090997411L,
                -1762679649596195355L, 8921332630569000677L, -1460143892, -1451843445},
                sums(DataConfig.circlesMoons()));
        assertArrayEquals(new long[] {5156963165697089703L, 802699792985073111L, -700861283634434981L,
                -8660149723836523291L, -7106705150140428699L, 535872139, -2025643405},
                sums(DataConfig.moons(3, 0.0)));
        assertArrayEquals(new long[] {-732646897826079735L, 7928616782553345486L, -4715400729469073403L,
                -3295966045965448795L, 6352721961039696485L, 923521, 2081298305},
                sums(DataConfig.moons(2, 0.1).toBuilder().standardise(false).rowsPerTask(301).split(0.6, 0.3).build()));
    }
}
