package dev.quiz.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.quiz.report.Json;
import dev.quiz.store.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real OpenZFS (Debian's zfs-linux source: the 2.3.2 release) built by quiz build against the quiz
 * kernel, then proven in a fresh VM with the zfs-smoke profile; and a copy with a deliberate
 * kernel-side bug. The built trees and work dirs live in the shared cache, so a second run only
 * checks they are up to date. Run alone with: mvn test -Dgroups=zfs
 */
@Tag("vm")
@Tag("zfs")
class OpenZfsIT {
    /** A VERIFY that fails on every pool create, inserted into spa_create(). */
    static final String BUG = "\tVERIFY3U(strlen(pool), ==, 0);\n";

    @TempDir
    Path dir;

    static Path pristineTree() throws Exception {
        Quiz.preparedStore();
        Quiz.Result r = Quiz.run(Map.of("QUIZ_HOME", Quiz.sharedCache().toString()), Path.of("."), 600,
                "prepare", "openzfs", "--color=never");
        assertEquals(0, r.exitCode(), r.output());
        try (var list = Files.list(Quiz.sharedCache().resolve("openzfs"))) {
            return list.filter(p -> Files.isRegularFile(p.resolve("META"))).findFirst().orElseThrow();
        }
    }

    /** A second copy of the release, unpacked from the same tarball, with the bug in spa_create(). */
    static Path buggyTree() throws Exception {
        Path pristine = pristineTree();
        Path root = Quiz.sharedCache().resolve("openzfs-test").resolve("verify-in-spa-create-" + Hashing.key(BUG));
        Path tree = root.resolve(pristine.getFileName());
        if (Files.isRegularFile(tree.resolve("META"))) {
            return tree;
        }
        Path tarball;
        try (var list = Files.list(Quiz.sharedCache().resolve("downloads/zfs-linux"))) {
            tarball = list.filter(p -> p.toString().endsWith(".orig.tar.gz")).findFirst().orElseThrow();
        }
        Path partial = Files.createDirectories(root.resolve(".partial"));
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", partial.toString()).inheritIO().start();
        assertEquals(0, tar.waitFor());
        Path spa = partial.resolve(pristine.getFileName()).resolve("module/zfs/spa.c");
        String source = Files.readString(spa);
        int function = source.indexOf("\nspa_create(const char *pool");
        int lock = source.indexOf("\tmutex_enter(&spa_namespace_lock);", function);
        if (function < 0 || lock < 0) {
            fail("spa_create() not found where expected in " + spa);
        }
        Files.writeString(spa, source.substring(0, lock) + BUG + source.substring(lock));
        Files.move(partial.resolve(pristine.getFileName()), tree);
        return tree;
    }

    private Map<?, ?> run(Path tree, String work, String profile, int expectedExit) throws Exception {
        Path json = dir.resolve("report.json");
        Quiz.Result r = Quiz.run(Map.of("QUIZ_HOME", store().toString()), dir, 3600,
                "run", "--color=never", "--build", "--tree", tree.toString(),
                "--work", Quiz.sharedCache().resolve("work").resolve(work).toString(),
                "-p", profile, "--report", json.toString());
        assertEquals(expectedExit, r.exitCode(), r.output());
        return (Map<?, ?>) Json.parse(Files.readString(json));
    }

    /** The test store, with the shared cache's builds so configure stamps and snapshots persist. */
    private static Path store() throws Exception {
        Path store = Quiz.preparedStore();
        Path builds = store.resolve("builds");
        if (!Files.exists(builds)) {
            Files.createDirectories(Quiz.sharedCache().resolve("builds"));
            Files.createSymbolicLink(builds, Quiz.sharedCache().resolve("builds"));
        }
        return store;
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

    @Test
    void verifyFailingInSpaCreateIsAnAssertWithTheModuleTrace() throws Exception {
        Map<?, ?> r = run(buggyTree(), "openzfs-it-buggy", "zfs-smoke", 120);
        assertEquals("ASSERT", r.get("verdict"));
        String trace = String.join("\n", (List<String>) ((Map<?, ?>) r.get("report")).get("excerpt"));
        assertTrue(trace.startsWith("VERIFY3(strlen(pool) == 0) failed (4 == 0)"), trace);
        assertTrue(trace.contains("PANIC at spa.c:"), trace);
        assertTrue(trace.contains("spa_create"), "the trace points into the module: " + trace);
    }
}
