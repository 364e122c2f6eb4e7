package dev.quiz.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** quiz run against a real kernel and root, booted under qemu (TCG here). */
@Tag("vm")
class RunIT {
    @TempDir
    static Path dir;

    @BeforeAll
    static void prepare() throws Exception {
        Quiz.preparedStore();
    }

    private static Quiz.Result quiz(String... args) throws Exception {
        return Quiz.run(dir, 300, args);
    }

    private static Path consoleLog(String output) {
        Matcher m = Pattern.compile("console: (\\S+)").matcher(output);
        assertTrue(m.find(), "the console log's path is printed: " + output);
        return Path.of(m.group(1));
    }

    @Test
    void exitStatusPassesThrough() throws Exception {
        assertEquals(0, quiz("run", "--", "true").exitCode());
        assertEquals(1, quiz("run", "--", "false").exitCode());
        Quiz.Result seven = quiz("run", "--", "sh", "-c", "exit 7");
        assertEquals(7, seven.exitCode());
        assertTrue(seven.output().contains("FAIL"), seven.output());
    }

    @Test
    void outputStreamsAndTheConsoleIsSaved() throws Exception {
        Quiz.Result r = quiz("run", "--color=never", "uname -r; echo marker-$((6*7))");
        assertEquals(0, r.exitCode());
        assertTrue(r.output().contains("marker-42"), r.output());
        assertTrue(r.output().contains("-quiz"), "the guest runs quiz's kernel: " + r.output());
        assertTrue(r.output().contains("PASS"), r.output());
        String log = Files.readString(consoleLog(r.output()));
        assertTrue(log.contains("marker-42"), "the console log holds the program output");
        assertTrue(log.contains("Linux version"), "and the kernel log");
    }

    @Test
    void filesWrittenToQuizOutAreKeptWithTheRunAndNothingElseIs() throws Exception {
        Quiz.Result r = quiz("run", "--color=never",
                "mkdir $QUIZ_OUT/logs && echo kept > $QUIZ_OUT/logs/a && echo gone > /root/b");
        assertEquals(0, r.exitCode(), r.output());
        Path runDir = consoleLog(r.output()).getParent();
        assertTrue(r.output().contains("guest files: " + runDir.resolve("out")), r.output());
        assertEquals("kept\n", Files.readString(runDir.resolve("out/logs/a")));
        try (var files = Files.walk(runDir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().equals("b")), "only $QUIZ_OUT reaches the host");
        }

