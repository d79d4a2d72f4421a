package org.lotterylab.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.DataSplit;
import org.lotterylab.metrics.LevelAnalysis;
import org.lotterylab.metrics.TaskLayout;
import org.lotterylab.model.ModelConfig;
import org.lotterylab.prune.Imp;
import org.lotterylab.prune.ImpListener;
import org.lotterylab.prune.ImpRun;
import org.lotterylab.prune.LevelResult;
import org.lotterylab.prune.PruneConfig;
import org.lotterylab.rng.Seeds;
import org.lotterylab.train.TrainConfig;
import org.lotterylab.train.Trainer;

/**
 * {@code ./lab bench}: the benchmark workload of shared/peers/README.md against the project's
 * PyTorch peer ({@code bench/peer_torch.py}) in the same session, alternating the two, one thread
 * each; then the memory check (a 20-level IMP on [4,410,410,2] in a 512 MB heap, with the
 * structure analysis of every level and its share of the run time) and the parallel speed-up of
 * independent runs; then the image workload ({@link ImageBench}: the thesis' shape on MNIST +
 * Fashion-MNIST against {@code bench/peer_torch_image.py}). Prints tables and one JSON line per
 * figure; {@code --image-only} and {@code --skip-image} choose the workloads.
 *
 * <p>Ratios, never absolute times, are the result: the machine is shared and its speed varies.
 * Our side is measured warm (after 3 s of untimed runs of the workload in the same JVM)
 * because notebook kernels and sweeps are long-lived JVMs; the peer is measured as it runs, in a
 * fresh process. Each width runs in fresh JVMs of its own ({@code --forks}, 3 by default), as JMH forks each
 * benchmark, and the figures are medians over all their rounds. Warmed up together, the 40-wide
 * run's profile made C2 compile the shared kernels 6% slower for the 410-wide one (16.2 against
 * 15.2 ms/epoch); and the same code varies more between JVMs than within one (14.4 to 16.3
 * ms/epoch over 8 JVMs, measured), so one JVM per width could report either end.
 */
public final class Bench {
    private static final double RATE = 0.32;
    /** Seconds of untimed runs before the timed rounds, in each JVM. */
    private static final double WARM_UP_S = 3;

    private Bench() {
    }

    /** Entry point; see {@link #usage()}. */
    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static String usage() {
        return """
                usage: lab bench [--forks F] [--rounds N] [--epochs E] [--levels L] [--hidden H,...] [--no-peer]
                                 [--skip-memory] [--skip-parallel] [--image-only | --skip-image]
                                 [--image-epochs E] [--image-rounds N] [--image-thesis]
                  toy workload (circles+moons, [4,h,h,2]): F JVMs per width x N rounds, E epochs per level, L levels;
                    then the parallel speed-up of independent runs and the 512 MB memory check
                  image workload (mnist+fashion, [1568,784,392,20], batch 512; ImageBench): ms/epoch at densities
                    100%, 14%, 2%, 0.4% (N rounds, default 3, of E epochs, default 2), dense GFLOP/s, a 20-level run
                    of E epochs per level, that run on 2 threads against 1, and its heap in -Xmx2g
                  --no-peer: our side only, --skip-parallel: no parallel speed-up (both workloads);
                  --skip-memory: no toy memory check (the image run's heap comes free with its 1-thread run);
                  --image-only: the image workload alone; --skip-image: the toy workload alone;
                  --image-thesis: the 20-level run trains each level to early stopping as the thesis does (its
                    peer the same epochs per level, about 30 min), one pair of runs""";
    }

