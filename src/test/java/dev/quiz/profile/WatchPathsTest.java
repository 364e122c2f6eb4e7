package dev.quiz.profile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchPathsTest {
    @Test
    void everythingWithoutAnInclude() {
        assertTrue(WatchPaths.ALL.wants(Path.of("module/zfs/spa.c")));
        assertTrue(WatchPaths.ALL.wants(Path.of("README.md")));
    }

    @Test
    void includeNarrowsAndExcludeWins() {
        WatchPaths w = new WatchPaths(List.of("module/**", "include/**"), List.of("module/os/freebsd/**", "**.md"));
        assertTrue(w.wants(Path.of("module/zfs/spa.c")));
        assertTrue(w.wants(Path.of("include/sys/spa.h")));
        assertFalse(w.wants(Path.of("cmd/zpool/zpool_main.c")), "not included");
        assertFalse(w.wants(Path.of("module/os/freebsd/zfs/zfs_vnops_os.c")), "excluded");
        assertFalse(w.wants(Path.of("module/README.md")), "** crosses directories");
    }

    @Test
    void singleStarStaysInItsDirectory() {
        WatchPaths w = new WatchPaths(List.of("*.c"), List.of());
        assertTrue(w.wants(Path.of("main.c")));
        assertFalse(w.wants(Path.of("sub/main.c")));
    }

    @Test
    void badGlobsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WatchPaths(List.of("[abc"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new WatchPaths(List.of(), List.of("/abs/**")));
    }
}
