package org.lotterylab.experiment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lotterylab.io.AtomicFiles;
import org.lotterylab.metrics.Lesions;

/**
 * The file {@code levels/NNN/lesions.csv} of a lesioned level ({@link Analysis#lesions()}): one
 * row per lesion and measured task. Columns: {@code removed} ({@code own}: the weights only on
 * task {@code removed_task}'s paths; {@code shared}: those on several tasks' paths, with an empty
 * {@code removed_task}), {@code removed_task}, {@code weights} (how many were removed),
 * {@code task} (the task measured), {@code acc_before}, {@code acc_after} and {@code drop}
 * ({@code acc_before - acc_after}) on the test set, and {@code cross_weights} (the level's
 * active weights on no task's own paths, which no lesion removes; the same on every row). Own
 * lesions come first, by removed task, then the shared one; tasks ascending within each. The
 * level's manifest covers the file like every other of the level.
 */
final class LesionFile {
    static final String NAME = "lesions.csv";
    static final List<String> HEADER = List.of("removed", "removed_task", "weights", "task", "acc_before", "acc_after",
            "drop", "cross_weights");

    private LesionFile() {
    }

    /** The rows of {@code les}, in the file's order. */
    static List<String[]> rows(Lesions les) {
        List<String[]> rows = new ArrayList<>();
        int tc = les.tasks();
        for (int t = 0; t <= tc; t++) {
            boolean shared = t == tc;
            for (int s = 0; s < tc; s++) {
                double drop = shared ? les.sharedDrop()[s] : les.drop()[s][t];
                rows.add(new String[] {shared ? "shared" : "own", shared ? "" : Integer.toString(t),
                        Integer.toString(shared ? les.sharedWeights() : les.onlyWeights()[t]), Integer.toString(s),
                        Csv.num(les.before()[s]), Csv.num(les.before()[s] - drop), Csv.num(drop),
                        Integer.toString(les.crossWeights())});
            }
        }
        return rows;
    }

    static void write(Path levelDir, Lesions les) {
        AtomicFiles.write(levelDir.resolve(NAME), Csv.format(HEADER, rows(les)));
    }

    /**
     * The lesions a file holds, for {@code tasks} tasks.
     *
     * @throws IllegalArgumentException if the file is not one {@link #write} wrote for that many tasks
     */
    static Lesions read(byte[] bytes, int tasks) {
        Csv.Parsed p = Csv.parse(new String(bytes, StandardCharsets.UTF_8));
        if (!p.header().equals(HEADER) || p.rows().size() != (tasks + 1) * tasks) {
            throw new IllegalArgumentException(NAME + " does not hold the " + (tasks + 1) * tasks + " rows of "
                    + tasks + " tasks under the header " + String.join(",", HEADER));
        }
        double[] before = new double[tasks];
        double[][] drop = new double[tasks][tasks];
        double[] sharedDrop = new double[tasks];
        int[] only = new int[tasks];
        int shared = 0;
        int cross = 0;
        int k = 0;
        for (int t = 0; t <= tasks; t++) {
            for (int s = 0; s < tasks; s++) {
                String[] r = p.rows().get(k++);
                boolean isShared = t == tasks;
                if (!r[0].equals(isShared ? "shared" : "own") || !r[1].equals(isShared ? "" : Integer.toString(t))
                        || !r[3].equals(Integer.toString(s))) {
                    throw new IllegalArgumentException(NAME + " line " + (k + 1) + " is out of order");
                }
                before[s] = Double.parseDouble(r[4]);
                double d = Double.parseDouble(r[6]);
                if (isShared) {
                    sharedDrop[s] = d;
                    shared = Integer.parseInt(r[2]);
                } else {
                    drop[s][t] = d;
                    only[t] = Integer.parseInt(r[2]);
                }
                cross = Integer.parseInt(r[7]);
            }
        }
        return new Lesions(before, drop, sharedDrop, only, shared, cross);
    }
}
