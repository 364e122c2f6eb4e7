package dev.quiz.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.quiz.arch.Arch;
import dev.quiz.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real OpenZFS (Debian's zfs-linux source: the 2.3.2 release) built by quiz build against the quiz
 * kernel, then proven in a fresh VM with the zfs-smoke profile; then with a deliberate kernel-side
 * bug planted, and taken out again. The built tree and work dir live in the shared cache, so a
 * second run only checks they are up to date. Run alone with: mvn test -Dgroups=zfs
 */
@Tag("vm")
@Tag("zfs")
class OpenZfsIT {
    /** A VERIFY that fails on every pool create, inserted into spa_create(). */
    static final String BUG = "\tVERIFY3U(strlen(pool), ==, 0);\n";

    @TempDir
    Path dir;

    /**
     * The OpenZFS release tree of the store FirstContactIT makes fresh and builds from nothing:
     * the tests of OpenZFS run on that one tree, so a run of the suite builds OpenZFS once for
     * x86_64 (and once for arm64, in quiz's copy of it). Unpacked, into that store made first, when
     * no such test has run yet.
     */
    static Path pristineTree() throws Exception {
        if (!Files.isDirectory(FirstContactIT.home().resolve("kernels"))) {
            FirstContactIT.freshStore();
        }
        Quiz.Result r = Quiz.run(FirstContactIT.env(), Path.of("."), 600, "prepare", "openzfs", "--color=never");
        assertEquals(0, r.exitCode(), r.output());
        Path tree = FirstContactIT.storeTree();
        Path spa = tree.resolve("module/zfs/spa.c");
        if (Files.readString(spa).contains(BUG)) {
            Files.writeString(spa, Files.readString(spa).replace(BUG, "")); // left by a killed run
        }
        return tree;
    }

    /**
     * Runs {@code test} with a VERIFY that fails on every pool create planted in spa_create() of
     * {@code tree}, as a developer would plant it, and takes it out again however the test ends.
     * A bug left behind by a test run that was killed is taken out first.
     */
    static void withBugInSpaCreate(Path tree, Callable test) throws Exception {
        Path spa = tree.resolve("module/zfs/spa.c");
        String source = Files.readString(spa).replace(BUG, "");
        int function = source.indexOf("\nspa_create(const char *pool");
        int lock = source.indexOf("\tmutex_enter(&spa_namespace_lock);", function);
        if (function < 0 || lock < 0) {
            fail("spa_create() not found where expected in " + spa);
        }
        Files.writeString(spa, source.substring(0, lock) + BUG + source.substring(lock));
        try {
            test.call();
        } finally {
            Files.writeString(spa, source);
        }
    }

    /** A test that may throw anything. */
    @FunctionalInterface
    interface Callable {
        void call() throws Exception;
    }

    /** The bug's ASSERT, its line and the module frame that says where. */
    static void assertBugReported(Map<?, ?> r) {
        assertEquals("ASSERT", r.get("verdict"));
        String trace = String.join("\n", (List<String>) ((Map<?, ?>) r.get("report")).get("excerpt"));
        assertTrue(trace.startsWith("VERIFY3(strlen(pool) == 0) failed (4 == 0)"), trace);
        assertTrue(trace.contains("PANIC at spa.c:"), trace);
        assertTrue(Pattern.compile("spa_create \\(module/zfs/spa\\.c:\\d+").matcher(trace).find(),
                "the trace points into the module, symbolised: " + trace);
    }

    private Map<?, ?> run(Path tree, String work, String profile, int expectedExit) throws Exception {
        return run(FirstContactIT.env(), Arch.byDefault(), dir, tree, work, profile, expectedExit);
    }

    /** quiz run --build of the tree into a work dir of the store {@code env} names; returns the JSON report. */
    static Map<?, ?> run(Map<String, String> env, Arch arch, Path dir, Path tree, String work, String profile,
            int expectedExit) throws Exception {
        Path json = dir.resolve("report.json");
        Quiz.preparedStore(arch);
        Quiz.Result r = Quiz.run(env, dir, 3600,
                "run", "--color=never", "--arch", arch.id(), "--build", "--tree", tree.toString(), "--work", work,
                "-p", profile, "--report", json.toString());
        assertEquals(expectedExit, r.exitCode(), r.output());
        Map<?, ?> report = (Map<?, ?>) Json.parse(Files.readString(json));
        assertEquals(arch.id(), report.get("arch"));
        return report;
    }

    /** The work dir OpenZFS is installed into by these tests, built and installed first if it is not. */
    static Path installedWorkDir() throws Exception {
        Path tree = pristineTree();
        Quiz.Result r = Quiz.run(FirstContactIT.env(), Path.of("."), 3600, "build", "--color=never", "--tree",
                tree.toString(), "--work", "openzfs-it");
        assertEquals(0, r.exitCode(), r.output());
        return FirstContactIT.home().resolve("work/openzfs-it");
    }

    @Test
    void builtOpenZfsPassesTheSmokeTest() throws Exception {
        Map<?, ?> r = run(pristineTree(), "openzfs-it", "zfs-smoke", 0);
        assertEquals("PASS", r.get("verdict"));
        assertTrue(String.valueOf(r.get("taints")).contains("P (proprietary module)"),
                "the CDDL zfs module was really loaded: " + r);
    }

    @Test
    void shippedZtsQuickProfileRunsTheSuiteAndKeepsItsLogs() throws Exception {
        Map<?, ?> r = run(pristineTree(), "openzfs-it", "zts-quick", 0);
        assertEquals("PASS", r.get("verdict"), String.valueOf(r));
        List<?> tests = (List<?>) r.get("tests");
        assertTrue(tests.size() > 20, "the zpool_create tests ran one by one: " + tests);
        assertTrue(tests.stream().allMatch(t -> "PASS".equals(((Map<?, ?>) t).get("status"))), String.valueOf(tests));
        Path out = Path.of((String) r.get("guest_files"));
        try (var files = Files.walk(out)) {
            assertTrue(files.anyMatch(p -> p.endsWith("zpool_create_002_pos/stdout")),
                    "each test's log is kept on the host: " + out);
        }
    }

    @Test
    void shippedZtestProfilePasses() throws Exception {
        Map<?, ?> r = run(pristineTree(), "openzfs-it", "ztest", 0);
        assertEquals("PASS", r.get("verdict"), String.valueOf(r));
    }

    /** The bug goes in and out of the same tree: each time, an incremental build of spa.c and the module. */
    @Test
    void verifyFailingInSpaCreateIsAnAssertWithTheModuleTrace() throws Exception {
        Path tree = pristineTree();
        withBugInSpaCreate(tree, () -> assertBugReported(run(tree, "openzfs-it", "zfs-smoke", 120)));
    }
}
