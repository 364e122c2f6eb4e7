package dev.quiz.build;

import dev.quiz.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * What both builders share: the tree, the work dir it installs into, the build's options and
 * listener, and the {@link TreeState} that knows what changed, runs the steps and cancels them.
 * {@code buildTree} is where the build runs: the tree, or its copy for a foreign architecture.
 */
abstract class TreeStateBuilder implements TreeBuilder {
    final Path tree;
    final Path buildTree;
    final Path work;
    final BuildOptions options;
    final BuildListener listener;
    final TreeState treeState;

    TreeStateBuilder(Store store, Path tree, PreparedKernel kernel, Path work, BuildOptions options,
            BuildListener listener) {
        this.tree = tree.toAbsolutePath().normalize();
        this.work = work;
        this.options = options;
        this.listener = listener;
        this.treeState = new TreeState(store, this.tree, kernel, work);
        this.buildTree = treeState.buildTree;
    }

    @Override
    public final void cancel() {
        treeState.cancel();
    }

    @Override
    public final Set<Path> changedSources() throws IOException, InterruptedException {
        return treeState.changes(Optional.empty()).changed();
    }
}
