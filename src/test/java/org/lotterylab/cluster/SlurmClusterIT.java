package org.lotterylab.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.store.RunStatus;
import org.lotterylab.store.RunStore;
import org.lotterylab.store.StoredRun;
import org.lotterylab.sweep.Sweep;

/**
 * Sweeps under a real scheduler: a single-node SLURM cluster (munged, slurmctld, slurmd from
 * Debian's slurm-wlm and munge, started by environment/slurm/cluster.sh with a generated
 * slurm.conf: this host, 2 CPUs, no cgroups). A 12-run sweep goes through {@code ./lab sweep
 * --slurm} as a 4-task array and must equal, file checksum by file checksum, the same sweep run
 * locally with {@code ./lab sweep}; then one array task of a slower sweep is cancelled mid-run,
 * the sweep submitted again, and the cancelled run must resume at its first missing level and
 * end equal to the run computed in one go. Where the daemons cannot start, the test fails with
 * the script's reason and log excerpt. The daemons it started are stopped at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlurmClusterIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path LAB = ROOT.resolve("lab");
    private static final Path CLUSTER = ROOT.resolve("environment/slurm/cluster.sh");
    /** Bounds of the waits for jobs, in seconds. */
    private static final int JOB_WAIT = 600;

    private static Path dir;
    private static Path conf;
    /** Tests that passed: the temp folder (stores, logs, daemon state) is deleted only when all did. */
    private static int passed;

    record Out(int exit, String text) {
    }

    static Out exec(Map<String, String> env, int timeoutSeconds, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        StringBuilder sb = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                sb.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                sb.append("(output lost: ").append(e.getMessage()).append(')');
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(5000);
            fail(String.join(" ", cmd) + " did not end within " + timeoutSeconds + " s:\n" + sb);
        }
        reader.join();
        return new Out(p.exitValue(), sb.toString());
    }

    static Out slurm(String... cmd) throws IOException, InterruptedException {
        return exec(Map.of("SLURM_CONF", conf.toString()), 300, cmd);
    }

    static Out lab(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(LAB.toString()));
        cmd.addAll(List.of(args));
        return exec(Map.of("SLURM_CONF", conf.toString()), 900, cmd.toArray(String[]::new));
    }

    @BeforeAll
    static void startCluster() throws Exception {
        // Short: the munge socket's path must fit a Unix socket address (108 bytes).
        dir = Files.createTempDirectory(Path.of("/tmp"), "lab-slurm-");
        conf = dir.resolve("cluster/slurm.conf");
        Out o = exec(Map.of(), 180, CLUSTER.toString(), "start", dir.resolve("cluster").toString());
        System.out.println(o.text());
        if (o.exit() != 0) {
            fail("the single-node SLURM cluster did not start (environment/slurm/cluster.sh start):\n" + o.text());
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (dir != null) {
            Out o = exec(Map.of(), 120, CLUSTER.toString(), "stop", dir.resolve("cluster").toString());
            System.out.println(o.text());
            Out s = exec(Map.of(), 60, CLUSTER.toString(), "status", dir.resolve("cluster").toString());
            assertTrue(s.text().contains("munged     not running") && s.text().contains("slurmctld  not running")
                    && s.text().contains("slurmd     not running"), "daemons left running:\n" + s.text());
            if (passed == 2) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            } else {
                System.out.println("kept " + dir + " (stores, task logs, daemon logs) for a look");
            }
        }
    }

    private static final Pattern SUBMITTED = Pattern.compile("submitted job (\\d+): (\\d+) array tasks? \\(shards? ([0-9,-]+) of (\\d+)\\)");

    /** Submits through ./lab; returns the job id and the array spec it printed. */
    static String[] submit(Path sweep, Path store, int tasks, int cpus) throws Exception {
        Out o = lab("sweep", sweep.toString(), "--slurm", "--tasks", Integer.toString(tasks), "--cpus", Integer.toString(cpus),
                "--time", "10", "--store", store.toString());
        Matcher m = SUBMITTED.matcher(o.text());
        assertTrue(o.exit() == 0 && m.find(), "./lab sweep --slurm failed:\n" + o.text());
        assertTrue(o.text().contains("watch   squeue -j " + m.group(1)), o.text());
        return new String[] {m.group(1), m.group(3)};
    }

    /** Waits until no task of {@code job} is queued or running. */
    static void await(String job, Path store) throws Exception {
        long deadline = System.nanoTime() + JOB_WAIT * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Out q = slurm("squeue", "-h", "-j", job, "-o", "%i %T");
            if (q.exit() == 0 && q.text().isBlank()) {
                return;
            }
            Thread.sleep(500);
        }
        Out q = slurm("squeue", "-a");
        slurm("scancel", job);
        fail("job " + job + " did not end within " + JOB_WAIT + " s (cancelled now):\n" + q.text() + logs(store));
    }

    static String logs(Path store) throws IOException {
        StringBuilder sb = new StringBuilder();
        Path logs = store.resolve(".slurm/logs");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> s = Files.list(logs)) {
                for (Path f : s.sorted().toList()) {
                    sb.append("\n--- ").append(f.getFileName()).append(":\n").append(Files.readString(f));
                }
            }
        }
        return sb.toString();
    }

    static final String SWEEP12 = """
            {"base": {"data": {"tasks": "moons+moons", "rowsPerTask": 200}, "model": {"shape": [4, 6, 6, 2]},
                      "training": {"maxEpochs": 20, "patience": 5}, "pruning": {"target": 20, "levels": 3}},
             "vary": {"model.hidden": [5, 6]}, "seeds": 6}
            """;

    /** Runs of several seconds each, so that a task can be cancelled in the middle of one. */
    static final String SWEEP_SLOW = """
            {"base": {"data": {"tasks": "moons+moons", "rowsPerTask": 1000}, "model": {"shape": [4, 24, 24, 2]},
                      "training": {"maxEpochs": 240, "patience": 240}, "pruning": {"target": 40, "levels": 8}},
             "seeds": 4}
            """;

    @Test
    @Order(1)
    void aTwelveRunSweepAsAFourTaskArrayEqualsTheSameSweepRunLocally() throws Exception {
        Path sweep = Files.writeString(dir.resolve("grid.json"), SWEEP12);
        Path store = dir.resolve("shared/runs");
        // 2 CPUs per task: each task computes its 3 runs 2 at a time (its threads follow the allocation).
        String[] job = submit(sweep, store, 4, 2);
        assertEquals("0-3", job[1]);
        await(job[0], store);

        Out status = lab("sweep", sweep.toString(), "--status", "--tasks", "4", "--store", store.toString());
        System.out.println(status.text());
        assertTrue(status.text().contains("  done 12, partial 0, missing 0, corrupt 0\n"), status.text() + logs(store));
        for (int k = 0; k < 4; k++) {
            Path log = store.resolve(".slurm/logs/lab-grid-" + job[0] + "_" + k + ".log");
            assertTrue(Files.exists(log), "no log of task " + k + logs(store));
            String text = Files.readString(log);
            assertTrue(text.contains("shard " + k + "/4, 2 CPUs") && text.contains("3 to compute on 2 threads")
                    && text.contains("sweep: 3/3 runs done"), text);
        }

        Path local = dir.resolve("local/runs");
        Out l = lab("sweep", sweep.toString(), "--threads", "2", "--store", local.toString());
        assertEquals(0, l.exit(), l.text());
        List<StoredRun> cluster = RunStore.at(store).list(true);
        List<StoredRun> mine = RunStore.at(local).list(true);
        assertEquals(12, cluster.size(), "runs in the cluster's store");
        assertEquals(mine.stream().map(StoredRun::hash).toList(), cluster.stream().map(StoredRun::hash).toList());
        for (int i = 0; i < 12; i++) {
            assertEquals(RunStatus.COMPLETE, cluster.get(i).status(), cluster.get(i).hash() + ": " + cluster.get(i).problem());
            Map<String, String> a = RunContent.of(cluster.get(i).dir());
            Map<String, String> b = RunContent.of(mine.get(i).dir());
            assertNull(RunContent.difference(a, b, true), "run " + cluster.get(i).hash());
            // Every array of the run was compared: 4 levels x 3 layers x (mask, trained) x (weights,
            // biases), and the initial weights and biases of the 3 layers, once, at level 0.
            assertEquals(4 * 3 * 4 + 3 * 2, a.keySet().stream().filter(k -> k.endsWith(".npy")).count(), "level files compared");
        }
        Out merged = lab("runs", "merge", local.toString(), "--store", store.toString());
        assertTrue(merged.exit() == 0 && merged.text().contains("12 runs there, 0 copied, 12 already here with the same results"),
                merged.text());
        // Nothing left: a second submission submits nothing.
        Out again = lab("sweep", sweep.toString(), "--slurm", "--tasks", "4", "--store", store.toString());
        assertTrue(again.exit() == 0 && again.text().contains("nothing to compute: 12 of 12 runs of grid.json are complete"),
                again.text());
        passed++;
    }

    @Test
    @Order(2)
    void aCancelledArrayTaskResumesWhenTheSweepIsSubmittedAgain() throws Exception {
        Path sweepFile = Files.writeString(dir.resolve("slow.json"), SWEEP_SLOW);
        Path store = dir.resolve("shared/slow");
        Sweep sweep = Sweep.read(sweepFile);
        String[] job = submit(sweepFile, store, 4, 1);
        RunStore rs = RunStore.at(store);

        // Wait for a run that is being computed and has stored two levels, and cancel its task.
        SweepStatus.Entry victim = null;
        long deadline = System.nanoTime() + JOB_WAIT * 1_000_000_000L;
        while (victim == null && System.nanoTime() < deadline) {
            for (SweepStatus.Entry e : SweepStatus.of(sweep, rs, 4).entries()) {
                if (e.state() == SweepStatus.State.PARTIAL && e.running() && e.levels() >= 2) {
                    victim = e;
                    break;
                }
            }
            Thread.sleep(100);
        }
        assertTrue(victim != null, "no run reached level 2 within " + JOB_WAIT + " s" + logs(store));
        Out cancel = slurm("scancel", job[0] + "_" + victim.shard());
        assertEquals(0, cancel.exit(), cancel.text());
        await(job[0], store);

        SweepStatus after = SweepStatus.of(sweep, rs, 4);
        System.out.println(after.format("slow.json"));
        SweepStatus.Entry cut = find(after, victim.hash());
        assertEquals(SweepStatus.State.PARTIAL, cut.state(), "the cancelled run\n" + after.format("slow.json") + logs(store));
        assertTrue(cut.levels() >= 2 && cut.levels() < cut.plannedLevels(), "levels of the cancelled run: " + cut);
        assertEquals(3, after.count(SweepStatus.State.DONE), after.format("slow.json") + logs(store));
        assertEquals(List.of(victim.shard()), after.shardsWithWork());

        // Submitted again: only the cancelled shard runs, and its run resumes where it stopped.
        String[] again = submit(sweepFile, store, 4, 1);
        assertEquals(Integer.toString(victim.shard()), again[1], "the resubmission's shards");
        await(again[0], store);
        SweepStatus done = SweepStatus.of(sweep, rs, 4);
        assertTrue(done.isDone(), done.format("slow.json") + logs(store));
        String log = Files.readString(store.resolve(".slurm/logs/lab-slow-" + again[0] + "_" + victim.shard() + ".log"));
        assertTrue(log.contains("run " + victim.hash() + ": resuming at level " + cut.levels()), log);

        StoredRun resumed = rs.get(victim.hash());
        JsonNode sessions = resumed.provenance().get("sessions");
        assertEquals(2, sessions.size(), "sessions of the resumed run: " + sessions);
        assertEquals(cut.levels(), sessions.get(1).get("firstLevel").asInt());

        // The resumed run equals the run computed in one go, locally.
        ExperimentConfig c = resumed.config();
        Path cfg = Files.writeString(dir.resolve("victim.json"), c.toJson());
        Path local = dir.resolve("local/slow");
        Out l = lab("imp", cfg.toString(), "--store", local.toString());
        assertEquals(0, l.exit(), l.text());
        StoredRun whole = RunStore.at(local).get(victim.hash());
        String hash = victim.hash();
        assertEquals(RunStatus.COMPLETE, RunStore.at(store).list(true).stream()
                .filter(r -> r.hash().equals(hash)).findFirst().orElseThrow().status());
        assertNull(RunContent.difference(RunContent.of(resumed.dir()), RunContent.of(whole.dir()), true),
                "the resumed run against the run computed in one go");
        assertEquals(1, new ObjectMapper().readTree(Files.readString(whole.dir().resolve("provenance.json")))
                .get("sessions").size());
        passed++;
    }

    private static SweepStatus.Entry find(SweepStatus s, String hash) {
        return s.entries().stream().filter(e -> e.hash().equals(hash)).findFirst().orElseThrow();
    }
}
