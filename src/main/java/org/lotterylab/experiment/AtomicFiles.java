package org.lotterylab.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Atomic file and directory writes: a reader (or a process killed mid-write) sees the old
 * content or the new one, never a truncated file. Temp names start with {@code .tmp-} in the
 * same directory, so the rename never crosses a file system and leftovers are recognisable.
 */
final class AtomicFiles {
    static final String TMP_PREFIX = ".tmp-";

    private AtomicFiles() {
    }

    static void write(Path file, byte[] bytes) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve(TMP_PREFIX + file.getFileName() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(dir);
            Files.write(tmp, bytes);
            move(tmp, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: a leftover temp file is harmless and ignored by readers
            }
        }
    }

    static void write(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh temp directory next to {@code target}, to be published with {@link #publishDir}. */
    static Path tempDirFor(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            return Files.createDirectory(dir.resolve(TMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp directory in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Renames a fully written temp directory to {@code target}. Returns false (and deletes the
     * temp directory) if {@code target} already exists: someone else published it first.
     */
    static boolean publishDir(Path tmp, Path target) {
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

    private static void move(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteTree(Path dir) {
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
