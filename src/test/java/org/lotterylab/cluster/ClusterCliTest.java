package org.lotterylab.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.cli.Main;
import org.lotterylab.store.RunStore;

/** The cluster verbs through the command line: what a user types and sees. */
class ClusterCliTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    private static Result lab(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aDryRunPrintsTheScriptAndWritesNothing() throws Exception {
        Path sweep = Files.writeString(tmp.resolve("tiny.json"), Tiny.SWEEP);
        Path store = tmp.resolve("runs");
        Result r = lab("sweep", sweep.toString(), "--slurm", "--tasks", "2", "--cpus", "2", "--time", "30",
                "--dry-run", "--store", store.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("#SBATCH --array=0-1\n#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=2\n"), r.out());
        assertTrue(r.out().contains("#SBATCH --time=30\n"), r.out());
        assertTrue(r.out().contains("--shard \"$SLURM_ARRAY_TASK_ID/2\""), r.out());
        assertTrue(r.out().contains("submit 2 array tasks (shards 0-1 of 2) for 4 of the 4 runs of tiny.json;"
                + " nothing written or submitted"), r.out());
        assertFalse(Files.exists(store), "a dry run wrote " + store);
    }

    @Test
    void statusCountsAndMergeReportThroughTheCommandLine() throws Exception {
        Path sweep = Files.writeString(tmp.resolve("tiny.json"), Tiny.SWEEP);
        Path other = tmp.resolve("other");
        RunStore.at(other).run(Tiny.sweep().configs().get(0));
        Path store = tmp.resolve("runs");
        Result m = lab("runs", "merge", other.toString(), "--store", store.toString());
        assertEquals(0, m.code(), m.err());
        assertTrue(m.out().contains("1 runs there, 1 copied, 0 already here"), m.out());
        Result s = lab("sweep", sweep.toString(), "--status", "--store", store.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("  done 1, partial 0, missing 3, corrupt 0\n"), s.out());
    }

    @Test
    void clusterOptionsOutOfPlaceAreRefusedBeforeAnythingRuns() throws Exception {
        Path sweep = Files.writeString(tmp.resolve("tiny.json"), Tiny.SWEEP);
        Path store = tmp.resolve("runs");
        Result a = lab("sweep", sweep.toString(), "--tasks", "4", "--store", store.toString());
        assertEquals(1, a.code());
        assertTrue(a.err().contains("--tasks goes with --slurm"), a.err());
        Result b = lab("sweep", sweep.toString(), "--slurm", "--shard", "0/2", "--store", store.toString());
        assertEquals(1, b.code());
        assertTrue(b.err().contains("--shard is for running a sweep here"), b.err());
        Result c = lab("sweep", sweep.toString(), "--slurm", "--tasks", "0", "--dry-run", "--store", store.toString());
        assertEquals(1, c.code());
        assertTrue(c.err().contains("--tasks must be >= 1"), c.err());
        Result d = lab("sweep", sweep.toString(), "--status", "--time", "10", "--store", store.toString());
        assertEquals(1, d.code());
        assertTrue(d.err().contains("--time goes with --slurm, not --status"), d.err());
        assertFalse(Files.exists(store), "a refused command wrote " + store);
    }
}
