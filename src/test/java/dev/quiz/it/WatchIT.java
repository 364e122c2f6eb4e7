package dev.quiz.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * quiz watch with a real watcher on a real tree: a git checkout of the quiztest module, edited
 * the way a developer edits it, with real builds and real VMs for every cycle. The tests run in
 * order against one long-lived watcher, as a working day would.
 */
@Tag("vm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WatchIT {
    @TempDir
    static Path dir;
    static Path tree;
    static Path source;
    static String original;
    static Process watch;
    static WatchOutput out;

    @BeforeAll
    static void startWatching() throws Exception {
        tree = dir.resolve("quiztest");
        TestModule.copy(TestModule.SOURCE, tree);
        // Only the module is ignored: every other file kbuild writes is untracked and not ignored, so
        // only quiz's own knowledge of what its builds write keeps them from starting cycles.
        Files.writeString(tree.resolve(".gitignore"), "*.ko\n");
        Path profiles = Files.createDirectories(tree.resolve(".quiz/profiles"));
        Files.writeString(profiles.resolve("loud.toml"), "extends = \"module\"\n[watch]\nexclude = \"scratch/**\"\n"
                + "[guest]\ntest = \"echo loud-profile-ran\"\n");
        git("init", "-q", "-b", "main");
        git("add", ".");
        git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "quiztest");
        git("config", "branch.main.quizProfile", "self-test");
        source = tree.resolve("quiztest.c");
        original = Files.readString(source);
        watch = Quiz.start(Map.of("QUIZ_HOME", Quiz.preparedStore().toString()), dir, "watch", "--color=never",
                "--tree", tree.toString(), "--timeout", "120s");
        out = new WatchOutput(watch);
        String banner = expect(l -> l.startsWith("quiz: watching " + tree), Duration.ofSeconds(60));
        assertTrue(banner.contains("on branch main, profile self-test"), banner);
        String first = expect(WatchIT::verdictLine, Duration.ofMinutes(3));
        assertTrue(first.contains("(rescan)") && first.endsWith("PASS"), "the first cycle runs at start: " + first);
    }

    @AfterAll
    static void stop() throws Exception {
        if (watch == null) {
            return;
        }
        List<ProcessHandle> children = watch.toHandle().descendants().toList();
        watch.destroy();
        assertTrue(watch.waitFor(10, TimeUnit.SECONDS), "quiz watch ends on SIGTERM");
        for (ProcessHandle child : children) {
            child.onExit().get(5, TimeUnit.SECONDS);
        }
        assertTrue(children.stream().noneMatch(ProcessHandle::isAlive), "no make, qemu or virtiofsd left behind");
    }

    static void git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", tree.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "git " + String.join(" ", args) + ": " + out);
    }

    static String expect(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        return out.expect(wanted, timeout);
    }

    static List<String> cyclesWithin(Duration window) throws InterruptedException {
        return out.cyclesWithin(window);
    }

    static boolean verdictLine(String line) {
        return WatchOutput.verdictLine(line);
    }

    @Test
    @Order(1)
    void editGivesOneCyclePass() throws Exception {
        Files.writeString(source, original + "\n/* edited */\n");
        String line = expect(WatchIT::verdictLine, Duration.ofMinutes(3));
        assertTrue(line.contains("quiztest.c"), line);
        assertTrue(line.endsWith("PASS"), line);
        assertTrue(line.contains("build ") && line.contains("boot ") && line.contains("test "), line);
    }

    @Test
    @Order(2)
    void crashGivesPanicWithTheTrace() throws Exception {
        Files.writeString(source, original.replace("pr_info(\"quiztest: ok\\n\");", "panic(\"quiztest: edited to panic\");"));
        String line = expect(WatchIT::verdictLine, Duration.ofMinutes(3));
        assertTrue(line.endsWith("PANIC"), line);
        expect(l -> l.contains("Kernel panic - not syncing: quiztest: edited to panic"), Duration.ofSeconds(5));
        expect(l -> l.contains("console: "), Duration.ofSeconds(5));
    }

    @Test
    @Order(3)
    void brokenSyntaxGivesBuildFailedWithTheCompilerError() throws Exception {
        Files.writeString(source, original.replace("static int quiztest_do(const char *what)",
                "this is not C;\nstatic int quiztest_do(const char *what)"));
        String line = expect(WatchIT::verdictLine, Duration.ofMinutes(3));
        assertTrue(line.contains("build FAILED"), line);
        assertTrue(line.matches(".*quiztest\\.c:\\d+: error: .*"), "the first compiler error, file:line: " + line);
    }

    @Test
    @Order(4)
    void fixingItPassesAgain() throws Exception {
        Files.writeString(source, original);
        String line = expect(WatchIT::verdictLine, Duration.ofMinutes(3));
        assertTrue(line.endsWith("PASS"), line);
    }

    @Test
    @Order(5)
    void hundredSavesInASecondGiveOneCycle() throws Exception {
        for (int i = 0; i < 100; i++) {
            Files.writeString(source, original + "\n/* save " + i + " */\n");
            Thread.sleep(5);
        }
        List<String> cycles = cyclesWithin(Duration.ofSeconds(60));
        assertEquals(1, cycles.size(), "one cycle for the burst: " + cycles);
        assertTrue(cycles.get(0).endsWith("PASS"), cycles.toString());
    }

    @Test
    @Order(6)
    void whatTheBuildsWroteStartedNoCycle() throws Exception {
        Process status = new ProcessBuilder("git", "-C", tree.toString(), "status", "--porcelain").start();
        String untracked = new String(status.getInputStream().readAllBytes());
        assertTrue(untracked.contains("?? quiztest.mod.c") || untracked.contains("?? .quiztest.o.cmd"),
                "kbuild's outputs are neither tracked nor ignored here: " + untracked);
        List<String> all = out.all();
        assertTrue(all.stream().noneMatch(l -> l.contains("cancelled")), "no cycle so far was cancelled: " + all);
        assertTrue(all.stream().filter(WatchIT::verdictLine).allMatch(l -> l.contains(" quiztest.c ")
                || l.contains("(rescan)")), "every cycle was started by the source: " + all);
        Files.writeString(tree.resolve(".quiztest.c.swp"), "vim swap");
        Files.writeString(tree.resolve("quiztest.c~"), "backup");
        Files.writeString(tree.resolve("stray.ko"), "ignored by git");
        assertEquals(List.of(), cyclesWithin(Duration.ofSeconds(8)), "editor temporaries and ignored files");
    }

    @Test
    @Order(7)
    void aSaveDuringTheBuildGivesOneCycleOnlyAndItIsBuilt() throws Exception {
        Files.writeString(source, original + "\n/* before the save under test */\n");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (watch.toHandle().descendants().noneMatch(h -> h.info().command().orElse("").endsWith("/make"))) {
            assertTrue(System.nanoTime() < deadline, "the cycle started no make");
            Thread.sleep(20);
        }
        Files.writeString(source, original.replace("pr_info(\"quiztest: ok\\n\");",
                "panic(\"quiztest: saved during the build\");"));
        expect(l -> l.contains("cancelled"), Duration.ofSeconds(60));
        List<String> cycles = cyclesWithin(Duration.ofSeconds(60));
        assertEquals(1, cycles.size(), "one cycle for the save: " + cycles);
        assertTrue(cycles.get(0).endsWith("PANIC"), "the saved edit was built and run: " + cycles);
        Files.writeString(source, original);
        assertTrue(expect(WatchIT::verdictLine, Duration.ofMinutes(3)).endsWith("PASS"));
    }

    @Test
    @Order(8)
    void changeMidCycleRestartsWithoutOrphans() throws Exception {
        Files.writeString(source, original + "\n/* first */\n");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (watch.toHandle().descendants().noneMatch(h -> h.info().command().orElse("").contains("qemu-system"))) {
            assertTrue(System.nanoTime() < deadline, "the cycle started no VM");
            Thread.sleep(50);
        }
        List<ProcessHandle> firstCycle = watch.toHandle().descendants().toList();
        Files.writeString(source, original + "\n/* second */\n");
        expect(l -> l.contains("cancelled"), Duration.ofSeconds(60));
        String line = expect(WatchIT::verdictLine, Duration.ofMinutes(3));
        assertTrue(line.endsWith("PASS"), line);
        for (ProcessHandle h : firstCycle) {
            assertTrue(!h.isAlive(), "process " + h.pid() + " " + h.info().command().orElse("") + " of the cancelled cycle is gone");
        }
    }

    @Test
    @Order(9)
    void branchSwitchUsesThatBranchsProfile() throws Exception {
        git("config", "branch.feature.quizProfile", "loud");
        git("checkout", "-q", "-b", "feature");
        expect(l -> l.contains("branch feature: profile loud"), Duration.ofSeconds(30));
        String line = expect(WatchIT::verdictLine, Duration.ofMinutes(3));
        assertTrue(line.endsWith("PASS"), line);
    }

    @Test
    @Order(10)
    void filesTheProfileExcludesStartNoCycle() throws Exception {
        Files.createDirectories(tree.resolve("scratch"));
        Files.writeString(tree.resolve("scratch/notes.c"), "/* not part of the module */\n");
        assertEquals(List.of(), cyclesWithin(Duration.ofSeconds(8)), "scratch/** is excluded by the loud profile");
        Files.writeString(source, original + "\n/* on feature */\n");
        String line = expect(WatchIT::verdictLine, Duration.ofMinutes(3));
        assertTrue(line.contains("quiztest.c") && !line.contains("(+"), "only the watched file started it: " + line);
        assertTrue(line.endsWith("PASS"), line);
    }

    @Test
    @Order(11)
    void aSecondWatcherOnTheSameTreeIsRefused() throws Exception {
        Quiz.Result second = Quiz.run(dir, 60, "watch", "--color=never", "--tree", tree.toString());
        assertEquals(250, second.exitCode(), second.output());
        assertTrue(second.output().contains("is already watched by quiz watch (pid " + watch.pid() + ")"), second.output());
        Quiz.Result build = Quiz.run(dir, 60, "build", "--color=never", "--tree", tree.toString());
        assertEquals(250, build.exitCode(), build.output());
        assertTrue(build.output().contains("quiz watch (pid " + watch.pid() + ") builds " + tree + " on every change"),
                build.output());
    }

    @Test
    @Order(12)
    void hooksAskTheRunningWatcherInsteadOfStartingAVm() throws Exception {
        Quiz.Result commit = Quiz.run(tree, 60, "hook", "post-commit");
        assertEquals(0, commit.exitCode(), commit.output());
        assertTrue(commit.output().contains("asked the quiz watch running for this tree for a cycle"), commit.output());
        String line = expect(WatchIT::verdictLine, Duration.ofMinutes(3));
        assertTrue(line.contains("(rescan)") && line.endsWith("PASS"), line);

        Quiz.Result push = Quiz.run(tree, 300, "hook", "pre-push", "origin", "/nowhere");
        assertEquals(0, push.exitCode(), push.output());
        assertTrue(push.output().contains("the running quiz watch says: PASS"), push.output());
    }
}
