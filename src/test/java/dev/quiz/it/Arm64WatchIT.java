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

    /**
     * An x86_64 and an arm64 watcher on one tree: each builds its own way (the arm64 one in quiz's
     * copy of the tree) into its own work dir, and every save gives a verdict in each.
     */
    @Test
    void twoWatchersOnOneTreeForTwoArchitectures() throws Exception {
        Path tree = dir.resolve("both");
        TestModule.copy(TestModule.SOURCE, tree);
        Path source = tree.resolve("quiztest.c");
        String original = Files.readString(source);
        Map<String, String> env = Map.of("QUIZ_HOME", Quiz.preparedStore(Arch.ARM64).toString());
        Quiz.preparedStore(Arch.X86_64);
        Process x86 = Quiz.start(env, dir, "watch", "--color=never", "--arch", "x86_64", "--tree", tree.toString(),
                "-p", "self-test", "--timeout", "120s");
        Process arm64 = Quiz.start(env, dir, "watch", "--color=never", "--arch", "arm64", "--tree", tree.toString(),
                "-p", "self-test", "--timeout", "120s");
        try {
            WatchOutput x86Out = new WatchOutput(x86);
            WatchOutput armOut = new WatchOutput(arm64);
            String x86First = x86Out.expect(WatchOutput::verdictLine, Duration.ofMinutes(5));
            String armFirst = armOut.expect(WatchOutput::verdictLine, Duration.ofMinutes(5));
            assertTrue(x86First.contains(" x86_64 ") && x86First.endsWith("PASS"), x86First);
            assertTrue(armFirst.contains(" arm64 ") && armFirst.endsWith("PASS"), armFirst);

            Files.writeString(source, original.replace("pr_info(\"quiztest: ok\\n\");",
                    "pr_info(\"quiztest: ok\\n\"); /* both */"));
            String x86Edit = x86Out.expect(WatchOutput::verdictLine, Duration.ofMinutes(3));
            String armEdit = armOut.expect(WatchOutput::verdictLine, Duration.ofMinutes(3));
            assertTrue(x86Edit.contains("quiztest.c") && x86Edit.endsWith("PASS"), x86Edit);
            assertTrue(armEdit.contains("quiztest.c") && armEdit.endsWith("PASS"), armEdit);
            assertTrue(x86Out.all().stream().noneMatch(l -> l.contains("cancelled")), "the arm64 build started no "
                    + "x86_64 cycle: " + x86Out.all());
            assertTrue(armOut.all().stream().noneMatch(l -> l.contains("cancelled")), "nor the other way: " + armOut.all());
        } finally {
            x86.destroy();
            arm64.destroy();
            assertTrue(x86.waitFor(10, TimeUnit.SECONDS) && arm64.waitFor(10, TimeUnit.SECONDS), "both end on SIGTERM");
        }
        Process file = new ProcessBuilder("file", tree.resolve("quiztest.ko").toString()).start();
        assertTrue(new String(file.getInputStream().readAllBytes()).contains("x86-64"),
                "the tree holds the x86_64 module only; arm64's was built in quiz's copy");
    }
}
