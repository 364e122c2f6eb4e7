package dev.quiz.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** quiz's git hooks and git bisect run, in real repositories of the quiztest module. */
@Tag("vm")
class HooksIT {
    @TempDir
    Path dir;
    Path repo;

    record Git(int exit, String output) {
    }

    Git git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.email=t@example.com",
                "-c", "user.name=t"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("QUIZ_HOME", Quiz.preparedStore().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        int exit = p.waitFor();
        System.out.println("$ git " + String.join(" ", args) + " -> " + exit + "\n" + out);
        return new Git(exit, out);
    }

    Quiz.Result quiz(String... args) throws Exception {
        return Quiz.run(repo, 600, args);
    }

    @BeforeEach
    void repository() throws Exception {
        repo = dir.resolve("quiztest");
        TestModule.copy(TestModule.SOURCE, repo);
        Files.writeString(repo.resolve(".gitignore"), "*.o\n*.ko\n*.mod*\n.*.cmd\nModule.symvers\nmodules.order\n");
        Path profiles = Files.createDirectories(repo.resolve(".quiz/profiles"));
        Files.writeString(profiles.resolve("failing.toml"), "extends = \"self-test\"\n[guest]\ntest = \"exit 3\"\n");
        Files.writeString(profiles.resolve("committed.toml"), "description = \"for the post-commit test\"\n"
                + "extends = \"self-test\"\n");
        assertEquals(0, git("init", "-q", "-b", "main").exit());
        assertEquals(0, git("add", ".").exit());
        assertEquals(0, git("commit", "-q", "-m", "quiztest").exit());
        assertEquals(0, git("config", "branch.main.quizProfile", "self-test").exit());
    }

    @Test
    void installChainsAnExistingHookAndUninstallRestoresItByteForByte() throws Exception {
        Path hooks = repo.resolve(".git/hooks");
        Path mine = hooks.resolve("pre-push");
        byte[] original = "#!/bin/sh\n# my own pre-push\r\necho mine\n".getBytes();
        Files.write(mine, original);
        mine.toFile().setExecutable(true);
        assertEquals(0, quiz("hooks", "install").exitCode());
        for (String hook : List.of("post-commit", "post-checkout", "post-merge", "pre-push")) {
            assertTrue(Files.isExecutable(hooks.resolve(hook)), hook);
            assertTrue(Files.readString(hooks.resolve(hook)).contains("installed by quiz hooks install"), hook);
        }
        assertArrayEquals(original, Files.readAllBytes(hooks.resolve("pre-push.quiz-chained")));
        assertEquals(0, quiz("hooks", "install").exitCode(), "installing twice is harmless");
        assertEquals(0, quiz("hooks", "uninstall").exitCode());
        assertArrayEquals(original, Files.readAllBytes(mine));
        assertTrue(Files.isExecutable(mine));
        assertTrue(!Files.exists(hooks.resolve("post-commit")) && !Files.exists(hooks.resolve("pre-push.quiz-chained")));
    }

    @Test
    void commitStartsABackgroundRunWhoseVerdictReachesTheHistory() throws Exception {
        assertEquals(0, quiz("hooks", "install").exitCode());
        assertEquals(0, git("config", "branch.main.quizProfile", "committed").exit());
        Files.writeString(repo.resolve("quiztest.c"), Files.readString(repo.resolve("quiztest.c")) + "\n/* commit */\n");
        long start = System.nanoTime();
        Git commit = git("commit", "-q", "-am", "a change");
        assertEquals(0, commit.exit());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20, "the commit did not wait for the VM");
        assertTrue(commit.output().contains("in the background; verdict in"), commit.output());
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        java.util.function.Predicate<String> ours = h -> h.lines().anyMatch(l -> l.contains("PASS") && l.endsWith("[committed]"));
        String history = "";
        while (System.nanoTime() < deadline && !ours.test(history)) {
            Thread.sleep(2000);
            history = quiz("history", "--color=never").output();
        }
        assertTrue(ours.test(history), "the background run's verdict is in the history: " + history);
    }

    @Test
    void prePushBlocksOnFailureAndPassesOnPass() throws Exception {
        Path remote = dir.resolve("remote.git");
        assertEquals(0, new ProcessBuilder("git", "init", "-q", "--bare", remote.toString()).start().waitFor());
        assertEquals(0, git("remote", "add", "origin", remote.toString()).exit());
        assertEquals(0, quiz("hooks", "install").exitCode());
        assertEquals(0, git("config", "branch.main.quizProfile", "failing").exit());
        Git blocked = git("push", "-q", "origin", "main");
        assertNotEquals(0, blocked.exit(), blocked.output());
        assertTrue(blocked.output().contains("push blocked"), blocked.output());
        assertTrue(blocked.output().contains("--no-verify"), blocked.output());
        assertEquals(0, git("config", "branch.main.quizProfile", "self-test").exit());
        Git pushed = git("push", "-q", "origin", "main");
        assertEquals(0, pushed.exit(), pushed.output());

        // A branch that is not checked out: quiz cannot test it, and says so instead of testing HEAD.
        assertEquals(0, git("config", "branch.main.quizProfile", "failing").exit());
        assertEquals(0, git("branch", "topic", "HEAD~0").exit());
        assertEquals(0, git("commit", "-q", "--allow-empty", "-m", "only on main").exit());
        Git other = git("push", "-q", "origin", "topic");
        assertEquals(0, other.exit(), other.output());
        assertTrue(other.output().contains("not tested: refs/heads/topic"), other.output());
        assertTrue(other.output().contains("nothing tested"), other.output());
    }

    @Test
    void bisectFindsTheCommitThatIntroducesAPanic() throws Exception {
        Path source = repo.resolve("quiztest.c");
        String original = Files.readString(source);
        Files.writeString(source, original + "\n/* harmless 1 */\n");
        git("commit", "-q", "-am", "harmless 1");
        Files.writeString(source, original.replace("pr_info(\"quiztest: ok\\n\");", "panic(\"quiztest: regression\");"));
        git("commit", "-q", "-am", "the regression");
        String bad = git("rev-parse", "HEAD").output().strip();
        Files.writeString(source, Files.readString(source) + "\n/* harmless 2 */\n");
        git("commit", "-q", "-am", "harmless 2");
        List<String> run = new ArrayList<>(List.of("bisect", "run"));
        run.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.quiz.cli.Main",
                "run", "--color=never", "--build", "--work", "bisect-" + dir.getFileName(), "-p", "self-test"));
        assertEquals(0, git("bisect", "start", "HEAD", "HEAD~3").exit());
        Git bisect = git(run.toArray(String[]::new));
        assertEquals(0, bisect.exit(), bisect.output());
        assertTrue(bisect.output().contains(bad + " is the first bad commit"), bisect.output());
    }
}
