package dev.quiz.build;

import dev.quiz.store.Hashing;
import dev.quiz.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What quiz remembers about a tree it builds, in the store: the snapshot of its sources at the
 * last good build into a given work dir for a given kernel, and the build's log and stamps.
 */
final class TreeState {
    final Path dir;
    private final TreeSources sources;
    private final Path snapshotFile;
    private volatile BuildSteps running;

    TreeState(Store store, Path tree, PreparedKernel kernel, Path work) {
        this.dir = TreeSources.stateDir(store, tree);
        this.sources = TreeSources.of(store, tree);
        this.snapshotFile = dir.resolve("snapshot-" + Hashing.key(work.toString(), kernel.release()) + ".tsv");
    }

    /**
     * The tree's sources now, and what changed since the last good build: what the snapshot
     * shows, together with what the watcher saw ({@code given}), which may be more (an edit
     * within the file system's timestamp granularity) or less (changes a profile does not watch,
     * which must still be built).
     */
    record Changes(TreeSnapshot now, boolean built, Set<Path> changed) {
    }

    Changes changes(Optional<Set<Path>> given) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        TreeSnapshot now = TreeSnapshot.of(sources);
        Optional<TreeSnapshot> before = TreeSnapshot.load(snapshotFile);
        Set<Path> changed = new TreeSet<>(before.map(now::changedSince).orElse(Set.of()));
        given.ifPresent(changed::addAll);
        return new Changes(now, before.isPresent(), changed);
    }

    /**
     * Remembers the sources a build just succeeded with: the tree as it is now, so files the
     * build itself created (configure's outputs) are not taken for edits next time, but with the
     * stamps from before the build for files that existed then, so an edit made during the
     * build is still seen.
     */
    private void built(TreeSnapshot before, Map<String, String> after) throws IOException {
        Map<String, String> files = new TreeMap<>(after);
        before.files().forEach((path, stamp) -> {
            if (files.containsKey(path)) {
                files.put(path, stamp);
            }
        });
        new TreeSnapshot(files).save(snapshotFile);
    }

    Path log() {
        return dir.resolve("build.log");
    }

    /** A build's own steps, returning what a modules-only install saved, if anything. */
    interface Steps {
        Optional<Duration> run(BuildSteps steps) throws BuildException, IOException, InterruptedException;
    }

    /**
     * Runs a build's steps in the tree and turns them into its outcome: a failure is an outcome
     * with the first error, and only a success remembers the tree's sources for the next build.
     * What the steps write is learned as the build's output, never taken for an edit.
     * {@link #cancel} stops the steps from another thread.
     */
    BuildOutcome build(Path tree, Changes changes, BuildPlan plan, BuildOptions options, BuildListener listener,
            long startNanos, Steps body) throws IOException, InterruptedException {
        TreeSources.Build window = sources.beginBuild();
        Map<String, String> after;
        try (BuildSteps steps = new BuildSteps(tree, options.prefix(), listener, log(), Optional.of(window))) {
            running = steps;
            Optional<Duration> saved;
            try {
                saved = body.run(steps);
            } catch (BuildException e) {
                sources.endBuild(window, false);
                return new BuildOutcome(false, plan, changes.changed(), Duration.ofNanos(System.nanoTime() - startNanos),
                        Optional.of(e.getMessage()), Optional.empty(), steps.log());
            } catch (IOException | InterruptedException | RuntimeException e) {
                sources.abandon(window);
                throw e;
            } finally {
                running = null;
            }
            after = sources.endBuild(window, true);
            built(changes.now(), after);
            return new BuildOutcome(true, plan, changes.changed(), Duration.ofNanos(System.nanoTime() - startNanos),
                    Optional.empty(), saved, steps.log());
        }
    }

    /** Kills the build under way, if any; its outcome is then a failure ("cancelled"). */
    void cancel() {
        BuildSteps steps = running;
        if (steps != null) {
            steps.cancel();
        }
    }
}
