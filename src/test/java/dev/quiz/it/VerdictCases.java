package dev.quiz.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.arch.Arch;
import dev.quiz.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every verdict from a real kernel of one architecture: the quiztest module, built by quiz build
 * for it, misbehaves on command in a real VM. {@link VerdictIT} and {@link Arm64VerdictIT} run the
 * same cases; only what an architecture prints differently is its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class VerdictCases {
    Path dir;
    Path work;

    abstract Arch arch();

    /** How the architecture's kernel starts the report of a NULL dereference at address 8. */
    abstract String nullDereference();

    @BeforeAll
    void buildModule(@TempDir Path temp) throws Exception {
        dir = temp;
        work = dir.resolve("work");
        Files.createDirectories(work);
        TestModule.buildInto(dir.resolve("quiztest"), work, arch());
    }

    /** Loads quiztest and asks it for {@code action}; returns the JSON report of the run. */
    private Map<?, ?> run(String action, int expectedExit, String... extra) throws Exception {
        Path json = dir.resolve(action + ".json");
        List<String> args = new java.util.ArrayList<>(List.of("run", "--color=never", "--arch", arch().id(), "--work",
                work.toString(), "--timeout", "120s", "--report", json.toString()));
        args.addAll(List.of(extra));
        args.add("modprobe quiztest && echo " + action + " > /proc/quiztest && echo done-" + action);
        Quiz.Result r = Quiz.run(Map.of("QUIZ_HOME", Quiz.preparedStore(arch()).toString()), dir, 300,
                args.toArray(String[]::new));
        assertEquals(expectedExit, r.exitCode(), r.output());
        Map<?, ?> report = (Map<?, ?>) Json.parse(Files.readString(json));
        assertEquals(arch().id(), report.get("arch"), "the report names the architecture");
        return report;
    }

    private static String excerpt(Map<?, ?> report) {
        return String.join("\n", (List<String>) ((Map<?, ?>) report.get("report")).get("excerpt"));
    }

    @Test
    void okPassesAndTheOutOfTreeTaintIsReported() throws Exception {
        Map<?, ?> r = run("ok", 0);
        assertEquals("PASS", r.get("verdict"));
        assertTrue(String.valueOf(r.get("taints")).contains("O (out-of-tree module)"), r.toString());
    }

    @Test
    void warningIsCountedButPasses() throws Exception {
        Map<?, ?> r = run("warn", 0);
        assertEquals("PASS", r.get("verdict"));
        List<?> warnings = (List<?>) r.get("warnings");
        assertEquals(1, warnings.size());
        assertTrue(String.valueOf(((Map<?, ?>) warnings.get(0)).get("header")).startsWith("WARNING: CPU: "));
    }

    @Test
    void oopsShowsTheModuleFrame() throws Exception {
        Map<?, ?> r = run("oops", 121);
        assertEquals("OOPS", r.get("verdict"));
        String trace = excerpt(r);
        assertTrue(trace.startsWith(nullDereference()), trace);
        assertTrue(trace.contains("quiztest_oops"), trace);
        assertTrue(trace.contains("quiztest.c:"), "symbolised to file:line from the module's debug info: " + trace);
    }

    @Test
    void bugIsAnOops() throws Exception {
        Map<?, ?> r = run("bug", 121);
        assertTrue(excerpt(r).startsWith("kernel BUG at"), excerpt(r));
    }

    @Test
    void panicEndsTheVm() throws Exception {
        Map<?, ?> r = run("panic", 122);
        assertTrue(excerpt(r).startsWith("Kernel panic - not syncing: quiztest: panic on request"), excerpt(r));
    }

    @Test
    void splStyleAssertionIsAssertNotAHang() throws Exception {
        Map<?, ?> r = run("verify", 120);
        assertEquals("ASSERT", r.get("verdict"));
        String trace = excerpt(r);
        assertTrue(trace.startsWith("VERIFY3(quiztest_value == 42) failed (41 == 42)"), trace);
        assertTrue(trace.contains("PANIC at quiztest.c:"), trace);
        assertTrue(trace.contains("quiztest_verify_failed"), trace);
        assertTrue(((Number) ((Map<?, ?>) r.get("seconds")).get("test")).doubleValue() < 60,
                "quiz stops the parked VM itself rather than waiting for the timeout");
    }

    @Test
    void softLockupIsAHang() throws Exception {
        Map<?, ?> r = run("softlockup", 124, "--append", "watchdog_thresh=2");
        assertEquals("HANG", r.get("verdict"));
        assertTrue(excerpt(r).startsWith("watchdog: BUG: soft lockup"), excerpt(r));
    }

    @Test
    void blockedTaskIsAHang() throws Exception {
        Map<?, ?> r = run("hung", 124, "--append", "sysctl.kernel.hung_task_timeout_secs=3");
        assertEquals("HANG", r.get("verdict"));
        assertTrue(excerpt(r).startsWith("INFO: task "), excerpt(r));
        assertTrue(excerpt(r).contains("blocked for more than"), excerpt(r));
    }

    @Test
    void silentGuestIsAHang() throws Exception {
        Quiz.Result r = Quiz.run(Map.of("QUIZ_HOME", Quiz.preparedStore(arch()).toString()), dir, 120, "run",
                "--color=never", "--arch", arch().id(), "--silence", "5s", "--", "sleep", "600");
        assertEquals(124, r.exitCode(), r.output());
        assertTrue(r.output().contains("HANG"), r.output());
        assertTrue(r.output().contains("no console output"), r.output());
    }
}