    static int run(String[] args) throws Exception {
        int forks = 3;
        int rounds = 3;
        int epochs = 30;
        int levels = 3;
        int[] hidden = {40, 410};
        boolean peer = true;
        boolean memory = true;
        boolean parallel = true;
        boolean child = false;
        boolean toy = true;
        boolean image = true;
        int imageEpochs = 2;
        int imageRounds = 3;
        int imageThreads = 1;
        boolean imageThesis = false;
        String imageChild = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--forks" -> forks = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--levels" -> levels = Integer.parseInt(args[++i]);
                case "--hidden" -> hidden = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--no-peer" -> peer = false;
                case "--skip-memory" -> memory = false;
                case "--skip-parallel" -> parallel = false;
                case "--memory-child" -> {
                    memoryChild();
                    return 0;
                }
                case "--width-child" -> child = true;
                case "--image-only" -> toy = false;
                case "--skip-image" -> image = false;
                case "--image-epochs" -> imageEpochs = Integer.parseInt(args[++i]);
                case "--image-rounds" -> imageRounds = Integer.parseInt(args[++i]);
                case "--image-threads" -> imageThreads = Integer.parseInt(args[++i]);
                case "--image-thesis" -> imageThesis = true;
                case "--image-density-child", "--image-run-child" -> imageChild = args[i];
                case "--help", "-h" -> {
                    System.out.println(usage());
                    return 0;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + "\n" + usage());
                    return 2;
                }
            }
        }
        Path peerScript = findPeer();
        if (peer && peerScript == null) {
            System.err.println("bench/peer_torch.py not found; run from the project root, or pass --no-peer");
            return 1;
        }
        if (!toy && !image) {
            System.err.println("--image-only and --skip-image leave nothing to run\n" + usage());
            return 2;
        }
        if (imageEpochs < 1 || imageRounds < 1 || imageThreads < 1) {
            System.err.println("--image-epochs, --image-rounds and --image-threads must be >= 1\n" + usage());
            return 2;
        }
        if (child) {
            measureRounds(hidden, rounds, epochs, levels, peer ? peerScript : null);
            return 0;
        }
        Path imagePeer = peer ? peerScript.resolveSibling("peer_torch_image.py") : null;
        if (imagePeer != null && image && !Files.exists(imagePeer)) {
            System.err.println(imagePeer + " not found; run from the project root, or pass --no-peer");
            return 1;
        }
        if ("--image-density-child".equals(imageChild)) {
            ImageBench.densityChild(imageRounds, imageEpochs, imagePeer);
            return 0;
        }
        if ("--image-run-child".equals(imageChild)) {
            ImageBench.runChild(imageThreads, imageEpochs, imagePeer, imageThesis);
            return 0;
        }
        String missing = image ? ImageBench.missing() : null;
        if (missing == null && peer) {
            missing = peerProblem(peerScript.getParent());
        }
        if (missing != null) {
            System.err.println("error: " + missing);
            return 1;
        }
        List<String> json = new ArrayList<>();
        if (toy) {
            toy(json, forks, rounds, epochs, levels, hidden, peer, memory, parallel);
        }
        if (image) {
            json.addAll(ImageBench.run(imageRounds, imageEpochs, imagePeer, parallel, imageThesis));
        }
        json.forEach(System.out::println);
        return 0;
    }

    /** The toy workload: the width comparison, then the parallel speed-up and the memory check; adds its JSON lines. */
    private static void toy(List<String> json, int forks, int rounds, int epochs, int levels, int[] hidden, boolean peer,
                            boolean memory, boolean parallel) throws Exception {
        System.out.printf(Locale.ROOT, "workload: IMP on circles+moons, [4,h,h,2], batch 64, %d levels at rate %.2f,"
                + " %d fixed epochs per level, 1 thread; kernel %s; %d JVMs per width x %d rounds, alternating;"
                + " JVM options %s%n", levels, RATE, epochs, Trainer.kernelName(), forks, rounds, jvmOptions());
        List<String> rows = new ArrayList<>();
        for (int h : hidden) {
            List<String> a = new ArrayList<>(List.of("--width-child", "--hidden", String.valueOf(h), "--rounds",
                    String.valueOf(rounds), "--epochs", String.valueOf(epochs), "--levels", String.valueOf(levels)));
            if (!peer) {
                a.add("--no-peer");
            }
            List<double[]> all = new ArrayList<>();
            for (int f = 1; f <= forks; f++) {
                List<double[]> rs = child("-Xmx4g", a, "the " + h + "-wide benchmark").stream()
                        .map(Bench::round).toList();
                all.addAll(rs);
                System.out.printf(Locale.ROOT, "  %d wide, JVM %d/%d: ours %.3f ms/epoch, peer %.3f (medians of %d rounds)%n",
                        h, f, forks, median(rs, 0), median(rs, 1), rs.size());
            }
            double o = median(all, 0);
            double p = median(all, 1);
            double q = median(all, 2);
            rows.add(String.format(Locale.ROOT, "%-8d %14.3f %14.3f %7.2fx %16.3f %7.2fx", h, o, p, p / o, q, q / o));
            json.add(String.format(Locale.ROOT,
                    "{\"hidden\": %d, \"ours_ms_per_epoch\": %.4f, \"peer_ms_per_epoch\": %.4f, \"ratio\": %.3f,"
                            + " \"shared_ref_ms_per_epoch\": %.4f, \"shared_ref_ratio\": %.3f, \"jvms\": %d, \"rounds\": %d}",
                    h, o, p, p / o, q, q / o, forks, all.size()));
        }
        System.out.printf("%-8s %14s %14s %8s %16s %8s%n", "hidden", "ours ms/epoch", "peer ms/epoch", "ratio",
                "shared-ref ms/ep", "ratio");
        rows.forEach(System.out::println);
        if (parallel) {
            json.add(parallelSpeedup(benchData()));
        }
        if (memory) {
            json.addAll(child("-Xmx512m", List.of("--memory-child"), "the 20-level [4,410,410,2] run in a 512 MB heap"));
        }
    }

    /**
     * The child side of the width comparison: warms up, then prints one JSON line per round,
     * {@code {"ours": ms, "peer": ms, "ref": ms}}, for the parent to take medians over all its
     * JVMs; the peers are NaN when {@code peerScript} is null.
     */
    private static void measureRounds(int[] hidden, int rounds, int epochs, int levels, Path peerScript)
            throws IOException, InterruptedException {
        // The shared reference peer (shared/peers/ beside the clone), run too when present as a cross-check.
        Path sharedPeer = peerScript == null ? null
                : peerScript.getParent().getParent().resolveSibling("shared/peers/torch_imp.py");
        if (sharedPeer != null && !Files.exists(sharedPeer)) {
            sharedPeer = null;
        }
        DataSplit data = benchData();
        // JIT warm-up: the whole workload, repeated for at least WARM_UP_S. One short level (30 ms
        // at 40 wide) left the first timed rounds partly in C1 code: 0.88 against 0.47 ms/epoch.
        for (int h : hidden) {
            long until = System.nanoTime() + (long) (WARM_UP_S * 1e9);
            do {
                imp(data, h, levels, epochs);
            } while (System.nanoTime() < until);
        }
        for (int h : hidden) {
            for (int r = 0; r < rounds; r++) {
                double ours = msPerEpoch(data, h, levels, epochs);
                double theirs = peerScript != null ? peerMsPerEpoch(peerScript, h, levels, epochs) : Double.NaN;
                double ref = sharedPeer != null ? peerMsPerEpoch(sharedPeer, h, levels, epochs) : Double.NaN;
                System.out.printf(Locale.ROOT, "{\"ours\": %.5f, \"peer\": %.5f, \"ref\": %.5f}%n", ours, theirs, ref);
            }
        }
    }

    /** A child's round line as {ours, peer, ref} (NaN where not measured). */
    private static double[] round(String line) {
        return new double[] {number(line, "ours"), number(line, "peer"), number(line, "ref")};
    }

    /** The number after {@code "key": } in a one-line JSON object; {@code NaN} and {@code null} read as NaN. */
    static double number(String json, String key) {
        String k = "\"" + key + "\": ";
        int at = json.lastIndexOf(k);
        if (at < 0) {
            throw new IllegalArgumentException("no " + key + " in: " + json);
        }
        int from = at + k.length();
        int end = from;
        while (end < json.length() && ",}\n".indexOf(json.charAt(end)) < 0) {
            end++;
        }
        String v = json.substring(from, end).trim();
        return v.equals("null") ? Double.NaN : Double.parseDouble(v);
    }

    /** 1000 training rows and 1000 validation rows, as in the peer. */
    static DataSplit benchData() {
        return DataConfig.builder().tasks(DataConfig.circlesMoons().tasks()).split(0.5, 0.5).build().generate(0);
    }

    private static ImpRun imp(DataSplit data, int h, int levels, int epochs) {
        TrainConfig train = TrainConfig.builder().fixedEpochs(epochs).build();
        PruneConfig prune = PruneConfig.builder().rate(RATE).levels(levels).build();
        return Imp.of(data, ModelConfig.of(4, h, h, 2), train, prune, Seeds.of(0)).run();
    }

    private static double msPerEpoch(DataSplit data, int h, int levels, int epochs) {
        long t0 = System.nanoTime();
        imp(data, h, levels, epochs);
        return (System.nanoTime() - t0) / 1e6 / ((levels + 1) * epochs);
    }

    private static double peerMsPerEpoch(Path script, int h, int levels, int epochs) throws IOException, InterruptedException {
        Process p = peerProcess("/usr/bin/python3", script.toString(), "--hidden", String.valueOf(h),
                "--levels", String.valueOf(levels), "--epochs", String.valueOf(epochs), "--threads", "1").start();
        String out;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            out = r.lines().reduce("", (a, b) -> a + b + "\n");
        }
        if (p.waitFor() != 0) {
            throw new IOException("the peer " + script + " failed (is python3-torch installed? ./lab bench installs it):\n" + out);
        }
        try {
            return number(out, "ms_per_epoch");
        } catch (IllegalArgumentException e) {
            throw new IOException("no ms_per_epoch in the peer's output:\n" + out, e);
        }
    }

    /**
     * A peer's process, its output and errors in one stream, on one thread: as its
     * {@code --threads 1} says, also for the OpenMP and BLAS pools torch and numpy may start
     * (Debian's OpenBLAS starts one thread per core unless told).
     */
    static ProcessBuilder peerProcess(String... command) {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        for (String v : List.of("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")) {
            b.environment().put(v, "1");
        }
        return b;
    }

    /**
     * Why the peers in {@code peerDir} cannot run or cannot be timed fairly, as a message naming
     * the fix: torch (or numpy) is not installed for /usr/bin/python3, or torch multiplies with
     * the reference BLAS ({@code peer_lottery.blas()}); null when they can. One Python start,
     * before anything is measured.
     */
    static String peerProblem(Path peerDir) throws InterruptedException {
        String out = python(peerDir, "import numpy, peer_lottery; peer_lottery.blas()");
        if (out == null) {
            return null;
        }
        if (out.contains("No module named 'torch'") || out.contains("No module named 'numpy'")) {
            return "the PyTorch peers need PyTorch for /usr/bin/python3: the Debian package python3-torch"
                    + " (numpy comes with it). ./lab bench installs it when missing (apt-get install python3-torch);"
                    + " or pass --no-peer";
        }
        return out.strip().replaceFirst("^error: ", "") + "\n(or pass --no-peer)";
    }

    /** Runs {@code code} in /usr/bin/python3 from {@code dir}; null if it exits with 0, else its output. */
    private static String python(Path dir, String code) throws InterruptedException {
        try {
            Process p = peerProcess("/usr/bin/python3", "-c", code).directory(dir.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? null : out.isBlank() ? "/usr/bin/python3 -c \"" + code + "\" failed" : out;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** The string value of {@code key} in a flat JSON line of a peer's; "?" when absent. */
    static String text(String json, String key) {
        String k = "\"" + key + "\": \"";
        int at = json.indexOf(k);
        return at < 0 ? "?" : json.substring(at + k.length(), json.indexOf('"', at + k.length()));
    }

    private static Path findPeer() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("bench/peer_torch.py");
            if (Files.exists(p)) {
                return p;
            }
        }
        return null;
    }

    /** The median of column {@code col} of {@code rows}. */
    static double median(List<double[]> rows, int col) {
        double[] s = rows.stream().mapToDouble(r -> r[col]).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** {@code runs} independent 40-wide IMP runs on {@code pool}, one thread each; returns when all are done. */
    private static void inParallel(ExecutorService pool, DataSplit data, int runs) throws Exception {
        List<Future<ImpRun>> fs = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            fs.add(pool.submit(() -> imp(data, 40, 10, 60)));
        }
        for (Future<ImpRun> f : fs) {
            f.get();
        }
    }

    /** Independent runs sequentially, then on every core; one thread per run. */
    private static String parallelSpeedup(DataSplit data) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        int runs = 2 * cores;
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        // Warm-up, untimed: until C2 has compiled the kernels, its threads compete for the cores
        // (after one pass the speed-up still measured 1.74x, after three 1.9x and more).
        for (int w = 0; w < 3; w++) {
            inParallel(pool, data, runs);
        }
        long t0 = System.nanoTime();
        for (int r = 0; r < runs; r++) {
            imp(data, 40, 10, 60);
        }
        double seq = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        inParallel(pool, data, runs);
        double par = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        System.out.printf(Locale.ROOT, "parallel: %d independent runs ([4,40,40,2], 10 levels x 60 epochs): %.2f s on 1 thread,"
                + " %.2f s on %d threads: speed-up %.2fx%n", runs, seq, par, cores, seq / par);
        return String.format(Locale.ROOT, "{\"parallel_runs\": %d, \"cores\": %d, \"sequential_s\": %.3f, \"parallel_s\": %.3f,"
                + " \"speedup\": %.3f}", runs, cores, seq, par, seq / par);
    }

    /**
     * This JVM's options (as {@code ./lab} launched it: see the launcher's {@code JVM_OPTIONS}),
     * which the child JVMs get too, so that the benchmark measures what users run. Left out: the
     * heap size (each child sets its own) and agents, debuggers and recordings, which would
     * clash between processes.
     */
    private static List<String> jvmOptions() {
        List<String> skip = List.of("-Xmx", "-Xms", "-agentlib", "-agentpath", "-javaagent", "-Xrunjdwp",
                "-XX:StartFlightRecording");
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(o -> skip.stream().noneMatch(o::startsWith)).toList();
    }

    /**
     * Runs this benchmark with {@code args} in a fresh JVM with heap option {@code heap}, this
     * JVM's other options ({@link #jvmOptions()}), passes
     * on what it prints and returns its JSON lines; {@code what} names it in the error if it fails.
     */
    static List<String> child(String heap, List<String> args, String what) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, heap));
        cmd.addAll(jvmOptions());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Bench.class.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> json = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("{")) {
                    json.add(line);
                } else if (!line.startsWith("WARNING: Using incubator")) {
                    System.out.println(line);
                }
            }
        }
        if (p.waitFor() != 0) {
            throw new IOException(what + " failed (exit " + p.exitValue() + ")");
        }
        return json;
    }

    /**
     * A 20-level IMP on [4,410,410,2] with early stopping (at most 60 epochs per level), every level
     * kept in memory as the driver does, and the structure analysis of every level timed.
     */
    private static void memoryChild() {
        DataSplit data = benchData();
        TrainConfig train = TrainConfig.builder().maxEpochs(60).build();
        PruneConfig prune = PruneConfig.builder().target(2000).levels(20).build();
        long[] analysisNanos = {0};
        TaskLayout tasks = TaskLayout.pairs(2);
        long t0 = System.nanoTime();
        ImpRun run = Imp.of(data, ModelConfig.of(4, 410, 410, 2), train, prune, Seeds.of(0)).listen(new ImpListener() {
            @Override
            public Control onLevel(LevelResult level) {
                long a = System.nanoTime();
                LevelAnalysis.of(level.level(), level.trained(), level.initial(), null, tasks, false);
                analysisNanos[0] += System.nanoTime() - a;
                System.out.printf(Locale.ROOT, "  memory run: level %d/20, %d weights, %d epochs%n", level.level(),
                        level.mask().keptWeights(), level.training().epochs());
                return Control.CONTINUE;
            }
        }).run();
        double total = (System.nanoTime() - t0) / 1e9;
        long peak = peakHeapBytes();
        long live = liveHeapBytes();
        double analysis = analysisNanos[0] / 1e9;
        System.out.printf(Locale.ROOT, "memory: 20-level IMP on [4,410,410,2] in -Xmx512m: %d levels kept, live heap %.0f MB"
                + " (peak before collection %.0f MB); structure analysis %.2f s of %.2f s (%.1f%%)%n", run.levels().size(),
                live / 1e6, peak / 1e6, analysis, total, 100 * analysis / total);
        System.out.printf(Locale.ROOT, "{\"memory_levels\": %d, \"heap_limit_mb\": 512, \"live_heap_mb\": %.1f,"
                + " \"peak_heap_mb\": %.1f, \"analysis_s\": %.3f, \"run_s\": %.3f, \"analysis_share\": %.4f}%n",
                run.levels().size(), live / 1e6, peak / 1e6, analysis, total, analysis / total);
    }

    /** The summed peak use of the heap's memory pools since the JVM started, in bytes. */
    static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /**
     * The heap in use after a collection, in bytes: what a run really holds (its levels'
     * networks and masks, the rows), where the peak also counts garbage the collector had no
     * reason to reclaim yet.
     */
    static long liveHeapBytes() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
