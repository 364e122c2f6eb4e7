package dev.quiz.build;

import dev.quiz.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a plain out-of-tree kernel module ({@code make -C KBUILD M=TREE}) against a quiz kernel
 * and installs it into the work dir under usr/lib/modules. Any source change rebuilds and
 * reinstalls the module; nothing changed does nothing.
 */
public final class ModuleTreeBuilder extends TreeStateBuilder {
    private final Path kbuild;

    public ModuleTreeBuilder(Store store, Path tree, PreparedKernel kernel, Path work, BuildOptions options,
            BuildListener listener) {
        super(store, tree, kernel, work, options, listener);
        this.kbuild = kernel.buildDir().orElseThrow(() -> new IllegalArgumentException(
                "a module build needs a kernel quiz prepared (with its kbuild tree), not " + kernel.description()));
    }

    @Override
    public BuildOutcome build(Optional<Set<Path>> given) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        TreeState.Changes changes = treeState.changes(given);
        Set<Path> changed = changes.changed();
        boolean full = !changes.built() || WorkDir.installIncomplete(work) || options.cleanWork();
        boolean anything = full || changed.stream().anyMatch(p -> ChangeKind.of(p) != ChangeKind.NOTHING);
        BuildPlan plan = anything ? new BuildPlan(false, false, BuildPlan.Make.MODULES, BuildPlan.Install.MODULES)
                : new BuildPlan(false, false, BuildPlan.Make.NOTHING, BuildPlan.Install.NOTHING);
        return treeState.build(tree, changes, plan, options, listener, t0, st -> {
            if (anything) {
                makeAndInstall(st);
            }
            return Optional.empty();
        });
    }

    private void makeAndInstall(BuildSteps s) throws BuildException, IOException, InterruptedException {
        String kernelDir = kbuild.toString();
        s.run("make modules", List.of("make", "-C", kernelDir, "M=" + tree, "-j" + options.jobs(), "modules"));
        options.makeExtraTargets(s);
        if (options.cleanWork()) {
            WorkDir.clean(work);
        }
        WorkDir.beginInstall(work);
        s.run("install modules", List.of("make", "-C", kernelDir, "M=" + tree, "modules_install",
                "INSTALL_MOD_PATH=" + work.resolve("usr")));
        WorkDir.endInstall(work);
    }
}
