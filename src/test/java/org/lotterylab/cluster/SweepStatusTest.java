package org.lotterylab.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.store.RunStore;
import org.lotterylab.sweep.Sweep;
import org.lotterylab.prune.ImpListener;
import org.lotterylab.prune.LevelResult;

class SweepStatusTest {
    @TempDir
    Path tmp;

    /** Stores levels 0 and 1 of {@code c}, then fails: a partial run of 2 levels. */
    static void partial(RunStore store, ExperimentConfig c) {
        assertThrows(IllegalStateException.class, () -> store.run(c, new ImpListener() {
            @Override
            public Control onLevel(LevelResult level) {
                if (level.level() == 1) {
                    throw new IllegalStateException("stop after level 1");
                }
                return Control.CONTINUE;
            }
        }));
    }

    @Test
    void countsDonePartialMissingAndCorruptPerShard() throws Exception {
        Sweep sweep = Tiny.sweep();
        List<ExperimentConfig> c = sweep.configs();
        assertEquals(4, c.size());
        RunStore store = RunStore.at(tmp.resolve("runs"));
        store.run(c.get(0));
        store.run(c.get(1));
        partial(store, c.get(2));
        // c.get(3) is missing

        // Shards by hand: the sorted hashes dealt out in turn, shard = position % 2.
        List<String> sorted = new ArrayList<>(c.stream().map(ExperimentConfig::hash).sorted().toList());
        int[] shardOf = new int[4];
        for (int i = 0; i < 4; i++) {
            shardOf[i] = sorted.indexOf(c.get(i).hash()) % 2;
        }
        SweepStatus s = SweepStatus.of(sweep, store, 2);
        assertEquals(2, s.count(SweepStatus.State.DONE));
        assertEquals(1, s.count(SweepStatus.State.PARTIAL));
        assertEquals(1, s.count(SweepStatus.State.MISSING));
        assertEquals(0, s.count(SweepStatus.State.CORRUPT));
        assertFalse(s.isDone());
        for (int k = 0; k < 2; k++) {
            int done = 0;
            for (int i = 0; i < 2; i++) {
                done += shardOf[i] == k ? 1 : 0;
            }
            assertEquals(done, s.count(SweepStatus.State.DONE, k), "shard " + k);
            assertEquals(shardOf[2] == k ? 1 : 0, s.count(SweepStatus.State.PARTIAL, k), "shard " + k);
            assertEquals(shardOf[3] == k ? 1 : 0, s.count(SweepStatus.State.MISSING, k), "shard " + k);
        }
        assertEquals(List.of(shardOf[2], shardOf[3]).stream().distinct().sorted().toList(), s.shardsWithWork());
        SweepStatus.Entry p = s.entries().stream().filter(e -> e.hash().equals(c.get(2).hash())).findFirst().orElseThrow();
        // levels 0 and 1 stored of 3 pruning levels + level 0
        assertEquals(2, p.levels());
        assertEquals(4, p.plannedLevels());
        assertFalse(p.running(), "no process holds the lock of the failed run");
        String text = s.format("tiny.json");
        assertTrue(text.contains("  done 2, partial 1, missing 1, corrupt 0\n"), text);
        assertTrue(text.contains("  " + c.get(2).hash() + "  partial  2/4 levels  shard " + shardOf[2] + "/2\n"), text);
        assertTrue(text.contains("  " + c.get(3).hash() + "  missing  0/4 levels  shard " + shardOf[3] + "/2\n"), text);

        // The sweep is left unsharded: its configs are all four again.
        assertEquals(4, sweep.configs().size());

        // A truncated levels.csv makes c1 corrupt: counted apart, and not work for a resubmission.
        Path csv = store.dir(c.get(1)).resolve("levels.csv");
        String t = Files.readString(csv);
        Files.writeString(csv, t.substring(0, t.length() / 2));
        SweepStatus s2 = SweepStatus.of(sweep, store, 1);
        assertEquals(1, s2.count(SweepStatus.State.DONE));
        assertEquals(1, s2.count(SweepStatus.State.CORRUPT));
        assertEquals(List.of(0), s2.shardsWithWork());
        assertTrue(s2.format("tiny.json").contains("  done 1, partial 1, missing 1, corrupt 1\n"), s2.format("tiny.json"));
    }

    @Test
    void aCompleteSweepHasNoWorkLeft() {
        Sweep sweep = Tiny.sweep();
        RunStore store = RunStore.at(tmp.resolve("runs"));
        sweep.threads(2).run(store);
        SweepStatus s = SweepStatus.of(sweep, store, 3);
        assertTrue(s.isDone());
        assertEquals(List.of(), s.shardsWithWork());
        // 4 runs over 3 shards: positions 0 and 3 in shard 0, 1 in shard 1, 2 in shard 2
        assertEquals(2, s.count(SweepStatus.State.DONE, 0));
        assertEquals(1, s.count(SweepStatus.State.DONE, 1));
        assertEquals(1, s.count(SweepStatus.State.DONE, 2));
        assertTrue(s.format("tiny.json").endsWith("  every run is complete\n"), s.format("tiny.json"));
    }
}
