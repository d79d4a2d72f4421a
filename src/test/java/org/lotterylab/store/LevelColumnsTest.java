package org.lotterylab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.experiment.Fixtures;
import org.lotterylab.metrics.State;
import org.lotterylab.metrics.StateCounts;
import org.lotterylab.metrics.States;
import org.lotterylab.prune.ImpListener;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

class LevelColumnsTest {
    static final Path OLD = Path.of("src/test/resources/org/lotterylab/store/stored-before-checksums/d25f485df0a6");

    @TempDir
    Path tmp;

    @Test
    void versionOneIsTheHeaderOfRunsStoredBeforePerLayerColumns() throws IOException {
        // levels.csv as the library at 2ca4a26 wrote it for a [4, 6, 6, 2] network and two tasks
        List<String> old = List.of(Files.readAllLines(OLD.resolve("levels.csv")).get(0).split(","));
        assertEquals(old, LevelColumns.header(3, 2, 1));
        assertEquals(1, LevelColumns.version(old, 3, 2));
        assertEquals(LevelColumns.VERSION, LevelColumns.version(LevelColumns.header(3, 2), 3, 2));
        assertEquals(-1, LevelColumns.version(old.subList(0, old.size() - 1), 3, 2));
        // version 2 adds, per weight layer: kept weights, biases, density and 3 x 4 state counts;
        // per neuron layer: 4 neuron states and 4 dead-neuron counts
        assertEquals(old.size() + 3 * (3 + 2 * 4) + 4 * (4 + 4), LevelColumns.header(3, 2, 2).size());
        // version 3 adds the split metrics: modularity, sharing, decided in and out and ncut with
        // their 3 or 3 + 2 x 4 layer and task columns, and the 5 columns of the null
        assertEquals(LevelColumns.header(3, 2, 2).size() + 4 + 4 + 8 + 4 + 4 + 4 + 5, LevelColumns.header(3, 2).size());
        assertTrue(LevelColumns.header(3, 2).containsAll(List.of("weights_active_l0", "biases_pruned_l2",
                "neurons_zombie_n3", "comatose_n1", "productive_zombies_n2", "density_l1", "weights_l2")));
    }

    @Test
    void perLayerColumnsAddUpToTheTotalsAndAgreeWithTheStoredNetworks() {
        StoredRun r = RunStore.at(tmp).run(Fixtures.tiny());
        Table t = r.levels();
        int[] shape = {4, 6, 6, 2};
        for (int level = 0; level < r.levelCount(); level++) {
            var mask = r.mask(level);
            StateCounts counts = States.of(r.trained(level)).counts();
            int weights = 0;
            for (int l = 0; l < 3; l++) {
                int kept = t.intColumn("weights_l" + l).getInt(level);
                assertEquals(mask.keptWeights(l), kept);
                assertEquals((double) kept / (shape[l] * shape[l + 1]), t.doubleColumn("density_l" + l).getDouble(level));
                assertEquals(shape[l + 1], t.intColumn("biases_l" + l).getInt(level)); // biases are not pruned
                weights += kept;
            }
            assertEquals(t.intColumn("weights").getInt(level), weights);
            for (State s : State.values()) {
                String st = s.name().toLowerCase(Locale.ROOT);
                for (String el : List.of("weights", "biases")) {
                    int sum = 0;
                    for (int l = 0; l < 3; l++) {
                        int v = t.intColumn(el + "_" + st + "_l" + l).getInt(level);
                        StateCounts.Tally want = (el.equals("weights") ? counts.weights() : counts.biases()).get(l);
                        assertEquals(want.count(s), v, el + "_" + st + "_l" + l + " at level " + level);
                        sum += v;
                    }
                    assertEquals(t.intColumn(el + "_" + st).getInt(level), sum);
                }
                int sum = 0;
                for (int k = 0; k < 4; k++) {
                    int v = t.intColumn("neurons_" + st + "_n" + k).getInt(level);
                    assertEquals(counts.neurons().get(k).count(s), v);
                    sum += v;
                }
                assertEquals(t.intColumn("neurons_" + st).getInt(level), sum);
            }
            for (int k = 0; k < 4; k++) {
                int all = 0;
                for (State s : State.values()) {
                    all += t.intColumn("neurons_" + s.name().toLowerCase(Locale.ROOT) + "_n" + k).getInt(level);
                }
                assertEquals(shape[k], all, "every neuron of layer " + k + " has one state");
            }
            for (String d : List.of("zombies", "productive_zombies", "frozen_zombies", "comatose")) {
                int sum = 0;
                for (int k = 0; k < 4; k++) {
                    sum += t.intColumn(d + "_n" + k).getInt(level);
                }
                assertEquals(t.intColumn(d).getInt(level), sum, d);
            }
            assertEquals(0, t.intColumn("zombies_n0").getInt(level), "inputs are never zombies");
            assertEquals(0, t.intColumn("comatose_n3").getInt(level), "outputs are never comatose");
            assertEquals(t.intColumn("zombies_n1").getInt(level),
                    t.intColumn("productive_zombies_n1").getInt(level) + t.intColumn("frozen_zombies_n1").getInt(level),
                    "under ReLU every zombie is productive or frozen");
        }
        for (int l = 0; l < 3; l++) {
            assertEquals(1.0, t.doubleColumn("density_l" + l).getDouble(0));
            assertEquals(0, t.intColumn("weights_pruned_l" + l).getInt(0));
        }
    }

