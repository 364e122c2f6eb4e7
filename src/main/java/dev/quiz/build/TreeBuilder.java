package dev.quiz.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** Builds a source tree and installs it into a work dir. */
public interface TreeBuilder {
    /**
     * Builds what {@code changed} needs (or, when empty, what changed since the last good build),
     * and installs it into the work dir. Never throws for a failing build: that is an outcome.
     */
    BuildOutcome build(Optional<Set<Path>> changed) throws IOException, InterruptedException;

    /** Stops a build that is running, from another thread: make and its children are killed. */
    void cancel();

    /** The sources that differ from those of the last good build (none if there was none). */
    Set<Path> changedSources() throws IOException, InterruptedException;

    /** The right builder for a tree: OpenZFS (autotools) or a plain out-of-tree kernel module (Kbuild). */
    static String kind(Path tree) throws IOException {
        Path meta = tree.resolve("META");
        if (Files.isRegularFile(meta) && Files.readString(meta).matches("(?s).*Name:\\s+zfs\\b.*")
                && Files.isDirectory(tree.resolve("module"))) {
            return "openzfs";
        }
        Path makefile = tree.resolve("Makefile");
        if (Files.isRegularFile(tree.resolve("Kbuild"))
                || Files.isRegularFile(makefile) && Files.readString(makefile).contains("obj-")) {
            return "module";
        }
        throw new IllegalArgumentException(tree + " is neither an OpenZFS tree (META with Name: zfs) nor a kernel module"
                + " tree (Kbuild, or a Makefile with obj-m): give --tree DIR");
    }
}
