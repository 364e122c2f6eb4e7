package dev.quiz.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.arch.Arch;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenZFS 2.3.2 cross-built for arm64 by quiz build (userland against Debian's arm64 libraries,
 * modules against the arm64 kbuild tree), proven in an emulated arm64 VM: zfs-smoke passes, and a
 * planted VERIFY is an ASSERT whose trace is symbolised into module/zfs. It is the same tree
 * {@link OpenZfsIT} builds in place for x86_64: the arm64 build runs in quiz's copy of it, and
 * neither build disturbs the other. The copy and the work dir are kept in the shared cache, so a
 * later run only builds what changed.
 */
@Tag("vm")
@Tag("zfs")
@Tag("arm64")
class Arm64OpenZfsIT {
    @TempDir
    Path dir;

    @Test
    void crossBuiltOpenZfsPassesTheSmokeTestAndAPlantedVerifyIsAnAssert() throws Exception {
        Path tree = OpenZfsIT.pristineTree();
        Map<?, ?> smoke = OpenZfsIT.run(Arch.ARM64, dir, tree, "openzfs-it-arm64", "zfs-smoke", 0);
        assertEquals("PASS", smoke.get("verdict"), String.valueOf(smoke));
        assertTrue(String.valueOf(smoke.get("taints")).contains("P (proprietary module)"),
                "the CDDL zfs module was really loaded: " + smoke);
        OpenZfsIT.withBugInSpaCreate(tree, () -> OpenZfsIT.assertBugReported(
                OpenZfsIT.run(Arch.ARM64, dir, tree, "openzfs-it-arm64", "zfs-smoke", 120)));
    }
}