        Quiz.Result quiet = quiz("run", "--color=never", "--", "true");
        assertFalse(quiet.output().contains("guest files:"), quiet.output());
        assertFalse(Files.exists(consoleLog(quiet.output()).resolveSibling("out")), "an empty out dir is not kept");
    }

    /** Every host path quiz hands qemu and virtiofsd holds a comma here: store, runs, work dir, shares. */
    @Test
    void pathsWithCommasWorkOverNinePAndVirtiofs() throws Exception {
        Path home = Files.createDirectories(dir.resolve("quiz,home"));
        Files.createSymbolicLink(home.resolve("kernels"), Quiz.preparedStore().resolve("kernels").toRealPath());
        Files.createSymbolicLink(home.resolve("roots"), Quiz.preparedStore().resolve("roots").toRealPath());
        Path work = Files.createDirectories(dir.resolve("work,dir/usr/local/bin"));
        Files.writeString(work.resolve("hello"), "#!/bin/sh\necho hello-from-the-work-dir\n");
        work.resolve("hello").toFile().setExecutable(true);
        Map<String, String> env = Map.of("QUIZ_HOME", home.toString());
        for (String share : new String[] {"9p", "virtiofs"}) {
            Quiz.Result r = Quiz.run(env, dir, 300, "run", "--color=never", "--share", share,
                    "--work", dir.resolve("work,dir").toString(), "hello && echo out > $QUIZ_OUT/written");
            assertEquals(0, r.exitCode(), share + ": " + r.output());
            assertTrue(r.output().contains("hello-from-the-work-dir"), share + ": " + r.output());
            Path runDir = consoleLog(r.output()).getParent();
            assertTrue(runDir.startsWith(home), runDir.toString());
            assertEquals("out\n", Files.readString(runDir.resolve("out/written")), share);
        }
    }

    @Test
    void panicIsReportedWithItsTrace() throws Exception {
        Quiz.Result r = quiz("run", "--color=never", "echo c > /proc/sysrq-trigger; sleep 100");
        assertEquals(122, r.exitCode(), r.output());
        assertTrue(r.output().contains("PANIC"), r.output());
        assertTrue(r.output().contains("Kernel panic - not syncing: sysrq triggered crash"), r.output());
        assertTrue(r.output().contains("    sysrq_handle_crash"), "the trace is shown, indented: " + r.output());
    }

    @Test
    void timeoutKillsTheVmAndLeavesNothingBehind() throws Exception {
        Quiz.Result r = quiz("run", "--timeout", "20s", "--color=never", "--", "sleep", "600");
        assertEquals(124, r.exitCode(), r.output());
        assertTrue(r.output().contains("TIMEOUT"), r.output());
        assertTrue(Quiz.qemuUsing(consoleLog(r.output()).getParent()).isEmpty(), "no qemu left behind");
    }

    @Test
    void sigtermStopsQuizAndItsVm() throws Exception {
        Process p = Quiz.start(Map.of("QUIZ_HOME", Quiz.preparedStore().toString()), dir, "run", "--", "sleep", "600");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (p.toHandle().descendants().noneMatch(h -> h.info().command().orElse("").contains("qemu-system"))) {
            assertTrue(System.nanoTime() < deadline, "qemu never started");
            Thread.sleep(100);
        }
        var qemus = p.toHandle().descendants().filter(h -> h.info().command().orElse("").contains("qemu-system")).toList();
        Thread.sleep(2000);
        p.destroy();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "quiz ends on SIGTERM");
        assertEquals(143, p.exitValue(), "the exit code quiz --help gives for SIGTERM");
        for (ProcessHandle q : qemus) {
            q.onExit().get(5, TimeUnit.SECONDS);
            assertTrue(!q.isAlive(), "qemu " + q.pid() + " is gone");
        }
    }

    @Test
    void everyRunStartsFromAFreshRoot() throws Exception {
        assertEquals(0, quiz("run", "echo leaked > /etc/quiz-leak && touch /root/leak && test -e /etc/quiz-leak").exitCode());
        assertEquals(0, quiz("run", "test ! -e /etc/quiz-leak && test ! -e /root/leak").exitCode());
    }

    @Test
    void workDirIsLayeredOverTheRoot() throws Exception {
        Path work = dir.resolve("work");
        Path bin = Files.createDirectories(work.resolve("usr/local/bin"));
        Files.writeString(bin.resolve("hello-quiz"), "#!/bin/sh\necho hello from the work dir\n");
        bin.resolve("hello-quiz").toFile().setExecutable(true);
        Quiz.Result r = quiz("run", "--work", work.toString(), "--", "hello-quiz");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("hello from the work dir"));
        assertEquals(0, quiz("run", "--work", work.toString(), "test -x /bin/sh && test -d /usr/lib/x86_64-linux-gnu").exitCode(),
                "the root's own files are still there");
    }

    /** A host program, built here against the host's libc, run in the guest from a read-only dir. */
    @Test
    void aHostProgramRunsFromAHostDirWhichIsReadOnly() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("host-bin"));
        Path source = Files.writeString(dir.resolve("hello.c"),
                "#include <stdio.h>\nint main(void) { printf(\"hello from the host, pid %d\\n\", 1); return 3; }\n");
        Process gcc = new ProcessBuilder("gcc", "-o", bin.resolve("hello").toString(), source.toString()).inheritIO().start();
        assertEquals(0, gcc.waitFor());
        Quiz.Result r = quiz("run", "--color=never", "--dir", bin + ":/opt/bin", "--", "/opt/bin/hello");
        assertEquals(3, r.exitCode(), "the host program's own exit status: " + r.output());
        assertTrue(r.output().contains("hello from the host"), r.output());
        Quiz.Result write = quiz("run", "--color=never", "--dir", bin + ":/opt/bin", "touch /opt/bin/new; echo status=$?");
        assertTrue(write.output().contains("status=1"), "a dir is read-only unless asked: " + write.output());
        assertTrue(!Files.exists(bin.resolve("new")));
    }

    /** A writable dir, over each transport: what the guest writes is on the host after the run, the user's own. */
    @Test
    void aWritableDirTakesTheGuestsWritesOverNinePAndVirtiofs() throws Exception {
        for (String share : List.of("9p", "virtiofs")) {
            Path results = Files.createDirectories(dir.resolve("results-" + share));
            Quiz.Result r = quiz("run", "--color=never", "--share", share, "--dir", results + ":/mnt/results:rw",
                    "mkdir -p /mnt/results/logs && uname -r > /mnt/results/logs/kernel && test -w /mnt/results");
            assertEquals(0, r.exitCode(), r.output());
            assertTrue(Files.readString(results.resolve("logs/kernel")).contains("-quiz"), share);
            assertEquals(System.getProperty("user.name"), Files.getOwner(results.resolve("logs/kernel")).getName(),
                    "written as the user's own file over " + share);
        }
        Quiz.Result hidden = quiz("run", "--color=never", "--dir", dir + ":/usr", "--", "true");
        assertEquals(250, hidden.exitCode(), hidden.output());
        assertTrue(hidden.output().contains("would hide the guest's own /usr"), hidden.output());
        assertEquals(1, hidden.output().strip().lines().count(), "one line: " + hidden.output());
    }

    @Test
    void profileGivesScratchDisksAndSetup() throws Exception {
        Path profiles = Files.createDirectories(dir.resolve(".quiz/profiles"));
        Files.writeString(profiles.resolve("disks.toml"), """
                description = "two scratch disks"
                [vm]
                disks = 2
                disk_size = "64M"
                [guest]
                setup = "echo setup-ran > /tmp/setup-mark"
                """);
        Quiz.Result r = quiz("run", "-p", "disks", "test -b /dev/quizb0 && test -b /dev/quizb1 && "
                + "test $(blockdev --getsize64 /dev/quizb1) = 67108864 && grep -q setup-ran /tmp/setup-mark && "
                + "test -z \"$(head -c 65536 /dev/quizb0 | tr -d '\\0')\" && echo dirty | dd of=/dev/quizb0 conv=fsync");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(0, quiz("run", "-p", "disks", "test -z \"$(head -c 65536 /dev/quizb0 | tr -d '\\0')\"").exitCode(),
                "scratch disks are zeroed for every run");
        Files.writeString(profiles.resolve("badsetup.toml"), "[guest]\nsetup = \"exit 3\"\n");
        Quiz.Result bad = quiz("run", "-p", "badsetup", "--", "true");
        assertEquals(125, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("setup failed with status 3"), bad.output());
    }

    @Test
    void virtiofsSharesTheWorkDirToo() throws Exception {
        Path work = dir.resolve("work-virtiofs");
        Files.createDirectories(work.resolve("usr/local/share"));
        Files.writeString(work.resolve("usr/local/share/quiz-marker"), "over virtiofs\n");
        Quiz.Result r = quiz("run", "--share", "virtiofs", "--work", work.toString(),
                "grep -q ' /run/quiz/shares/work virtiofs ' /proc/mounts && cat /usr/local/share/quiz-marker");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("over virtiofs"), r.output());
        assertTrue(ProcessHandle.allProcesses().noneMatch(h -> h.info().command().orElse("").contains("virtiofsd")
                && h.info().commandLine().orElse("").contains(work.toString())), "no virtiofsd left behind");
    }

    @Test
    void gdbAttachesToThePausedVm() throws Exception {
        int port = 20000 + (int) (ProcessHandle.current().pid() % 10000);
        Process quiz = Quiz.start(Map.of("QUIZ_HOME", Quiz.preparedStore().toString()), dir,
                "run", "--gdb", String.valueOf(port), "--timeout", "120s", "--", "sh", "-c", "exit 5");
        Thread.sleep(1500);
        assertTrue(quiz.isAlive(), "the VM waits for gdb instead of booting");
        Process gdb = new ProcessBuilder("gdb", "-batch", "-ex", "target remote 127.0.0.1:" + port,
                "-ex", "info registers rip", "-ex", "continue").redirectErrorStream(true).start();
        String gdbOut = new String(gdb.getInputStream().readAllBytes());
        assertTrue(gdb.waitFor(120, TimeUnit.SECONDS));
        assertTrue(gdbOut.contains("rip"), "gdb read the paused CPU's registers: " + gdbOut);
        assertTrue(quiz.waitFor(120, TimeUnit.SECONDS));
        assertEquals(5, quiz.exitValue(), "after gdb's continue the command ran: " + new String(quiz.getInputStream().readAllBytes()));
    }

    @Test
    void externalBzImageBootsWithoutQuizsModules() throws Exception {
        Path image = Quiz.sharedCache().resolve("kernels/default/bzImage").toRealPath();
        Quiz.Result r = quiz("run", "--color=never", "--kernel", image.toString(), "--", "uname", "-r");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("-quiz"), "the release comes from the bzImage header: " + r.output());
    }

    @Test
    void profileChoosesKernelAndAccelAndTheCommandLineWins() throws Exception {
        Path profiles = Files.createDirectories(dir.resolve(".quiz/profiles"));
        Files.writeString(profiles.resolve("pinned.toml"), "[vm]\nkernel = \"9.9\"\naccel = \"tcg\"\n");
        Quiz.Result pinned = quiz("run", "--color=never", "-p", "pinned", "--", "true");
        assertEquals(250, pinned.exitCode(), pinned.output());
        assertTrue(pinned.output().contains("pinned.toml: vm.kernel: 9.9: no such kernel prepared"), pinned.output());

        Path image = Quiz.sharedCache().resolve("kernels/default/bzImage").toRealPath();
        Quiz.Result r = quiz("run", "--color=never", "-p", "pinned", "--kernel", image.toString(), "--", "true");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("accel TCG (as asked)"), "the profile's accel: " + r.output());
        Quiz.Result auto = quiz("run", "--color=never", "-p", "pinned", "--kernel", image.toString(), "--accel", "auto",
                "--", "true");
        assertTrue(auto.output().contains("accel TCG, because"), "--accel over the profile: " + auto.output());
    }

    @Test
    void profileMakeTargetsRunAfterTheBuildAndTheirFailureIsBuildFailed() throws Exception {
        Path tree = dir.resolve("targets");
        TestModule.copy(TestModule.SOURCE, tree);
        Files.writeString(tree.resolve("Makefile"), Files.readString(tree.resolve("Makefile"))
                + "\ncheck:\n\t@echo quiz-check-ran\n\t@test ! -e refuse.txt\n");
        Path profiles = Files.createDirectories(tree.resolve(".quiz/profiles"));
        Files.writeString(profiles.resolve("checked.toml"), "extends = \"self-test\"\n[build]\ntargets = \"check\"\n");
        Quiz.Result ok = Quiz.run(tree, 600, "build", "-v", "--color=never", "-p", "checked", "--work", "targets-ok");
        assertEquals(0, ok.exitCode(), ok.output());
        assertTrue(ok.output().contains("quiz-check-ran"), ok.output());

        Files.writeString(tree.resolve("refuse.txt"), "the check target fails while this exists");
        Quiz.Result bad = Quiz.run(tree, 600, "run", "--build", "--color=never", "-p", "checked", "--work", "targets-bad");
        assertEquals(125, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("make check failed"), bad.output());
    }

    @Test
    void quizOwnErrorsAreNotTestFailures() throws Exception {
        Quiz.Result r = quiz("run", "--mem", "lots", "--", "true");
        assertEquals(250, r.exitCode());
        assertTrue(r.output().contains("--mem': 'lots' is not a size"), r.output());
        assertEquals(250, quiz("run", "--kernel", "9.9", "--", "true").exitCode());
        assertEquals(250, quiz("run", "-p", "no-such-profile", "--", "true").exitCode());
    }
}
