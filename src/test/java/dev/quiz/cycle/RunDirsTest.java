package dev.quiz.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's runs: numbered directories, and the vmcores pruned among them. */
class RunDirsTest {
    @TempDir
    Path runs;

    private Path run(int n, boolean vmcore) throws IOException {
        Path dir = Files.createDirectories(runs.resolve(String.format("%04d", n)));
        Files.writeString(dir.resolve("console.log"), "run " + n);
        if (vmcore) {
            Files.writeString(dir.resolve("vmcore"), "core " + n);
            Files.writeString(Files.createDirectories(dir.resolve("mods/extra")).resolve("m.ko"), "ko " + n);
        }
        return dir;
    }

    @Test
    void onlyTheNewestVmcoresAreKeptWithTheirModulesAndEveryRunStays() throws IOException {
        Path first = run(1, true);
        run(2, false);
        Path third = run(3, true);
        Path fourth = run(4, true);
        RunDirs.pruneVmcores(runs, 2, "mods");
        assertFalse(Files.exists(first.resolve("vmcore")));
        assertFalse(Files.exists(first.resolve("mods")), "the oldest vmcore's modules go with it");
        assertTrue(Files.exists(first.resolve("console.log")), "the run itself stays");
        assertTrue(Files.exists(third.resolve("vmcore")) && Files.exists(third.resolve("mods/extra/m.ko")));
        assertTrue(Files.exists(fourth.resolve("vmcore")));
        assertEquals(4, RunDirs.highest(runs));
    }
}
