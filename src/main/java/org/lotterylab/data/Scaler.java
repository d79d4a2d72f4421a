package org.lotterylab.data;

/**
 * How an image task maps its pixels, with statistics of its training rows only (over all its
 * pixels together, or per pixel). Every scaler is the affine map {@code (x - shift) / scale},
 * which {@link DataSplit#mean()} and {@link DataSplit#std()} record per column.
 */
public enum Scaler {
    /**
     * Subtract the mean and divide by the population standard deviation; a constant (zero
     * deviation) keeps the scale 1, so it becomes 0.
     */
    STANDARD,
    /**
     * Min-max to [0, 1]: {@code (x - min) / (max - min)}; a constant (max = min) takes the range
     * 1, so it becomes 0, the low end (as scikit-learn's MinMaxScaler does).
     */
    MINMAX,
    /**
     * Min-max to [-1, 1]: {@code 2 (x - min) / (max - min) - 1}; a constant takes the range 1,
     * so it becomes -1, the low end.
     */
    MINMAX_SYMMETRIC;

    /**
     * The shift and scale of this scaler for values of the given mean, population standard
     * deviation, minimum and maximum.
     */
    double[] affine(double mean, double std, double min, double max) {
        switch (this) {
            case STANDARD -> {
                return new double[] {mean, std == 0 ? 1 : std};
            }
            case MINMAX -> {
                double range = max - min == 0 ? 1 : max - min;
                return new double[] {min, range};
            }
            default -> {
                double range = max - min == 0 ? 1 : max - min;
                return new double[] {min + range / 2, range / 2};
            }
        }
    }
}
