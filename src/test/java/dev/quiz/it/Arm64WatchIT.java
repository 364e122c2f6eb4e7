package dev.quiz.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.arch.Arch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * quiz watch --arch arm64 on the quiztest module: every save is cross-built and judged in an
 * emulated arm64 VM, as on x86_64.
 */
@Tag("vm")
@Tag("arm64")
class Arm64WatchIT {
    @TempDir
    Path dir;

    @Test
    void anEditPassesAPlantedPanicIsPanicAndBrokenCIsBuildFailed() throws Exception {
        Path tree = dir.resolve("quiztest");
        TestModule.copy(TestModule.SOURCE, tree);
        Path source = tree.resolve("quiztest.c");
        String original = Files.readString(source);
        Process watch = Quiz.start(Map.of("QUIZ_HOME", Quiz.preparedStore(Arch.ARM64).toString()), dir, "watch",
                "--color=never", "--arch", "arm64", "--tree", tree.toString(), "-p", "self-test", "--timeout", "120s");
        List<ProcessHandle> children = new ArrayList<>();
        try {
            WatchOutput out = new WatchOutput(watch);
            String banner = out.expect(l -> l.startsWith("quiz: watching " + tree), Duration.ofSeconds(60));
            assertTrue(banner.contains("profile self-test, arm64, TCG"), banner);
            String first = out.expect(WatchOutput::verdictLine, Duration.ofMinutes(5));
            assertTrue(first.contains("(rescan)") && first.contains(" arm64 ") && first.endsWith("PASS"), first);

            Files.writeString(source, original + "/* an edit */\n");
            String edited = out.expect(WatchOutput::verdictLine, Duration.ofMinutes(3));
            assertTrue(edited.contains("quiztest.c") && edited.endsWith("PASS"), edited);

            Files.writeString(source, original.replace("pr_info(\"quiztest: ok\\n\");",
                    "panic(\"quiztest: edited to panic\");"));
            String panicked = out.expect(WatchOutput::verdictLine, Duration.ofMinutes(3));
            assertTrue(panicked.endsWith("PANIC"), panicked);
            out.expect(l -> l.contains("Kernel panic - not syncing: quiztest: edited to panic"), Duration.ofSeconds(5));
            out.expect(l -> l.contains("quiztest_do") && l.contains("quiztest.c:"), Duration.ofSeconds(5));

            Files.writeString(source, original.replace("static int quiztest_do(const char *what)",
                    "this is not C;\nstatic int quiztest_do(const char *what)"));
            String broken = out.expect(WatchOutput::verdictLine, Duration.ofMinutes(3));
            assertTrue(broken.contains("build FAILED") && broken.contains("quiztest.c:"), broken);
            children.addAll(watch.toHandle().descendants().toList());
        } finally {
            watch.destroy();
            assertTrue(watch.waitFor(10, TimeUnit.SECONDS), "quiz watch ends on SIGTERM");
        }
        for (ProcessHandle child : children) {
            child.onExit().get(5, TimeUnit.SECONDS);
        }
    }
}
