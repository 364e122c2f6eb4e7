package dev.quiz.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy a foreign architecture's builds run in, kept in step with the tree's sources. */
class TreeCopyTest {
    @TempDir
    Path tmp;

    private static Map<String, String> stamps(Path tree, String... paths) throws Exception {
        Map<String, String> stamps = new java.util.TreeMap<>();
        for (String p : paths) {
            Path f = tree.resolve(p);
            stamps.put(p, Files.getLastModifiedTime(f).toMillis() + ":" + Files.size(f));
        }
        return stamps;
    }

    @Test
    void newAndChangedSourcesAreCopiedWithTheirTimesAndGoneOnesRemovedWhileBuildOutputsStay() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Path copy = tmp.resolve("state/arm64/tree");
        Path copied = tmp.resolve("state/arm64/copied.tsv");
        Files.createDirectories(tree.resolve("module/zfs"));
        Files.writeString(tree.resolve("module/zfs/spa.c"), "int spa;\n");
        Files.writeString(tree.resolve("Makefile.am"), "SUBDIRS = module\n");
        Files.setLastModifiedTime(tree.resolve("module/zfs/spa.c"), FileTime.fromMillis(1_000_000_000_000L));

        assertTrue(TreeCopy.sync(tree, copy, stamps(tree, "module/zfs/spa.c", "Makefile.am"), copied), "a new copy");
        assertEquals("int spa;\n", Files.readString(copy.resolve("module/zfs/spa.c")));
        assertEquals(1_000_000_000_000L, Files.getLastModifiedTime(copy.resolve("module/zfs/spa.c")).toMillis(),
                "with its time, so make sees what is newer");

        Files.writeString(copy.resolve("module/zfs/spa.o"), "an object the copy's build wrote");
        Files.writeString(tree.resolve("module/zfs/spa.c"), "int spa = 1;\n");
        Files.delete(tree.resolve("Makefile.am"));
        assertFalse(TreeCopy.sync(tree, copy, stamps(tree, "module/zfs/spa.c"), copied), "the same copy, brought in step");
        assertEquals("int spa = 1;\n", Files.readString(copy.resolve("module/zfs/spa.c")));
        assertFalse(Files.exists(copy.resolve("Makefile.am")), "a source that is gone is gone from the copy");
        assertTrue(Files.exists(copy.resolve("module/zfs/spa.o")), "what the copy's builds wrote stays");
    }

    @Test
    void onlyAForeignArchitectureBuildsInACopy() {
        Path state = tmp.resolve("state");
        PreparedKernel own = kernel(dev.quiz.arch.Arch.byDefault());
        assertTrue(TreeCopy.of(state, own).isEmpty());
        for (dev.quiz.arch.Arch arch : dev.quiz.arch.Arch.values()) {
            if (arch.foreign()) {
                assertEquals(state.resolve(arch.id()).resolve("tree"), TreeCopy.of(state, kernel(arch)).orElseThrow());
            }
        }
    }

    private static PreparedKernel kernel(dev.quiz.arch.Arch arch) {
        return new PreparedKernel(arch, "6.1.192-quiz", Path.of("/k/Image"), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), "test");
    }
}
