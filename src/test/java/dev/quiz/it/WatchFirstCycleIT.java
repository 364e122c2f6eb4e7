package dev.quiz.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First cycles that used to go wrong: a copied built tree, a build slower than the VM's time limit. */
@Tag("vm")
class WatchFirstCycleIT {
    @TempDir
    Path dir;

    /**
     * A copy of a built tree without git (cp -a) holds the last build's outputs, which its first
     * quiz build rewrites (kbuild's command files name the old path). None of that is an edit.
     */
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

    /**
     * The VM boots beside the build and waits for it: a first OpenZFS build takes minutes, longer
     * than a profile's time limit. The wait is the build's time, not the run's.
     */
    @Test
    void aBuildLongerThanTheTimeLimitDoesNotTimeTheWaitingVmOut() throws Exception {
        Path tree = dir.resolve("slow");
        TestModule.copy(TestModule.SOURCE, tree);
        Path slow = dir.resolve("slow-build");
        Files.writeString(slow, "#!/bin/sh\nsleep 25\nexec \"$@\"\n");
        slow.toFile().setExecutable(true);
        Quiz.Result watch = Quiz.run(Map.of("QUIZ_HOME", Quiz.preparedStore().toString(), "QUIZ_BUILD_PREFIX",
                slow.toString()), dir, 600, "watch", "--color=never", "--tree", tree.toString(), "-p", "self-test",
                "--timeout", "15s", "--silence", "10s", "--cycles", "1");
        assertEquals(0, watch.exitCode(), watch.output());
        assertTrue(watch.output().lines().anyMatch(l -> l.matches("^\\[\\d\\d:\\d\\d:\\d\\d\\] #1 .*build \\d\\d\\.\\ds.*PASS$")),
                "the build took over the 15s limit and the run still passed: " + watch.output());
    }
}
