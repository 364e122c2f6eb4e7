package dev.quiz.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildPlanTest {
    @TempDir
    Path tree;

    @Test
    void changesAreClassifiedByWhatTheyAffect() {
        assertEquals(ChangeKind.KERNEL, ChangeKind.of(Path.of("module/os/linux/zfs/zfs_vnops_os.c")));
        assertEquals(ChangeKind.SHARED, ChangeKind.of(Path.of("module/zfs/vdev_raidz.c")));
        assertEquals(ChangeKind.SHARED, ChangeKind.of(Path.of("include/sys/spa.h")));
        assertEquals(ChangeKind.USERLAND, ChangeKind.of(Path.of("cmd/zpool/zpool_main.c")));
        assertEquals(ChangeKind.USERLAND, ChangeKind.of(Path.of("lib/libzfs/libzfs_pool.c")));
        assertEquals(ChangeKind.TESTS, ChangeKind.of(Path.of("tests/zfs-tests/tests/functional/cli_root/zpool_create/setup.ksh")));
        assertEquals(ChangeKind.BUILD_SYSTEM, ChangeKind.of(Path.of("configure.ac")));
        assertEquals(ChangeKind.BUILD_SYSTEM, ChangeKind.of(Path.of("config/kernel-blkdev.m4")));
        assertEquals(ChangeKind.BUILD_SYSTEM, ChangeKind.of(Path.of("lib/libzfs/Makefile.am")));
        assertEquals(ChangeKind.NOTHING, ChangeKind.of(Path.of("README.md")));
        assertEquals(ChangeKind.NOTHING, ChangeKind.of(Path.of("man/man8/zpool.8")));
    }

    @Test
    void leastCorrectWork() {
        BuildPlan moduleOnly = BuildPlan.forChanges(EnumSet.of(ChangeKind.SHARED), false);
        assertEquals(BuildPlan.Make.MODULES, moduleOnly.make());
        assertEquals(BuildPlan.Install.MODULES, moduleOnly.install());
        assertFalse(moduleOnly.configure());

        BuildPlan ztest = BuildPlan.forChanges(EnumSet.of(ChangeKind.SHARED), true);
        assertEquals(BuildPlan.Make.ALL, ztest.make(), "libzpool is built from module/ too");

        BuildPlan kernelOnly = BuildPlan.forChanges(EnumSet.of(ChangeKind.KERNEL), true);
        assertEquals(BuildPlan.Make.MODULES, kernelOnly.make(), "module/os/linux is kernel-only");

        BuildPlan tests = BuildPlan.forChanges(EnumSet.of(ChangeKind.TESTS), false);
        assertEquals(BuildPlan.Make.NOTHING, tests.make());
        assertEquals(BuildPlan.Install.TESTS, tests.install());

        BuildPlan buildSystem = BuildPlan.forChanges(EnumSet.of(ChangeKind.BUILD_SYSTEM, ChangeKind.KERNEL), false);
        assertTrue(buildSystem.autogen() && buildSystem.configure());
        assertEquals(BuildPlan.Install.FULL, buildSystem.install());

        BuildPlan userland = BuildPlan.forChanges(EnumSet.of(ChangeKind.USERLAND, ChangeKind.KERNEL), false);
        assertEquals(BuildPlan.FULL, userland);

        assertEquals(BuildPlan.Make.NOTHING, BuildPlan.forChanges(Set.of(ChangeKind.NOTHING), false).make());
        BuildPlan repaired = moduleOnly.full(false, true);
        assertEquals(BuildPlan.Install.FULL, repaired.install());
        assertTrue(repaired.configure());
    }

    @Test
    void buildOutputsAndEditorFilesAreNotSources() {
        for (String generated : List.of("module/zfs/spa.o", "module/zfs.ko", "lib/libzfs/.libs/libzfs.so.6",
                "lib/libzfs/libzfs_la-libzfs_pool.lo", "module/zfs/.spa.o.cmd", "module/zfs/.spa.c.swp",
                "cmd/zpool/zpool_main.c~", ".git/index", "autom4te.cache/output.0", "Makefile", "config.status",
                "module/.#spa.c", "module/zfs/4913", "zfs_config.h", "module/zfs/spa.mod.c", ".tmp_1234/tmp",
                ".modules.order.cmd", "Module.symvers", "quiztest.mod")) {
            assertFalse(SourceFilter.isSource(Path.of(generated)), generated);
        }
        for (String source : List.of("module/zfs/spa.c", "include/sys/spa.h", "configure.ac", "Makefile.am",
                "tests/zfs-tests/tests/functional/a/b.ksh", "Kbuild", "META")) {
            assertTrue(SourceFilter.isSource(Path.of(source)), source);
        }
    }

    @Test
    void snapshotsSeeEditsAdditionsAndRemovals() throws IOException {
        Path c = Files.createDirectories(tree.resolve("module/zfs")).resolve("spa.c");
        Files.writeString(c, "int x;\n");
        Files.writeString(tree.resolve("module/zfs/spa.o"), "obj");
        Path gone = Files.writeString(tree.resolve("old.c"), "");
        TreeSnapshot before = TreeSnapshot.scan(tree);
        assertFalse(before.files().containsKey("module/zfs/spa.o"));
        Files.writeString(c, "int y;\n");
        Files.setLastModifiedTime(c, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Files.delete(gone);
        Files.writeString(tree.resolve("new.h"), "");
        Files.writeString(tree.resolve("module/zfs/spa.o"), "rebuilt object");
        TreeSnapshot after = TreeSnapshot.scan(tree);
        assertEquals(Set.of(Path.of("module/zfs/spa.c"), Path.of("old.c"), Path.of("new.h")), after.changedSince(before));
        Path saved = tree.resolve("state/snap.tsv");
        after.save(saved);
        assertEquals(after, TreeSnapshot.load(saved).orElseThrow());
    }

    @Test
    void firstCompilerErrorRelativeToTheTree() {
        Path t = Path.of("/src/zfs");
        List<String> out = List.of("  CC [M]  /src/zfs/module/zfs/vdev_raidz.o",
                "/src/zfs/module/zfs/vdev_raidz.c: In function 'vdev_raidz_io_start':",
                "/src/zfs/module/zfs/vdev_raidz.c:2110:9: error: expected ';' before 'return'",
                "/src/zfs/module/zfs/vdev_raidz.c:2200:1: error: second error");
        assertEquals("module/zfs/vdev_raidz.c:2110: error: expected ';' before 'return'",
                CompilerErrors.first(out, t).orElseThrow());
        assertEquals("modpost: \"foo\" [/src/x.ko] undefined!",
                CompilerErrors.first(List.of("ERROR: modpost: \"foo\" [/src/x.ko] undefined!"), t).orElseThrow());
        assertTrue(CompilerErrors.first(List.of("make: *** [Makefile:1] Error 2"), t).isEmpty());
    }
}
