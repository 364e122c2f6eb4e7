package dev.quiz.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BranchProfilesTest {
    @TempDir
    Path tree;

    @Test
    void exactNamesWinOverGlobsWhichGoInOrder() throws Exception {
        Files.createDirectories(tree.resolve(".quiz"));
        Files.writeString(tree.resolve(BranchProfiles.FILE), """
                "fix-*" = "zfs-smoke"
                "fix-raidz" = "ztest"
                "*" = "zfs"
                """);
        assertEquals(Optional.of("ztest"), BranchProfiles.fromTree(tree, "fix-raidz"));
        assertEquals(Optional.of("zfs-smoke"), BranchProfiles.fromTree(tree, "fix-arc"));
        assertEquals(Optional.of("zfs"), BranchProfiles.fromTree(tree, "feature/x"));
    }

    @Test
    void noFileNoMapping() throws Exception {
        assertEquals(Optional.empty(), BranchProfiles.fromTree(tree, "main"));
    }

    @Test
    void badValuesNameFileAndLine() throws Exception {
        Files.createDirectories(tree.resolve(".quiz"));
        Files.writeString(tree.resolve(BranchProfiles.FILE), "main = \"zfs\"\nother = 3\n");
        String e = assertThrows(ProfileException.class, () -> BranchProfiles.fromTree(tree, "main")).getMessage();
        assertTrue(e.endsWith("branches.toml:2: other: the value must be a profile name in quotes"), e);
    }
}
