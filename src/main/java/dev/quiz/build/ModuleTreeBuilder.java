package dev.quiz.build;

import dev.quiz.arch.Arch;
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
    private final Arch arch;

    public ModuleTreeBuilder(Store store, Path tree, PreparedKernel kernel, Path work, BuildOptions options,
            BuildListener listener) {
        super(store, tree, kernel, work, options, listener);
        this.kbuild = kernel.buildDir().orElseThrow(() -> new IllegalArgumentException(
                "a module build needs a kernel quiz prepared (with its kbuild tree), not " + kernel.description()));
        this.arch = kernel.arch();
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
        return treeState.build(changes, plan, options, listener, t0, (st, fresh) -> {
            if (fresh) {
                st.run("make clean", make("clean"));
            }
            if (anything) {
                makeAndInstall(st);
            }
            return Optional.empty();
        });
    }

    /** kbuild's make for the tree, for the kernel's architecture. */
    private List<String> make(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("make", "-C", kbuild.toString(), "M=" + buildTree));
        command.addAll(arch.makeVariables());
        command.addAll(List.of(args));
        return command;
    }

    private void makeAndInstall(BuildSteps s) throws BuildException, IOException, InterruptedException {
        s.run("make modules", make("-j" + options.jobs(), "modules"));
        options.makeExtraTargets(s);
        if (options.cleanWork()) {
            WorkDir.clean(work);
        }
        WorkDir.beginInstall(work);
        s.run("install modules", make("modules_install", "INSTALL_MOD_PATH=" + work.resolve("usr")));
        WorkDir.endInstall(work);
    }
}
