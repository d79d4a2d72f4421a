package org.lotterylab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @Test
    void writesIntoANewFolderAndReplaces(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("a/b/out.csv");
        AtomicFiles.write(f, "one");
        AtomicFiles.write(f, "two");
        assertEquals("two", Files.readString(f));
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(List.of(f), s.toList(), "no temporary file is left");
        }
    }

    @Test
    void aFailedWriteKeepsTheOldContentAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("keep.png");
        Files.writeString(f, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList());
        }
    }

    @Test
    void theTemporaryFileKeepsTheExtensionLastAndTheSharedPrefix(@TempDir Path dir) throws IOException {
        String[] seen = new String[1];
        AtomicFiles.write(dir.resolve("chart.svg"), tmp -> {
            seen[0] = tmp.getFileName().toString();
            Files.writeString(tmp, "<svg/>");
        });
        assertTrue(seen[0].startsWith(AtomicFiles.TMP_PREFIX + "chart.svg-") && seen[0].endsWith(".svg"), seen[0]);
    }
}
