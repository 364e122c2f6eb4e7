package dev.quiz.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What counts as a change: the tree's sources by git (or every file outside git), never what a
 * build writes. Real git, real files; the builds are this test writing files while a build window
 * is open, as make would.
 */
class TreeSourcesTest {
    @TempDir
    Path tmp;

    private Path tree;
    private Store store;

    private Path tree(boolean git) throws Exception {
        tree = Files.createDirectories(tmp.resolve("zfs"));
        store = new Store(tmp.resolve("store"));
        write("module/zfs/spa.c", "int spa;\n");
        write("include/sys/spa.h", "int spa(void);\n");
        write("Makefile.am", "SUBDIRS = module\n");
        if (git) {
            write(".gitignore", "*.o\n/config.status\n");
            git("init", "-q", "-b", "main");
            git("add", ".");
            git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "init");
        }
        // A build starts after the tree has been quiet for a while (the watcher's quiet period).
        Thread.sleep(50);
        return tree;
    }

    private void write(String path, String text) throws Exception {
        Path p = tree.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private void git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", tree.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, p.waitFor());
    }

    private Set<Path> changes(TreeSources sources, String... paths) throws Exception {
        return sources.changesAmong(java.util.Arrays.stream(paths).map(Path::of).toList());
    }

    private static Set<Path> paths(String... paths) {
        return java.util.Arrays.stream(paths).map(Path::of).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void inGitTheSourcesAreTrackedAndUnignoredFiles() throws Exception {
        tree(true);
        TreeSources sources = TreeSources.of(store, tree);
        write("notes.c", "new, not yet added\n");
        write("module/zfs/spa.o", "object");
        write("config.status", "generated");
        write("module/zfs/.spa.c.swp", "vim");
        write("module/zfs/spa.c~", "backup");
        Map<String, String> scan = sources.scan();
        assertEquals(Set.of(".gitignore", "Makefile.am", "include/sys/spa.h", "module/zfs/spa.c", "notes.c"),
                scan.keySet());
        assertEquals(paths("module/zfs/spa.c", "notes.c"), changes(sources, "module/zfs/spa.c", "notes.c",
                "module/zfs/spa.o", "config.status", "module/zfs/.spa.c.swp", "module/zfs/spa.c~", ".git/index"));
    }

    @Test
    void whatABuildCreatesIsNeverASourceEvenWhenGitDoesNotIgnoreIt() throws Exception {
        tree(true);
        TreeSources sources = TreeSources.of(store, tree);
        sources.scan();
        TreeSources.Build build = sources.beginBuild();
        write("module/zfs/spa.o", "object");
        write("module/zfs/.spa.o.cmd", "kbuild, not ignored here");
        write("conftest.file", "configure's");
        write("libzpool_la-vdev_raidz.loT", "libtool's");
        Files.delete(tree.resolve("conftest.file"));
        assertEquals(Set.of(), changes(sources, "module/zfs/spa.o", "module/zfs/.spa.o.cmd", "conftest.file",
                "libzpool_la-vdev_raidz.loT"), "the build's writes are not changes while it runs");
        write("module/zfs/spa.c", "int spa_edited_during_the_build;\n");
        assertEquals(paths("module/zfs/spa.c"), changes(sources, "module/zfs/spa.c"),
                "an edit saved during the build is a change");
        sources.endBuild(build, true);

        assertEquals(Set.of(), changes(sources, "module/zfs/.spa.o.cmd", "libzpool_la-vdev_raidz.loT", "conftest.file"),
                "events that arrive after the build ended are not changes either");
        write("module/zfs/.spa.o.cmd", "rewritten by the next build");
        assertEquals(Set.of(), changes(sources, "module/zfs/.spa.o.cmd"), "a learned output stays one");
        assertFalse(sources.scan().containsKey("module/zfs/.spa.o.cmd"));
        assertTrue(Files.readString(TreeSources.stateDir(store, tree).resolve("outputs"))
                .contains("module/zfs/.spa.o.cmd\n"), "kept in the store for the next quiz");
        write("module/zfs/vdev.c", "a new source, made while no build runs\n");
        assertEquals(paths("module/zfs/vdev.c"), changes(sources, "module/zfs/vdev.c"));
    }

    /** A copy of a built tree holds last build's outputs: its first quiz build rewrites them. */
    @Test
    void theFirstBuildOfACopiedTreeLearnsWhatItRewrites() throws Exception {
        tree(false);
        write("module/zfs/spa.o", "object of the tree this was copied from");
        write("modules.order", "old");
        Thread.sleep(50);
        TreeSources sources = TreeSources.of(store, tree);
        assertTrue(sources.scan().containsKey("module/zfs/spa.o"), "outside git, every file is a source at first");
        TreeSources.Build first = sources.beginBuild();
        write("module/zfs/spa.o", "rebuilt");
        write("modules.order", "rewritten");
        assertEquals(Set.of(), changes(sources, "module/zfs/spa.o", "modules.order"));
        sources.endBuild(first, true);
        assertEquals(Set.of("Makefile.am", "include/sys/spa.h", "module/zfs/spa.c"), sources.scan().keySet());

        TreeSources.Build second = sources.beginBuild();
        write("module/zfs/spa.o", "rebuilt again");
        write("module/zfs/spa.c", "int edited;\n");
        assertEquals(paths("module/zfs/spa.c"), changes(sources, "module/zfs/spa.o", "module/zfs/spa.c"),
                "after the first build, an edit during a build is a change");
        sources.endBuild(second, true);
        assertTrue(sources.scan().containsKey("module/zfs/spa.c"));
    }

    @Test
    void aTreeQuizUnpackedHasNothingToLearnSoItsFirstBuildSeesEdits() throws Exception {
        tree(false);
        TreeSources.markPristine(store, tree);
        TreeSources sources = TreeSources.of(store, tree);
        sources.scan();
        TreeSources.Build first = sources.beginBuild();
        write("module/zfs/spa.c", "int edited_during_the_first_build;\n");
        write("config.status", "created by configure");
        assertEquals(paths("module/zfs/spa.c"), changes(sources, "module/zfs/spa.c", "config.status"));
        sources.endBuild(first, true);
    }

    @Test
    void whatAutogenAndConfigureRewriteIsTheirsButNotTrackedFiles() throws Exception {
        tree(true);
        TreeSources sources = TreeSources.of(store, tree);
        write("configure", "shipped, not tracked, not ignored");
        Thread.sleep(50);
        sources.scan();
        sources.endBuild(sources.beginBuild(), true);
        assertTrue(sources.scan().containsKey("configure"));

        TreeSources.Build build = sources.beginBuild();
        build.regenerating(true);
        write("configure", "regenerated by autogen");
        write("Makefile.am", "edited while autogen runs\n");
        assertEquals(paths("Makefile.am"), changes(sources, "configure", "Makefile.am"));
        build.regenerating(false);
        assertEquals(Set.of(), changes(sources, "configure"), "a late event of the regeneration");
        sources.endBuild(build, true);
        assertFalse(sources.scan().containsKey("configure"));
        assertTrue(sources.scan().containsKey("Makefile.am"));
    }

    @Test
    void quizsOwnStoreInsideTheTreeIsNoSource() throws Exception {
        tree(false);
        Store inside = new Store(tree.resolve(".cache/quiz"));
        TreeSources sources = TreeSources.of(inside, tree);
        write(".cache/quiz/runs/0001/console.log", "a run's console");
        assertEquals(Set.of(), changes(sources, ".cache/quiz/runs/0001/console.log"));
        assertFalse(sources.scan().keySet().stream().anyMatch(p -> p.startsWith(".cache/quiz/")));
    }

    @Test
    void snapshotsSeeEditsAdditionsAndRemovals() throws Exception {
        tree(false);
        TreeSources sources = TreeSources.of(store, tree);
        Path c = tree.resolve("module/zfs/spa.c");
        Path gone = Files.writeString(tree.resolve("old.c"), "");
        TreeSnapshot before = TreeSnapshot.of(sources);
        Files.writeString(c, "int y;\n");
        Files.setLastModifiedTime(c, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Files.delete(gone);
        write("new.h", "");
        TreeSnapshot after = TreeSnapshot.of(sources);
        assertEquals(paths("module/zfs/spa.c", "old.c", "new.h"), after.changedSince(before));
        Path saved = tmp.resolve("state/snap.tsv");
        after.save(saved);
        assertEquals(after, TreeSnapshot.load(saved).orElseThrow());
    }
}
