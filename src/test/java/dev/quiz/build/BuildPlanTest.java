package dev.quiz.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BuildPlanTest {
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
