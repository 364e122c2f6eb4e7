package dev.quiz.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.arch.Arch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenZFS 2.3.2 cross-built for arm64 by quiz build (userland against Debian's arm64 libraries,
 * modules against the arm64 kbuild tree), proven in an emulated arm64 VM: zfs-smoke passes, and a
 * planted VERIFY is an ASSERT whose trace is symbolised into module/zfs. The tree is the release
 * unpacked into the shared cache's store; the arm64 build runs in quiz's copy of it there, which
 * is kept with the work dir, so a later run only builds what changed.
 */
@Tag("vm")
@Tag("zfs")
@Tag("arm64")
class Arm64OpenZfsIT {
    @TempDir
    Path dir;

    @Test
    void crossBuiltOpenZfsPassesTheSmokeTestAndAPlantedVerifyIsAnAssert() throws Exception {
        Map<String, String> env = Map.of("QUIZ_HOME", Quiz.sharedCache().toString());
        Quiz.Result unpacked = Quiz.run(env, dir, 600, "prepare", "openzfs", "--color=never");
        assertEquals(0, unpacked.exitCode(), unpacked.output());
        Path tree;
        try (var list = Files.list(Quiz.sharedCache().resolve("openzfs"))) {
            tree = list.filter(p -> Files.isRegularFile(p.resolve("META"))).findFirst().orElseThrow();
        }
        Map<?, ?> smoke = OpenZfsIT.run(env, Arch.ARM64, dir, tree, "openzfs-it", "zfs-smoke", 0);
        assertEquals("PASS", smoke.get("verdict"), String.valueOf(smoke));
        assertTrue(String.valueOf(smoke.get("taints")).contains("P (proprietary module)"),
                "the CDDL zfs module was really loaded: " + smoke);
        OpenZfsIT.withBugInSpaCreate(tree, () -> OpenZfsIT.assertBugReported(
                OpenZfsIT.run(env, Arch.ARM64, dir, tree, "openzfs-it", "zfs-smoke", 120)));
    }
}