    @Test
    void aRunStoredBeforePerLayerColumnsLoadsWithThemAbsent() throws IOException {
        Path root = tmp.resolve("runs");
        copy(OLD, root.resolve(OLD.getFileName().toString()));
        RunStore store = RunStore.at(root);
        StoredRun old = store.list().get(0);
        assertEquals(RunStatus.COMPLETE, old.status());
        assertFalse(old.levels().columnNames().contains("weights_active_l0"));
        StoredRun fresh = store.run(Fixtures.tiny().with("seeds.all", 5));
        Table both = Runs.of(List.of(old, fresh)).levels();
        int oldRow = 0;
        int freshRow = old.levelCount();
        assertTrue(both.intColumn("weights_active_l0").isMissing(oldRow));
        assertFalse(both.intColumn("weights_active_l0").isMissing(freshRow));
        assertEquals(old.levels().intColumn("weights_active").getInt(0), both.intColumn("weights_active").getInt(oldRow));
    }

    @Test
    void theLevelTableHasTheDeclaredColumnTypesAndReadsBackWhatWasWrittenBitForBit() throws IOException {
        StoredRun r = RunStore.at(tmp).run(Fixtures.tiny());
        Table t = r.levels();
        assertEquals(ColumnType.INTEGER, t.column("level").type());
        assertEquals(ColumnType.INTEGER, t.column("horizon_pruned").type());
        assertEquals(ColumnType.DOUBLE, t.column("density").type());
        // Level 0 has no horizon: NaN, still a double column.
        assertTrue(Double.isNaN(t.doubleColumn("horizon_max_pruned").getDouble(0)));
        assertEquals(ColumnType.LONG, t.column("steps").type());
        assertEquals(ColumnType.STRING, t.column("stop_reason").type());
        assertEquals(ColumnType.BOOLEAN, t.column("restored_best").type());
        // Each field of levels.csv, as text, against the table's typed value printed the way the store prints it.
        List<String> lines = Files.readAllLines(r.dir().resolve(RunDir.LEVELS_CSV));
        List<String> header = List.of(lines.get(0).split(","));
        for (int row = 1; row < lines.size(); row++) {
            String[] f = lines.get(row).split(",");
            for (int c = 0; c < f.length; c++) {
                var col = t.column(header.get(c));
                // Tablesaw gives null for a missing double (NaN): read doubles as doubles.
                String v = col instanceof tech.tablesaw.api.DoubleColumn d ? Double.toString(d.getDouble(row - 1))
                        : String.valueOf(col.get(row - 1));
                assertEquals(f[c], v, header.get(c));
            }
        }
    }

    @Test
    void anEditedFieldThatIsNotOfItsColumnsTypeIsReportedAsCorruption() throws IOException {
        Path root = tmp.resolve("runs");
        Path dir = root.resolve(OLD.getFileName().toString());
        copy(OLD, dir);
        // A run stored before checksums: only the value's type can tell the edit.
        Path csv = dir.resolve(RunDir.LEVELS_CSV);
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        List<String> header = List.of(lines.get(0).split(","));
        String[] f = lines.get(2).split(",");
        f[header.indexOf("test_acc")] = "high";
        lines.set(2, String.join(",", f));
        Files.writeString(csv, String.join("\n", lines) + "\n");
        StoredRun run = RunStore.at(root).list().get(0);
        CorruptRunException e = assertThrows(CorruptRunException.class, run::levels);
        assertTrue(e.getMessage().contains("level 1, column test_acc: \"high\" is not a double"), e.getMessage());
    }

    @Test
    void aResumedRunKeepsTheColumnsItStartedWith() throws IOException {
        RunStore store = RunStore.at(tmp);
        ExperimentConfig c = Fixtures.tiny();
        ImpListener crash = new ImpListener() {
            @Override
            public void onEpoch(int level, int epoch, double trainLoss, double validationLoss) {
                if (level == 2 && epoch == 3) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> store.run(c, crash));
        // make it a partial run of the library before per-layer columns (and checksums)
        Path dir = store.dir(c);
        ManifestTest.removeChecksums(dir);
        Csv.Parsed p = Csv.parse(Files.readString(dir.resolve("levels.csv")));
        List<String> v1 = LevelColumns.header(3, 2, 1);
        List<String[]> rows = new ArrayList<>();
        for (String[] row : p.rows()) {
            rows.add(v1.stream().map(name -> row[p.column(name)]).toArray(String[]::new));
        }
        Files.writeString(dir.resolve("levels.csv"), Csv.format(v1, rows));
        StoredRun done = store.run(c);
        assertEquals(RunStatus.COMPLETE, done.status());
        assertEquals(4, done.levelCount());
        assertEquals(v1, done.levelsParsed().header());
        assertEquals(RunStatus.COMPLETE, store.list(true).get(0).status(), store.list(true).get(0).problem());
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
