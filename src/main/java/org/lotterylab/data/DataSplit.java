package org.lotterylab.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Train, validation and test sets of one data seed, every column mapped to
 * {@code (x - mean[c]) / std[c]} with statistics of the training set only: for a toy task's
 * columns the per-column mean and population standard deviation (0 and 1 when not
 * standardised), for an image task's columns its {@link Scaler}'s shift and scale.
 * Early stopping reads {@link #validation()}, never {@link #test()}. The validation or the
 * test set may be empty when its fraction is 0.
 */
public record DataSplit(Dataset train, Dataset validation, Dataset test, double[] mean, double[] std) {

    /** Number of tasks. */
    public int tasks() {
        return train.tasks();
    }

    /** Writes all three sets into one CSV file with a {@code split} column. */
    public void toCsv(Path file) throws IOException {
        Dataset.writeCsv(file, List.of(train, validation, test), List.of("train", "validation", "test"));
    }
}
