package dev.quiz.cli;

import dev.quiz.arch.Arch;
import dev.quiz.build.BuildListener;
import dev.quiz.build.BuildOptions;
import dev.quiz.build.ModuleTreeBuilder;
import dev.quiz.build.OpenZfsBuilder;
import dev.quiz.build.PreparedKernel;
import dev.quiz.build.TreeBuilder;
import dev.quiz.cycle.Settings;
import dev.quiz.profile.Profile;
import dev.quiz.store.Store;
import dev.quiz.watch.WatchLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of a build, shared by quiz build and quiz run --build. */
final class BuildMixin {
    @Option(names = "--tree", paramLabel = "DIR",
            description = "The tree to build: an OpenZFS checkout or a kernel module (Kbuild). Default: the current directory.")
    Path tree;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Parallel make jobs. Default: the number of CPUs.")
    Integer jobs;

    @Option(names = "--debug", description = "OpenZFS: configure with --enable-debug --enable-debuginfo (ASSERTs on).")
    boolean debug;

    @Option(names = "--configure-arg", paramLabel = "ARG", description = "OpenZFS: an extra configure argument (repeatable).")
    List<String> configureArgs = new ArrayList<>();

    @Option(names = "--clean-work", description = "Empty the work dir before installing, so files of removed targets go.")
    boolean cleanWork;

    Path tree() {
        Path t = (tree != null ? tree : Path.of("")).toAbsolutePath().normalize();
        if (!Files.isDirectory(t)) {
            throw new UserError("--tree " + t + ": no such directory");
        }
        return t;
    }

    /** QUIZ_BUILD_PREFIX wraps every build command, such as "nice -n 10" or "schroot -c sid --". */
    static List<String> prefix() {
        String p = System.getenv("QUIZ_BUILD_PREFIX");
        return p == null || p.isBlank() ? List.of() : Arrays.asList(p.trim().split("\\s+"));
    }

    /**
     * Refuses to build a tree for an architecture that a quiz watch builds it for: two builds in
     * one place would take each other's writes for edits, and race.
     */
    static void refuseIfWatched(Store store, Path tree, Arch arch) throws IOException {
        Optional<String> pid = WatchLock.holder(store.watchLock(tree, arch.storeSuffix()));
        if (pid.isPresent()) {
            throw new UserError("quiz watch (pid " + pid.get() + ") builds " + tree + " on every change, for " + arch
                    + ": press r there for a cycle, or stop it before building here");
        }
    }

    /** A builder for the tree, options from the command line over the profile's [build] values. */
    TreeBuilder builder(Store store, Path t, PreparedKernel kernel, Path work, Profile profile, BuildListener listener)
            throws IOException {
        BuildOptions options = Settings.build(new Settings.BuildFlags(Optional.ofNullable(jobs), debug, configureArgs,
                cleanWork), profile, Host.jobs(), prefix());
        try {
            return switch (TreeBuilder.kind(t)) {
                case "openzfs" -> new OpenZfsBuilder(store, t, kernel, work, options, listener);
                default -> new ModuleTreeBuilder(store, t, kernel, work, options, listener);
            };
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /**
     * --work DIR, or --work NAME under $QUIZ_HOME/work, or without it "default". A name is the
     * architecture's own (NAME-arm64 for arm64): one work dir never mixes two architectures' installs.
     */
    static Path workDir(Store store, String work, Arch arch) {
        if (work != null && work.contains("/")) {
            return Path.of(work).toAbsolutePath().normalize();
        }
        String name = work == null ? "default" : work;
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new UserError("--work " + work + ": a name of letters, digits, '.', '_' and '-', or a path");
        }
        return store.work(name + arch.storeSuffix());
    }
}
