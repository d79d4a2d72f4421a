package org.lotterylab.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Train, validation and test sets of one data seed, standardised with the training set's
 * per-column mean and population standard deviation ({@link #mean()}, {@link #std()}).
 * Early stopping reads {@link #validation()}, never {@link #test()}. The validation or the
 * test set may be empty when its fraction is 0.
 */
public record DataSplit(Dataset train, Dataset validation, Dataset test, double[] mean, double[] std) {

    /** Number of tasks (and outputs). */
    public int tasks() {
        return train.tasks();
    }

    /** Writes all three sets into one CSV file with a {@code split} column. */
    public void toCsv(Path file) throws IOException {
        Dataset.writeCsv(file, List.of(train, validation, test), List.of("train", "validation", "test"));
    }
}
