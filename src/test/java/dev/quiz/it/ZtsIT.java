package dev.quiz.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.quiz.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * quiz zts on a few real groups of OpenZFS's test suite, and one planted group whose test panics
 * the kernel, over 2 shards of 1 CPU each: the merged results name every test; the panicking
 * group is PANIC with its trace, and its next test and the groups after it in its shard still run;
 * two --shard i/2 runs merged give the same per-test results; the report renders in a real
 * browser; Ctrl-C stops every shard's VM and still reports what finished.
 */
@Tag("vm")
@Tag("zfs")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZtsIT {
    @TempDir
    static Path dir;
    static Path work;
    static Path times;

    /**
     * A runfile of the suite's own groups, quick ones, and the planted one, named to come first in
     * its shard (never-timed groups are placed in name order), so a group runs after its panic.
     */
    static final String RUNFILE = """
            [DEFAULT]
            pre = setup
            quiet = False
            pre_user = root
            user = root
            timeout = 600
            post_user = root
            post = cleanup
            failsafe_user = root
            failsafe = callbacks/zfs_failsafe
            tags = ['functional']

            [tests/functional/acl/off]
            tests = ['posixmode']
            tags = ['functional', 'acl']

            [tests/functional/a_quiz_panic]
            tests = ['panic', 'after']
            tags = ['functional', 'a_quiz_panic']

            [tests/functional/bootfs]
            tests = ['bootfs_004_neg']
            tags = ['functional', 'bootfs']

            [tests/functional/cli_root/zpool_add]
            tests = ['zpool_add_001_pos']
            tags = ['functional', 'cli_root', 'zpool_add']
            """;

    @BeforeAll
    static void workDirWithThePlantedGroup() throws Exception {
        Path built = OpenZfsIT.installedWorkDir();
        work = dir.resolve("work");
        Process cp = new ProcessBuilder("cp", "-a", built.toString(), work.toString()).inheritIO().start();
        assertEquals(0, cp.waitFor());
        Path group = Files.createDirectories(work.resolve("usr/local/share/zfs/zfs-tests/tests/functional/a_quiz_panic"));
        executable(group.resolve("setup.ksh"), "#!/bin/ksh -p\nexit 0\n");
        executable(group.resolve("cleanup.ksh"), "#!/bin/ksh -p\nexit 0\n");
        executable(group.resolve("panic.ksh"), "#!/bin/ksh -p\necho c > /proc/sysrq-trigger\nsleep 60\n");
        executable(group.resolve("after.ksh"), "#!/bin/ksh -p\necho the test after the panic ran\nexit 0\n");
        Files.writeString(work.resolve("usr/local/share/zfs/runfiles/quiz-it.run"), RUNFILE);
        times = dir.resolve("times.tsv");
    }

    private static void executable(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Quiz.Result zts(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("zts", "--color=never", "-r", "quiz-it", "--work", work.toString(),
                "--cpus", "1", "--mem", "1536M", "--times", times.toString()));
        all.addAll(List.of(args));
        return Quiz.run(dir, 3600, all.toArray(String[]::new));
    }

    /** Test name to status, from a run's results.json. */
    static Map<String, String> perTest(Path out) throws Exception {
        Map<?, ?> m = (Map<?, ?>) Json.parse(Files.readString(out.resolve("results.json")));
        Map<String, String> tests = new TreeMap<>();
        for (Object g : (List<?>) m.get("groups")) {
            Map<?, ?> group = (Map<?, ?>) g;
            for (Object t : (List<?>) group.get("tests")) {
                tests.put((String) ((Map<?, ?>) t).get("name"), (String) ((Map<?, ?>) t).get("status"));
            }
            tests.put(group.get("group") + " (group)", (String) group.get("verdict"));
        }
        return tests;
    }

    @Test
    @Order(1)
    void twoShardsRunEveryGroupAndAPanicCostsOnlyItsGroup() throws Exception {
        Path out = dir.resolve("both");
        Quiz.Result r = zts("--shards", "2", "--out", out.toString());
        assertEquals(122, r.exitCode(), "the worst crash's code: " + r.output());
        assertTrue(r.output().contains("4 groups, 5 tests of quiz-it, over 2 shard(s)"), r.output());
        Map<String, String> tests = perTest(out);
        assertEquals("PANIC", tests.get("tests/functional/a_quiz_panic (group)"), tests.toString());
        assertTrue(r.output().contains("Kernel panic - not syncing: sysrq triggered crash"), "its trace: " + r.output());
        assertEquals("KILLED", tests.get("functional/a_quiz_panic/panic"), tests.toString());
        assertEquals("PASS", tests.get("functional/a_quiz_panic/after"), "the group's next test ran in a fresh VM: " + tests);
        for (String group : List.of("acl/off", "bootfs", "cli_root/zpool_add")) {
            assertTrue(tests.containsKey("tests/functional/" + group + " (group)"), group + " ran: " + tests);
        }
        assertEquals("PASS", tests.get("functional/bootfs/bootfs_004_neg"), tests.toString());
        assertEquals("PASS", tests.get("functional/cli_root/zpool_add/zpool_add_001_pos"), tests.toString());
        assertTrue(r.output().lines().anyMatch(l -> l.startsWith("[shard 1] ")) && r.output().lines()
                .anyMatch(l -> l.startsWith("[shard 2] ")), "a line per finished group, from both shards");
        assertTrue(r.output().contains("over 2 shards, whose times add up to"), r.output());
        assertTrue(Files.readString(times).contains("tests/functional/bootfs\t"), "group times are kept for the next plan");
    }

    @Test
    @Order(2)
    void twoSingleShardsMergedGiveTheSameResults() throws Exception {
        List<Process> shards = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            List<String> args = new ArrayList<>(List.of("zts", "--color=never", "-r", "quiz-it", "--work", work.toString(),
                    "--cpus", "1", "--mem", "1536M", "--times", times.toString(), "--shard", i + "/2", "--out",
                    dir.resolve("shard-" + i).toString()));
            shards.add(Quiz.start(Map.of("QUIZ_HOME", Quiz.preparedStore().toString()), dir, args.toArray(String[]::new)));
        }
        for (Process p : shards) {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("a shard did not end");
            }
            System.out.println(new String(out));
        }
        Path merged = dir.resolve("merged");
        Path mergedTimes = dir.resolve("merged-times.tsv");
        Quiz.Result r = Quiz.run(dir, 120, "zts", "merge", "--color=never", "--out", merged.toString(),
                "--times", mergedTimes.toString(), dir.resolve("shard-1").toString(), dir.resolve("shard-2").toString());
        assertEquals(122, r.exitCode(), r.output());
        assertEquals(perTest(dir.resolve("both")), perTest(merged), "the same per-test results as --shards 2");
        String timing = Files.readString(mergedTimes);
        for (String group : List.of("acl/off", "a_quiz_panic", "bootfs", "cli_root/zpool_add")) {
            assertTrue(timing.contains("tests/functional/" + group + "\t"), "merge keeps every shard's times: " + timing);
        }
    }

    @Test
    @Order(3)
    void theReportRendersInABrowserWithItsSummaryTimelineAndFailure() throws Exception {
        Path html = dir.resolve("both/report.html");
        Path pdf = dir.resolve("report.pdf");
        Process chromium = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--user-data-dir=" + dir.resolve("chromium"), "--print-to-pdf=" + pdf, "file://" + html)
                .redirectErrorStream(true).start();
        String said = new String(chromium.getInputStream().readAllBytes());
        assertTrue(chromium.waitFor(120, TimeUnit.SECONDS) && Files.size(pdf) > 0, "chromium printed it: " + said);
        Process text = new ProcessBuilder("pdftotext", "-layout", pdf.toString(), "-").start();
        String rendered = new String(text.getInputStream().readAllBytes());
        assertEquals(0, text.waitFor());
        assertTrue(rendered.contains("ZTS: ") && rendered.contains("cut short by a crash"), "the summary: " + rendered);
        assertTrue(rendered.contains("shard 1") && rendered.contains("shard 2"), "the timeline's rows: " + rendered);
        assertTrue(rendered.contains("PANIC in tests/functional/a_quiz_panic"), "the failure: " + rendered);
        assertTrue(rendered.contains("sysrq"), "with its kernel report: " + rendered);
    }

    @Test
    @Order(4)
    void ctrlCStopsEveryShardsVmAndReportsWhatFinished() throws Exception {
        Path out = dir.resolve("stopped");
        Process p = Quiz.start(Map.of("QUIZ_HOME", Quiz.preparedStore().toString()), dir, "zts", "--color=never", "-r",
                "quiz-it", "--work", work.toString(), "--cpus", "1", "--mem", "1536M", "--times", times.toString(),
                "--shards", "2", "--out", out.toString());
        java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
        StringBuilder seen = new StringBuilder();
        for (String line = lines.readLine(); line != null && !line.startsWith("[shard "); line = lines.readLine()) {
            seen.append(line).append('\n');
        }
        List<ProcessHandle> qemus = p.toHandle().descendants()
                .filter(h -> h.info().command().orElse("").contains("qemu-system")).toList();
        assertTrue(p.isAlive() && !qemus.isEmpty(), "a group finished while VMs still run: " + seen);
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
        String rest = lines.lines().collect(java.util.stream.Collectors.joining("\n"));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "quiz zts ends on Ctrl-C");
        assertEquals(130, p.exitValue(), rest);
        for (ProcessHandle q : qemus) {
            q.onExit().get(10, TimeUnit.SECONDS);
            assertTrue(!q.isAlive(), "qemu " + q.pid() + " is gone");
        }
        assertTrue(rest.contains("ZTS: "), "the summary of what finished: " + rest);
        assertTrue(!perTest(out).isEmpty(), "results.json holds the groups that finished");
    }
}
