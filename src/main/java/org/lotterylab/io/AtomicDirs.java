package org.lotterylab.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Atomic directory writes: a directory (a run store's level or run, a merged run) is written
 * under a temporary name ({@link AtomicFiles#TMP_PREFIX}) beside its target and renamed into
 * place, so readers see all of it or none. Files go through {@link AtomicFiles}.
 */
public final class AtomicDirs {

    private AtomicDirs() {
    }

    /** A fresh temp directory next to {@code target}, to be published with {@link #publishDir}. */
    public static Path tempDirFor(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            return Files.createDirectory(dir.resolve(AtomicFiles.TMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp directory in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Renames a fully written temp directory to {@code target}. Returns false (and deletes the
     * temp directory) if {@code target} already exists: someone else published it first.
     */
    public static boolean publishDir(Path tmp, Path target) {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            deleteTree(tmp);
            return false;
        } catch (IOException e) {
            if (Files.exists(target)) {
                deleteTree(tmp);
                return false;
            }
            throw new UncheckedIOException("cannot rename " + tmp + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** Deletes {@code dir} and everything below it; nothing when it does not exist. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
