package dev.quiz.cli;

import dev.quiz.arch.Arch;
import dev.quiz.build.BuildOutcome;
import dev.quiz.build.PreparedKernel;
import dev.quiz.build.TreeBuilder;
import dev.quiz.build.WorkDir;
import dev.quiz.cycle.Settings;
import dev.quiz.profile.Profile;
import dev.quiz.report.TerminalReporter;
import dev.quiz.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "build",
        description = {
            "Build an OpenZFS tree (or a kernel module) against the quiz kernel, into the work dir.",
            "It does the least that is correct: autogen and configure only when the build system or the kernel "
                    + "changed, make -C module and a modules-only install when only module sources changed. The tree is "
                    + "built in place, as you would build it; quiz changes none of its sources.",
            "",
            "Examples:",
            "  quiz build                       # in an OpenZFS checkout",
            "  quiz build --tree ~/src/zfs --debug",
            "  QUIZ_BUILD_PREFIX='nice -n 10' quiz build"},
        footer = {"  0 built, 125 the build failed (BUILD FAILED), 250 quiz could not run."})
final class BuildCommand implements Callable<Integer> {
    @Mixin
    ColorOption color;

    @Mixin
    BuildMixin build;

    @Mixin
    ArchOption arch;

    @Option(names = "--kernel", paramLabel = "VERSION", description = "Kernel to build against. Default: the profile's, or the "
            + "last prepared for the architecture.")
    String kernel;

    @Option(names = "--work", paramLabel = "NAME|DIR", description = "Work dir to install into: a name under $QUIZ_HOME/work"
            + " (NAME-arm64 for arm64), or a path. Default: default.")
    String work;

    @Option(names = {"-v", "--verbose"}, description = "Show the whole build output.")
    boolean verbose;

    @Option(names = {"-p", "--profile"}, paramLabel = "NAME", description = "Take build settings from this profile's [build].")
    String profileName;

    private Profile loadProfile() {
        return Profiles.load(profileName, build.tree());
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Store store = Host.store();
        Profile profile = loadProfile();
        Arch a = Settings.arch(arch.asked(), profile);
        PreparedKernel k = Host.kernel(store, kernel, profile, a);
        BuildMixin.refuseIfWatched(store, build.tree(), a);
        Path workDir = WorkDir.prepare(BuildMixin.workDir(store, work, a));
        TerminalReporter out = new TerminalReporter(System.out, color.style(), verbose, true);
        TreeBuilder builder = build.builder(store, build.tree(), k, workDir, profile, new BuildOutput(out));
        BuildOutcome outcome = builder.build(Optional.empty());
        return BuildOutput.report(out, outcome, workDir);
    }
}
