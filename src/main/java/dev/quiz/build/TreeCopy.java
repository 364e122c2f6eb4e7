package dev.quiz.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

/**
 * A copy of a tree's sources in the store, where builds for a foreign architecture run: the
 * user's tree keeps its own (native) build and configuration, and builds of two architectures
 * never overwrite each other's objects. Before each build the copy is brought in step with the
 * tree's sources: new and changed files are copied with their modification times (so make sees
 * what changed), files no longer among the sources are removed; what the copy's builds wrote stays.
 */
final class TreeCopy {
    private TreeCopy() {
    }

    /**
     * Brings {@code copy} in step with {@code sources} (relative path to stamp) of {@code tree};
     * {@code copied} records what the last sync copied. Returns whether the copy was new.
     */
    static boolean sync(Path tree, Path copy, Map<String, String> sources, Path copied) throws IOException {
        boolean fresh = !Files.isDirectory(copy);
        Map<String, String> before = fresh ? Map.of()
                : TreeSnapshot.load(copied).map(TreeSnapshot::files).orElse(Map.of());
        Files.createDirectories(copy);
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path target = copy.resolve(source.getKey());
            if (!source.getValue().equals(before.get(source.getKey())) || !Files.exists(target)) {
                Files.createDirectories(target.getParent());
                Files.copy(tree.resolve(source.getKey()), target, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        for (String gone : before.keySet()) {
            if (!sources.containsKey(gone)) {
                Files.deleteIfExists(copy.resolve(gone));
            }
        }
        new TreeSnapshot(sources).save(copied);
        return fresh;
    }

    /** The copy a build for this kernel's architecture runs in, if it is not the tree itself. */
    static Optional<Path> of(Path stateDir, PreparedKernel kernel) {
        return kernel.arch().foreign() ? Optional.of(stateDir.resolve(kernel.arch().id()).resolve("tree"))
                : Optional.empty();
    }
}
