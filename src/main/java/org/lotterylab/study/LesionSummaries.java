package org.lotterylab.study;

import org.lotterylab.experiment.Runs;
import org.lotterylab.experiment.StoredRun;
import org.lotterylab.metrics.Lesions;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The lesions of stored runs as notebook tables, in the manner of {@link Summaries}: a run stores
 * the lesions of its split level by default, of every level with {@code analysis.lesions = all}
 * (see {@link Lesions} for the definitions). The long form, one row per lesion and measured task
 * with the config columns, is {@link Runs#lesions()}.
 */
public final class LesionSummaries {
    private LesionSummaries() {
    }

    /**
     * One row per complete run and lesioned level: {@code hash}, {@code data}, {@code seed_model},
     * {@code l1}, {@code level}, {@code split_level} (missing when the run never split), then from
     * the T x T drop matrix ({@code drop[s][t]}: task s's test accuracy lost when the weights only
     * on task t's paths are removed) {@code diagonal_min} and {@code diagonal_mean} (the drops of
     * each task from losing its own weights), {@code off_diagonal_max} (the largest drop of a task
     * from losing another task's own weights; 0 for one task), {@code only_diagonal} (every
     * off-diagonal drop is exactly 0, as a true split gives), {@code shared_max} (the largest drop
     * from removing the shared weights; 0 when there are none), {@code own_weights} (summed over
     * tasks), {@code shared_weights} and {@code cross_weights}.
     */
    public static Table of(Runs runs) {
        StringColumn hash = StringColumn.create("hash");
        StringColumn data = StringColumn.create("data");
        IntColumn seed = IntColumn.create("seed_model");
        DoubleColumn l1 = DoubleColumn.create("l1");
        IntColumn level = IntColumn.create("level");
        IntColumn splitLevel = IntColumn.create("split_level");
        DoubleColumn diagMin = DoubleColumn.create("diagonal_min");
        DoubleColumn diagMean = DoubleColumn.create("diagonal_mean");
        DoubleColumn offMax = DoubleColumn.create("off_diagonal_max");
        BooleanColumn onlyDiag = BooleanColumn.create("only_diagonal");
        DoubleColumn sharedMax = DoubleColumn.create("shared_max");
        IntColumn own = IntColumn.create("own_weights");
        IntColumn shared = IntColumn.create("shared_weights");
        IntColumn cross = IntColumn.create("cross_weights");
        for (StoredRun r : runs.complete()) {
            var split = r.summary().map(s -> s.get("splitLevel")).filter(n -> !n.isNull()).map(n -> n.asInt());
            for (int t = 0; t < r.levelCount(); t++) {
                Lesions les = r.lesions(t).orElse(null);
                if (les == null) {
                    continue;
                }
                hash.append(r.hash());
                data.append(r.config().data().label());
                seed.append((int) r.config().seeds().model());
                l1.append(r.config().training().l1());
                level.append(t);
                if (split.isPresent()) {
                    splitLevel.append(split.get());
                } else {
                    splitLevel.appendMissing();
                }
                double min = Double.POSITIVE_INFINITY;
                double sum = 0;
                double off = 0;
                boolean zero = true;
                int ownSum = 0;
                for (int s = 0; s < les.tasks(); s++) {
                    ownSum += les.onlyWeights()[s];
                    for (int u = 0; u < les.tasks(); u++) {
                        double d = les.drop()[s][u];
                        if (s == u) {
                            min = Math.min(min, d);
                            sum += d;
                        } else {
                            off = Math.max(off, d);
                            zero &= d == 0;
                        }
                    }
                }
                double sh = 0;
                for (double d : les.sharedDrop()) {
                    sh = Math.max(sh, d);
                }
                diagMin.append(min);
                diagMean.append(sum / les.tasks());
                offMax.append(off);
                onlyDiag.append(zero);
                sharedMax.append(sh);
                own.append(ownSum);
                shared.append(les.sharedWeights());
                cross.append(les.crossWeights());
            }
        }
        return Table.create("lesions", hash, data, seed, l1, level, splitLevel, diagMin, diagMean, offMax, onlyDiag,
                sharedMax, own, shared, cross);
    }
}
