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
 * A build for a foreign architecture runs in a copy of the tree's sources ({@link TreeCopy}),
 * with stamps of its own; a native one runs in the tree.
 */
final class TreeState {
    final Path dir;
    /** Where the build's own stamps (configure's, the last full install's) are kept. */
    final Path buildState;
    /** Where the build runs: the tree, or its copy for a foreign architecture. */
    final Path buildTree;
    private final Path tree;
    private final Optional<Path> copy;
    private final TreeSources sources;
    private final Path snapshotFile;
    private volatile BuildSteps running;
    private volatile boolean cancelled;

    TreeState(Store store, Path tree, PreparedKernel kernel, Path work) {
        this.tree = tree;
        this.dir = TreeSources.stateDir(store, tree);
        this.copy = TreeCopy.of(dir, kernel);
        this.buildTree = copy.orElse(tree);
        this.buildState = copy.map(Path::getParent).orElse(dir);
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

    /**
     * A build's own steps, returning what a modules-only install saved, if anything; {@code fresh}:
     * they run in a copy of the tree just made, which may hold the objects of a build of the tree's own.
     */
    interface Steps {
        Optional<Duration> run(BuildSteps steps, boolean fresh) throws BuildException, IOException, InterruptedException;
    }

    /**
     * Runs a build's steps in {@link #buildTree} and turns them into its outcome: a failure is an
     * outcome with the first error, and only a success remembers the tree's sources for the next
     * build. What the steps write in the tree is learned as the build's output, never taken for an
     * edit; a build in a copy writes nothing there. {@link #cancel} stops the steps from another thread.
     */
    BuildOutcome build(Changes changes, BuildPlan plan, BuildOptions options, BuildListener listener,
            long startNanos, Steps body) throws IOException, InterruptedException {
        cancelled = false;
        Optional<TreeSources.Build> window = copy.isPresent() ? Optional.empty() : Optional.of(sources.beginBuild());
        Map<String, String> after;
        try (BuildSteps steps = new BuildSteps(buildTree, options.prefix(), listener, log(), window)) {
            running = steps;
            Optional<Duration> saved;
            try {
                boolean fresh = false;
                if (copy.isPresent()) {
                    listener.progress("waiting for a build of the tree in place, if one runs");
                    sources.awaitOtherBuild(() -> cancelled);
                    if (cancelled) {
                        throw new BuildException("cancelled");
                    }
                    listener.progress("copying the tree's changed sources to " + buildTree);
                    changes = new Changes(TreeSnapshot.of(sources), changes.built(), changes.changed());
                    fresh = TreeCopy.sync(tree, buildTree, changes.now().files(), buildState.resolve("copied.tsv"));
                }
                saved = body.run(steps, fresh);
            } catch (BuildException e) {
                if (window.isPresent()) {
                    sources.endBuild(window.get(), false);
                }
                return new BuildOutcome(false, plan, changes.changed(), Duration.ofNanos(System.nanoTime() - startNanos),
                        Optional.of(e.getMessage()), Optional.empty(), steps.log());
            } catch (IOException | InterruptedException | RuntimeException e) {
                window.ifPresent(sources::abandon);
                throw e;
            } finally {
                running = null;
            }
            after = window.isPresent() ? sources.endBuild(window.get(), true) : sources.scan();
            built(changes.now(), after);
            return new BuildOutcome(true, plan, changes.changed(), Duration.ofNanos(System.nanoTime() - startNanos),
                    Optional.empty(), saved, steps.log());
        }
    }

    /** Kills the build under way, if any; its outcome is then a failure ("cancelled"). */
    void cancel() {
        cancelled = true;
        BuildSteps steps = running;
        if (steps != null) {
            steps.cancel();
        }
    }
}
