package dev.quiz.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy of a built tree without git (cp -a): it holds the last build's outputs, which its first
 * quiz build rewrites (kbuild's command files name the old path). None of that is an edit.
 */
@Tag("vm")
class WatchCopiedTreeIT {
    @TempDir
    Path dir;

    @Test
    void theFirstCycleOfACopiedBuiltTreeEndsWithoutCancellingItself() throws Exception {
        Path built = dir.resolve("built");
        TestModule.copy(TestModule.SOURCE, built);
        Quiz.Result build = Quiz.run(dir, 600, "build", "--color=never", "--tree", built.toString(), "--work", "copied");
        assertEquals(0, build.exitCode(), build.output());
        Path copy = dir.resolve("copy");
        Process cp = new ProcessBuilder("cp", "-a", built.toString(), copy.toString()).inheritIO().start();
        assertEquals(0, cp.waitFor());

        Quiz.Result watch = Quiz.run(dir, 600, "watch", "--color=never", "--tree", copy.toString(), "--work", "copied",
                "-p", "self-test", "--cycles", "1");
        assertEquals(0, watch.exitCode(), watch.output());
        assertFalse(watch.output().contains("cancelled"), watch.output());
        assertTrue(watch.output().lines().anyMatch(l -> l.matches("^\\[\\d\\d:\\d\\d:\\d\\d\\] #1 .*PASS$")),
                watch.output());
    }
}
