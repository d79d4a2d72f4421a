package org.lotterylab.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.io.AtomicDirs;
import org.lotterylab.io.AtomicFiles;
import org.lotterylab.progress.Progress;

/**
 * One run directory, {@code <store>/<hash>/}: the names of its files (the layout is described on
 * {@link RunStore}), what it holds now ({@link #open}, a {@link StoredRun} snapshot), and the
 * steps that change it: {@link #create} publishes it holding only its config, {@link #locked}
 * runs work under its in-process and file lock, {@link #removeLeftovers} clears what an
 * interrupted session left. Every error names the directory.
 */
final class RunDir {
    static final String CONFIG = "config.json";
    static final String PROVENANCE = "provenance.json";
    static final String LEVELS_CSV = "levels.csv";
    static final String CURVES_CSV = "curves.csv";
    static final String SUMMARY = "summary.json";
    static final String LEVELS_DIR = "levels";
    static final String LOCK = ".lock";
    static final List<String> CURVE_HEADER = List.of("level", "epoch", "train_loss", "val_loss");

    /** One lock per directory and process, so threads of one JVM wait for each other as processes do. */
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Path path;

    RunDir(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    Path path() {
        return path;
    }

    /** The run's hash: the directory's name. */
    String hash() {
        return path.getFileName().toString();
    }

    boolean exists() {
        return Files.isDirectory(path);
    }

    Path file(String name) {
        return path.resolve(name);
    }

    /** {@code levels/NNN}: the directory of level {@code t}. */
    Path level(int t) {
        return path.resolve(LEVELS_DIR).resolve(LevelFiles.dirName(t));
    }

    /** {@code levels/NNN/name} relative to the run directory, as messages name a level's file. */
    static String levelPath(int t, String name) {
        return LEVELS_DIR + "/" + LevelFiles.dirName(t) + "/" + name;
    }

    /** What the directory holds now, checked as {@code check} says. */
    StoredRun inspect(StoredRun.Check check) {
        return StoredRun.inspect(path, check);
    }

    /**
     * What the directory holds now (checked as opening a run checks it), or null when it does
     * not exist.
     *
     * @throws CorruptRunException if it is corrupt
     */
    StoredRun open() {
        if (!exists()) {
            return null;
        }
        return requireIntact(inspect(StoredRun.Check.OPEN));
    }

    /** {@code s} unless it is corrupt. */
    StoredRun requireIntact(StoredRun s) {
        if (s.status() == RunStatus.CORRUPT) {
            throw corrupt(s.problem());
        }
        return s;
    }

    CorruptRunException corrupt(String problem) {
        return new CorruptRunException(path, problem, CorruptRunException.defaultFix(path));
    }

    /** Publishes the directory holding only config.json (another writer may win the race: fine). */
    void create(ExperimentConfig config) {
        Path tmp = AtomicDirs.tempDirFor(path);
        AtomicFiles.write(tmp.resolve(CONFIG), config.toJson());
        AtomicDirs.publishDir(tmp, path);
    }

    /**
     * Runs {@code work} holding the directory's lock: first the lock of this process (threads
     * asking for the same run), then the file lock {@code .lock} (other processes), waiting for
     * either and saying once on {@code progress} that another process holds it.
     */
    void locked(Progress progress, Runnable work) {
        ReentrantLock jvmLock = LOCKS.computeIfAbsent(path, k -> new ReentrantLock());
        jvmLock.lock();
        try (FileChannel ch = FileChannel.open(path.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = acquire(ch, progress)) {
            work.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + path.resolve(LOCK) + ": " + e.getMessage(), e);
        } finally {
            jvmLock.unlock();
        }
    }

    private FileLock acquire(FileChannel ch, Progress progress) throws IOException {
        boolean told = false;
        while (true) {
            FileLock l = ch.tryLock();
            if (l != null) {
                return l;
            }
            if (!told) {
                progress.line("run " + hash() + " is being computed by another process; waiting for it");
                told = true;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the lock of " + path);
            }
        }
    }

    /** provenance.json, or null when it is missing or unreadable. */
    ObjectNode provenance() {
        return StoredRun.readProvenance(path);
    }

    /**
     * Removes what an interrupted session left: level directories not in levels.csv (reported on
     * {@code progress}, they are recomputed) and temp files, also inside the stored levels (an
     * interrupted sealing of a run stored before checksums leaves one there).
     */
    void removeLeftovers(StoredRun s, Progress progress) {
        for (int t : s.orphans()) {
            progress.line("run " + hash() + ": removing level " + t + ", written by an interrupted session"
                    + " but not recorded in levels.csv; it will be recomputed");
            AtomicDirs.deleteTree(level(t));
        }
        List<Path> dirs = new ArrayList<>(List.of(path, path.resolve(LEVELS_DIR)));
        for (int t = 0; t < s.levelCount(); t++) {
            dirs.add(level(t));
        }
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(p -> p.getFileName().toString().startsWith(AtomicFiles.TMP_PREFIX)).toList()) {
                    AtomicDirs.deleteTree(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clean " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
