package org.lotterylab.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Atomic file writes: content goes to a hidden temporary file in the target's folder, which is
 * then renamed over the target (atomically where the file system allows it; a plain replace
 * otherwise). On any failure the temporary file is deleted and the target is left as it was.
 * The folder is created when missing.
 */
public final class AtomicFiles {
    /** The prefix of every temporary file and folder LotteryLab writes. */
    public static final String TMP_PREFIX = ".tmp-";

    private AtomicFiles() {
    }

    /** Writes the content of a file, given the path it must write to. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path file) throws IOException;
    }

    /**
     * Writes {@code target} through {@code content}, which receives a temporary path whose name
     * ends like the target's (".png", ".csv", ...: some encoders derive the format from it).
     *
     * @return {@code target}
     */
    public static Path write(Path target, Content content) throws IOException {
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        Files.createDirectories(dir);
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String suffix = dot <= 0 ? ".tmp" : ".tmp" + name.substring(dot);
        // One prefix for every temporary file, so readers can recognise and skip leftovers.
        Path tmp = Files.createTempFile(dir, TMP_PREFIX + name + "-", suffix);
        try {
            content.writeTo(tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    /** Writes {@code bytes} to {@code target} atomically; I/O errors become {@link UncheckedIOException}. */
    public static void write(Path target, byte[] bytes) {
        try {
            write(target, tmp -> Files.write(tmp, bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code text} as UTF-8 to {@code target} atomically. */
    public static void write(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }
}
