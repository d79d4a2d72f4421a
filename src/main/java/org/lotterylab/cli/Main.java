package org.lotterylab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lotterylab.cluster.Merge;
import org.lotterylab.cluster.SlurmJob;
import org.lotterylab.cluster.SweepStatus;
import org.lotterylab.config.Schema;
import org.lotterylab.experiment.ConfigException;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.progress.Progress;
import org.lotterylab.prune.ImpListener;
import org.lotterylab.prune.Schedule;
import org.lotterylab.store.CorruptRunException;
import org.lotterylab.store.RunStatus;
import org.lotterylab.store.RunStore;
import org.lotterylab.store.Runs;
import org.lotterylab.store.StoredRun;
import org.lotterylab.sweep.Sweep;
import tech.tablesaw.api.Table;

/**
 * {@code ./lab <verb> args}. Exit codes: 0 success, 1 bad input or a failed run (one line on
 * stderr naming the problem and the fix; the stack trace only with {@code LAB_DEBUG=1}), 2 an
 * unknown verb (usage on stderr). Progress goes to stderr as plain lines (a run's levels and a
 * sweep's runs done at most every 0.5 s, and always the last state), results to stdout. The run store is
 * {@link RunStore#defaultRoot()} unless {@code --store DIR} is given.
 */
public final class Main {

    /** One verb: runs with the arguments after the verb; returns the exit code. */
    @FunctionalInterface
    public interface Handler {
        int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
    }

    private record Verb(String usage, Handler handler) {
    }

    private static final Map<String, Verb> VERBS = new LinkedHashMap<>();

    static {
        register("imp", "imp CONFIG.json [--store DIR]            run (or load) one IMP run, print its summary", Main::imp);
        register("sweep", "sweep SWEEP.json [--threads N] [--shard i/n] [--store DIR]  run a sweep, skipping stored runs\n"
                + "  sweep SWEEP.json --slurm [--tasks N] [--cpus C] [--partition P] [--time T] [--dry-run] [--store DIR]\n"
                + "                                           submit it as a SLURM array job, one task per shard (docs/cluster.md)\n"
                + "  sweep SWEEP.json --status [--tasks N] [--store DIR]  runs done, partial and missing (per shard with --tasks)",
                Main::sweep);
        register("runs", "runs [FIELD=VALUE ...] [--verify] [--store DIR]  list stored runs (filter on table columns)\n"
                + "  runs merge OTHER_STORE [--store DIR]     copy the verified runs of another store; a different run"
                + " of the same hash is refused", Main::runs);
        register("show", "show RUN [--store DIR]                   config, provenance and level table of one run (hash prefix)\n"
                + "  show RUN --graphml DIR [--level T]       write the trained network of every level (or of level T)"
                + " as DIR/level-NNN.graphml", Main::show);
        register("schedule", "schedule --shape 4,8,8,2 (--target PT | --rate p) --levels L [--extend E] [--biases]  print the trajectory as JSON", Main::schedule);
        register("help", "help [config]                            this text, or every config field with its default", Main::help);
    }

    private Main() {
    }

    /**
     * Adds a verb: the extension point for commands that live outside this class.
     */
    public static void register(String verb, String usage, Handler handler) {
        VERBS.put(verb, new Verb(usage, handler));
    }

    static String usage() {
        StringBuilder sb = new StringBuilder("usage: ./lab <verb> [args]\n\nverbs:\n");
        VERBS.values().forEach(v -> sb.append("  ").append(v.usage).append('\n'));
        sb.append("\nThe run store is $LAB_HOME/data/runs or <project>/data/runs; --store DIR overrides it.\n"
                + "Config fields, their defaults and ranges: ./lab help-cli config. Set LAB_DEBUG=1 for stack traces.\n");
        return sb.toString();
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command line and returns its exit code (for tests). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(usage());
            return 2;
        }
        Verb v = VERBS.get(args[0]);
        if (v == null) {
            err.println("unknown verb \"" + args[0] + "\"");
            err.print(usage());
            return 2;
        }
        try {
            return v.handler.run(List.of(args).subList(1, args.length), out, err);
        } catch (Throwable e) {
            if ("1".equals(System.getenv("LAB_DEBUG"))) {
                e.printStackTrace(err);
            }
            err.println("lab " + args[0] + ": " + message(e).replace('\n', ' '));
            return 1;
        }
    }

    /** One line for a failure: the message of a known kind, the JVM's limit for an Error. */
    static String message(Throwable e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof OutOfMemoryError) {
            return String.format(Locale.ROOT, "ran out of memory (the Java heap is %.1f GB): %s; use a smaller model.shape,"
                    + " data.rowsPerTask or sweep --threads, or give Java more heap (-Xmx); no partial run was kept",
                    Runtime.getRuntime().maxMemory() / 1e9, msg);
        }
        if (e instanceof StackOverflowError) {
            return "the Java stack overflowed (StackOverflowError); this is a bug: rerun with LAB_DEBUG=1 and report the trace";
        }
        boolean known = e instanceof IllegalArgumentException || e instanceof CorruptRunException
                || e instanceof Sweep.SweepException || e instanceof java.io.UncheckedIOException;
        return (known ? "" : e.getClass().getSimpleName() + ": ") + msg;
    }

    static int help(List<String> a, PrintStream out, PrintStream err) {
        if (a.isEmpty()) {
            out.print(usage());
            return 0;
        }
        if (!a.equals(List.of("config"))) {
            throw new ConfigException("help takes nothing or \"config\", got " + a + "; see ./lab help");
        }
        out.print(configHelp());
        return 0;
    }

    /** Every config field: dotted name, JSON type, default, range and meaning, from the declarations. */
    static String configHelp() {
        StringBuilder sb = new StringBuilder("Config fields (JSON; every field may be omitted and takes its default):\n\n");
        for (Schema.Entry e : ExperimentConfig.fields()) {
            Schema.Field f = e.field();
            sb.append("  ").append(e.path()).append("  ").append(f.typeName());
            if (!f.defaultText().startsWith("(")) {
                sb.append(", default ").append(f.defaultText());
            }
            if (!f.range().isEmpty()) {
                sb.append(", in ").append(f.range());
            }
            sb.append("\n      ").append(f.doc()).append('\n');
        }
        sb.append("\nSweeps also accept the shorthands ").append(String.join(", ", Sweep.shorthands()))
                .append(" (see Sweep).\n");
        return sb.toString();
    }

    // ------------------------------------------------------------------ argument parsing

    /** Options ({@code --name value} or {@code --flag}) and positional arguments. */
    static final class Args {
        final List<String> positional = new ArrayList<>();
        final Map<String, String> options = new LinkedHashMap<>();

        final PrintStream err;

        Args(PrintStream err, List<String> args, List<String> valued, List<String> flags) {
            this.err = err;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.startsWith("--")) {
                    String name = a.substring(2);
                    String val = null;
                    int eq = name.indexOf('=');
                    if (eq >= 0) {
                        val = name.substring(eq + 1);
                        name = name.substring(0, eq);
                    }
                    if (valued.contains(name)) {
                        if (val == null) {
                            if (i + 1 >= args.size()) {
                                throw new ConfigException("--" + name + " needs a value");
                            }
                            val = args.get(++i);
                        }
                        options.put(name, val);
                    } else if (flags.contains(name) && val == null) {
                        options.put(name, "true");
                    } else {
                        List<String> all = new ArrayList<>(valued);
                        all.addAll(flags);
                        throw new ConfigException("unknown option " + a + "; options here: --" + String.join(", --", all));
                    }
                } else {
                    positional.add(a);
                }
            }
        }

        int integer(String name, int dflt) {
            String v = options.get(name);
            if (v == null) {
                return dflt;
            }
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new ConfigException("--" + name + " must be an integer, got \"" + v + "\"");
            }
        }

        RunStore store() {
            String s = options.get("store");
            if (s != null && Files.exists(Path.of(s)) && !Files.isDirectory(Path.of(s))) {
                throw new ConfigException("--store " + s + " is a file, not a folder: give the run store's folder"
                        + " (it is created when missing), e.g. --store data/runs");
            }
            return (s == null ? RunStore.open() : RunStore.at(Path.of(s))).withProgress(progress());
        }

        /** Progress to this command's stderr: every line, statuses throttled ({@link Progress#status()}). */
        Progress progress() {
            return text -> {
                synchronized (err) {
                    err.println(text);
                }
            };
        }

        String one(String what) {
            if (positional.size() != 1) {
                throw new ConfigException("expected exactly one " + what + ", got " + positional.size()
                        + " arguments " + positional + "; see ./lab help");
            }
            return positional.get(0);
        }
    }

    // ------------------------------------------------------------------ verbs

    static int imp(List<String> a, PrintStream out, PrintStream err) throws IOException {
        Args args = new Args(err, a, List.of("store"), List.of());
        ExperimentConfig c = ExperimentConfig.read(Path.of(args.one("CONFIG.json")));
        RunStore store = args.store();
        StoredRun r = runOrRemove(store, c);
        out.println("run " + r.hash() + " " + r.status().name().toLowerCase(Locale.ROOT) + " in " + r.dir());
        out.print(r.summary().orElseThrow().toJson());
        return 0;
    }

    static int sweep(List<String> a, PrintStream out, PrintStream err) {
        Args args = new Args(err, a, List.of("threads", "shard", "store", "tasks", "cpus", "partition", "time"),
                List.of("slurm", "status", "dry-run"));
        Path file = Path.of(args.one("SWEEP.json"));
        Sweep s = Sweep.read(file);
        if (args.options.containsKey("slurm") || args.options.containsKey("status")) {
            return cluster(args, file, s, out);
        }
        for (String o : List.of("tasks", "cpus", "partition", "time", "dry-run")) {
            if (args.options.containsKey(o)) {
                throw new ConfigException("--" + o + " goes with --slurm (or --tasks with --status); see ./lab help-cli");
            }
        }
        if (args.options.containsKey("threads")) {
            s.threads(args.integer("threads", 1));
        }
        String shard = args.options.get("shard");
        if (shard != null) {
            String[] p = shard.split("/");
            try {
                s.shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
            } catch (RuntimeException e) {
                if (e instanceof ConfigException ce) {
                    throw ce;
                }
                throw new ConfigException("--shard must be i/n with 0 <= i < n, e.g. --shard 0/4; got \"" + shard + "\"");
            }
        }
        RunStore store = args.store();
        s.configs().forEach(ExperimentConfig::checkFits);
        Runs runs = s.progress(args.progress()).run(store);
        out.println(runTable(runs).printAll());
        return 0;
    }

    /** {@code sweep --slurm} and {@code sweep --status} (org.lotterylab.cluster). */
    private static int cluster(Args args, Path file, Sweep s, PrintStream out) {
        boolean slurm = args.options.containsKey("slurm");
        boolean status = args.options.containsKey("status");
        for (String o : List.of("shard", "threads")) {
            if (args.options.containsKey(o)) {
                throw new ConfigException("--" + o + " is for running a sweep here; --slurm and --status take the whole"
                        + " sweep (each array task gets its --shard and --threads from the allocation)");
            }
        }
        if (slurm && status) {
            throw new ConfigException("give --slurm (submit) or --status (progress), not both");
        }
        if (args.options.containsKey("tasks") && args.integer("tasks", 0) < 1) {
            throw new ConfigException("--tasks must be >= 1 (the number of array tasks, one shard each), got "
                    + args.options.get("tasks"));
        }
        RunStore store = args.store();
        if (status) {
            for (String o : List.of("cpus", "partition", "time", "dry-run")) {
                if (args.options.containsKey(o)) {
                    throw new ConfigException("--" + o + " goes with --slurm, not --status");
                }
            }
            out.print(SweepStatus.of(s, store, args.integer("tasks", 1)).format(file.toString()));
            return 0;
        }
        SlurmJob.Options o = new SlurmJob.Options(args.integer("tasks", 0), args.integer("cpus", 1),
                args.options.get("partition"), args.options.get("time"));
        return SlurmJob.submit(file, s, store, o, args.options.containsKey("dry-run"), out);
    }

    /**
     * Runs {@code c}; should the JVM fail with an {@link Error} (out of memory) in a run this call
     * started, its half-made directory is removed, so that no partial run outlives the failure.
     */
    static StoredRun runOrRemove(RunStore store, ExperimentConfig c, ImpListener... extra) throws IOException {
        Path dir = store.dir(c);
        boolean existed = Files.exists(dir);
        try {
            return store.run(c, extra);
        } catch (Error e) {
            if (!existed && Files.exists(dir)) {
                try (var paths = Files.walk(dir)) {
                    for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
            throw e;
        }
    }

    static int runs(List<String> a, PrintStream out, PrintStream err) {
        if (!a.isEmpty() && a.get(0).equals("merge")) {
            Args m = new Args(err, a.subList(1, a.size()), List.of("store"), List.of());
            Path from = Path.of(m.one("OTHER_STORE (the folder of another run store)"));
            RunStore into = m.store();
            return Merge.report(Merge.merge(from, into), from, into, out);
        }
        Args args = new Args(err, a, List.of("store"), List.of("verify"));
        RunStore store = args.store();
        boolean verify = args.options.containsKey("verify");
        Runs runs = Runs.of(store.list(verify));
        Table t = runTable(runs);
        for (String f : args.positional) {
            int eq = f.indexOf('=');
            if (eq < 1) {
                throw new ConfigException("filter \"" + f + "\" must be COLUMN=VALUE, e.g. data=moons+moons or hidden=40; columns: "
                        + t.columnNames());
            }
            String col = f.substring(0, eq);
            String val = f.substring(eq + 1);
            Table full = runs.summary();
            if (!full.columnNames().contains(col)) {
                throw new ConfigException("filter column \"" + col + "\" is unknown; use one of " + full.columnNames());
            }
            List<Integer> keep = new ArrayList<>();
            for (int r = 0; r < full.rowCount(); r++) {
                if (full.column(col).getString(r).equals(val) || matchesNumber(full.column(col).getString(r), val)) {
                    keep.add(r);
                }
            }
            runs = subset(runs, keep);
            t = runTable(runs);
        }
        out.println(t.rowCount() == 0 ? "no stored runs in " + store.root() : t.printAll());
        if (verify) {
            long bad = runs.list().stream().filter(r -> r.status() == RunStatus.CORRUPT).count();
            long unsealed = 0;
            for (StoredRun r : runs) {
                if (r.status() == RunStatus.CORRUPT) {
                    out.println(r.hash() + ": " + r.problem());
                } else if (!r.hasChecksums()) {
                    unsealed++;
                    out.println(r.hash() + ": " + StoredRun.NO_CHECKSUMS + "; checked the rows against the schedule,"
                            + " the hash against the config, the .npy headers against the shapes and the masks"
                            + " against levels.csv");
                }
            }
            out.println(bad == 0 ? "all " + runs.size() + " runs verified" + (unsealed == 0 ? " against their checksums"
                    : " (" + unsealed + " without checksums)")
                    : bad + " corrupt run(s): delete their directories to recompute them");
            return bad == 0 ? 0 : 1;
        }
        return 0;
    }

    private static boolean matchesNumber(String cell, String val) {
        try {
            return Double.parseDouble(cell) == Double.parseDouble(val);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Runs subset(Runs runs, List<Integer> rows) {
        List<StoredRun> keep = new ArrayList<>();
        rows.forEach(i -> keep.add(runs.get(i)));
        return Runs.of(keep);
    }

    /** The compact run table of {@code runs}. */
    static Table runTable(Runs runs) {
        Table s = runs.summary();
        List<String> cols = new ArrayList<>();
        for (String c : List.of("hash", "data", "shape", "levels", "seed_data", "seed_model", "seed_order", "status",
                "numerics", "category", "split_level", "final_test_acc", "problem")) {
            if (s.columnNames().contains(c)) {
                cols.add(c);
            }
        }
        return s.rowCount() == 0 ? s : s.selectColumns(cols.toArray(String[]::new));
    }

    static int show(List<String> a, PrintStream out, PrintStream err) {
        Args args = new Args(err, a, List.of("store", "graphml", "level"), List.of());
        if (args.options.containsKey("level") && !args.options.containsKey("graphml")) {
            throw new ConfigException("--level goes with --graphml DIR (the folder to write the level's GraphML to)");
        }
        StoredRun r = args.store().get(args.one("RUN (a hash prefix)"));
        if (args.options.containsKey("graphml")) {
            return graphml(r, Path.of(args.options.get("graphml")), args, out);
        }
        out.println("run " + r.hash() + " (" + r.status().name().toLowerCase(Locale.ROOT) + ") in " + r.dir());
        if (r.status() == RunStatus.CORRUPT) {
            out.println("problem: " + r.problem());
            return 1;
        }
        out.println("config:");
        out.print(r.config().toJson());
        out.println("provenance:");
        out.print(pretty(r.provenance()));
        r.summary().ifPresent(s -> {
            out.println("summary:");
            out.print(s.toJson());
        });
        Table t = r.levels();
        List<String> cols = new ArrayList<>();
        for (String c : t.columnNames()) {
            if (List.of("level", "prunable", "density", "train_acc", "val_acc", "test_acc", "stop_epoch", "best_epoch",
                    "zombies", "comatose", "split_value", "components", "horizon_min_kept_rel", "seconds").contains(c)) {
                cols.add(c);
            }
        }
        out.println(t.selectColumns(cols.toArray(String[]::new)).printAll());
        return 0;
    }

    /**
     * Writes the trained network of the run's stored levels (or of {@code --level T}) as GraphML:
     * the store keeps arrays only, so the graph of a level is made on request. A level the run
     * does not have is refused before anything is written.
     */
    private static int graphml(StoredRun r, Path dir, Args args, PrintStream out) {
        if (r.status() == RunStatus.CORRUPT) {
            throw new ConfigException("run " + r.hash() + " is corrupt: " + r.problem());
        }
        int count = r.levelCount();
        int level = args.integer("level", -1);
        if (args.options.containsKey("level") && (level < 0 || level >= count)) {
            throw new ConfigException("--level " + level + " is not stored: run " + r.hash().substring(0, 8)
                    + " has levels 0 to " + (count - 1));
        }
        if (count == 0) {
            throw new ConfigException("run " + r.hash().substring(0, 8) + " has no stored level yet");
        }
        for (int t = level < 0 ? 0 : level; t <= (level < 0 ? count - 1 : level); t++) {
            out.println(r.exportGraphml(t, dir));
        }
        return 0;
    }

    static int schedule(List<String> a, PrintStream out, PrintStream err) {
        Args args = new Args(err, a, List.of("shape", "target", "levels", "extend", "rate"), List.of("biases"));
        if (!args.positional.isEmpty()) {
            throw new ConfigException("schedule takes only options, got " + args.positional + "; see ./lab help");
        }
        String shapeText = args.options.get("shape");
        if (shapeText == null) {
            throw new ConfigException("--shape is missing; e.g. --shape 4,8,8,2");
        }
        int[] shape;
        try {
            shape = Arrays.stream(shapeText.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new ConfigException("--shape must be comma-separated integers such as 4,8,8,2, got \"" + shapeText + "\"");
        }
        if (!args.options.containsKey("levels")) {
            throw new ConfigException("--levels is missing; e.g. --levels 20");
        }
        Schedule.Builder b = Schedule.builder(shape).levels(args.integer("levels", 0)).extension(args.integer("extend", 0))
                .biasesPrunable(args.options.containsKey("biases"));
        if (args.options.containsKey("rate")) {
            try {
                b.rate(Double.parseDouble(args.options.get("rate")));
            } catch (NumberFormatException e) {
                throw new ConfigException("--rate must be a number in (0, 1), got \"" + args.options.get("rate") + "\"");
            }
        } else if (args.options.containsKey("target")) {
            b.target(args.integer("target", 0));
        } else {
            throw new ConfigException("give --target PT (the prunable count after the last level) or --rate p");
        }
        Schedule s;
        try {
            s = b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        ObjectMapper m = new ObjectMapper();
        ObjectNode n = m.createObjectNode();
        n.putPOJO("baseShape", s.baseShape());
        n.put("biasesPrunable", s.biasesPrunable());
        n.put("p0", s.p0());
        n.put("rate", s.rate());
        n.put("levels", s.levels());
        n.put("extension", s.extension());
        n.put("target", s.target());
        ArrayNode traj = n.putArray("trajectory");
        for (int v : s.trajectory()) {
            traj.add(v);
        }
        ArrayNode shapes = n.putArray("shapes");
        List<int[]> sh = s.shapes();
        for (int i = 0; i < sh.size(); i++) {
            ObjectNode e = shapes.addObject();
            e.put("extensionLevel", s.extension() - i);
            e.putPOJO("shape", sh.get(i));
            e.put("prunable", Schedule.prunableCount(sh.get(i), s.biasesPrunable()));
        }
        out.print(pretty(n));
        return 0;
    }

    static String pretty(JsonNode n) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(n) + "\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
