package dev.quiz.cli;

import dev.quiz.arch.Arch;
import dev.quiz.build.BuildException;
import dev.quiz.build.BuildListener;
import dev.quiz.build.OpenZfsSource;
import dev.quiz.build.PreparedKernel;
import dev.quiz.build.RootBuilder;
import dev.quiz.build.TreeBuilder;
import dev.quiz.build.TreeSources;
import dev.quiz.build.WorkDir;
import dev.quiz.cycle.QemuRunner;
import dev.quiz.cycle.RunRequest;
import dev.quiz.cycle.RunSettings;
import dev.quiz.cycle.Runner;
import dev.quiz.exec.Git;
import dev.quiz.model.Event;
import dev.quiz.model.EventSink;
import dev.quiz.profile.Profile;
import dev.quiz.report.FileReports;
import dev.quiz.report.Style;
import dev.quiz.report.WatchReporter;
import dev.quiz.store.Hashing;
import dev.quiz.store.Store;
import dev.quiz.watch.BranchSetup;
import dev.quiz.watch.ChangeCollector;
import dev.quiz.watch.Keys;
import dev.quiz.watch.TreeWatcher;
import dev.quiz.watch.TriggerServer;
import dev.quiz.watch.WatchLock;
import dev.quiz.watch.WatchSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "watch",
        description = {
            "Watch a tree and give one verdict line for every change: build, fresh VM, test.",
            "On every change quiz builds what it touched, boots a fresh VM beside the build, runs the profile's"
                    + " test, and prints one verdict line. A first cycle runs at start; it runs until q or Ctrl-C. Keys: "
                    + "r run again now, c clear, q quit, Enter show the last cycle's whole console. Off a terminal it "
                    + "prints plain lines.",
            "",
            "In an OpenZFS checkout the default profile is zfs-smoke; in a kernel module tree, module. Outside "
                    + "any tree, quiz watches the OpenZFS release source it unpacked into the store (quiz prepare "
                    + "openzfs). Each branch gets its own work dir, and its profile from git config "
                    + "branch.NAME.quizProfile, else from the tree's .quiz/branches.toml. A profile's [watch] include and"
                    + " exclude say which files start a cycle.",
            "",
            "Examples:",
            "  quiz watch                         # in ~/src/zfs",
            "  quiz watch -p ztest --on-busy queue",
            "  quiz watch --cycles 1 --exit-on-verdict   # scripted: one cycle, its exit code"},
        footer = {"  the last cycle's (see quiz --help); 250 quiz could not start."})
final class WatchCommand implements Callable<Integer> {
    @Mixin
    ColorOption color;

    @Mixin
    BuildMixin build;

    @Option(names = {"-p", "--profile"}, paramLabel = "NAME", description = "Profile for every branch (default: per branch).")
    String profileName;

    @Option(names = "--work", paramLabel = "NAME", description = "Base name of the work dirs; each branch gets NAME-BRANCH "
            + "(NAME-BRANCH-arm64 for arm64).")
    String work;

    @Mixin
    VmOptions vm;

    @Option(names = "--quiet-period", paramLabel = "DURATION", defaultValue = "300ms", converter = Converters.Span.class,
            description = "How long the tree must be quiet before a cycle starts (default: ${DEFAULT-VALUE}).")
    Duration quietPeriod;

    @Option(names = "--on-busy", paramLabel = "restart|queue", defaultValue = "restart",
            description = "A change during a cycle: restart it from the build (default), or queue one more.")
    WatchSession.OnBusy onBusy;

    @Option(names = "--no-overlap", description = "Boot the VM only after the build, instead of beside it.")
    boolean noOverlap;

    @Option(names = "--cycles", paramLabel = "N", defaultValue = "0", description = "Stop after N cycles (default: never).")
    int cycles;

    @Option(names = "--exit-on-verdict", description = "Stop at the first cycle that does not PASS, with its exit code.")
    boolean exitOnVerdict;

    @Parameters(paramLabel = "COMMAND", description = "The test to run in the guest. Default: the profile's test.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Style style = color.style();
        try (WatchReporter reporter = new WatchReporter(System.out, style, TerminalSize.probe()[1])) {
            return watch(Host.store(), reporter);
        }
    }

    @SuppressWarnings("try") // the lock is held for the whole session, never used by name
    private int watch(Store store, WatchReporter reporter) throws Exception {
        Path tree = treeToWatch(store, reporter);
        String kind = kindOf(tree);
        Optional<Git> git = Git.at(tree);
        Optional<String> firstBranch = WatchSession.branchOf(git);
        // The current branch's profile and settings now, so a bad one is an error before anything starts.
        String firstProfile = profileFor(tree, firstBranch, kind);
        Profile first = Profiles.load(firstProfile, tree);
        RunSettings firstSettings = settings(first);
        Host.kernel(store, vm.kernel, first, firstSettings.vm().arch());
        rootImage(store, firstSettings.vm().arch());

        String base = work != null ? work : tree.getFileName() + "-" + Hashing.key(tree.toString()).substring(0, 6);
        EventSink sink = EventSink.all(List.of(reporter,
                new FileReports(Optional.empty(), Optional.empty(), Optional.of(store.history()), Optional.empty())));
        java.util.function.Function<Optional<String>, BranchSetup> setups = branch -> {
            String name = profileFor(tree, branch, kind);
            Profile profile = Profiles.load(name, tree);
            try {
                RunSettings settings = settings(profile);
                Arch arch = settings.vm().arch();
                PreparedKernel k = Host.kernel(store, vm.kernel, profile, arch);
                Path workDir = WorkDir.prepare(BuildMixin.workDir(store,
                        base + "-" + Store.fileName(branch.orElse("tree")), arch));
                TreeBuilder builder = build.builder(store, tree, k, workDir, profile, new BuildOutput(sink));
                RunRequest request = new RunRequest(k, rootImage(store, arch), workDir, profile, settings, false);
                return new BranchSetup(name, workDir, builder, request);
            } catch (IOException e) {
                throw new UserError("cannot set up branch " + branch.orElse("") + ": " + e.getMessage());
            }
        };

        String variant = firstSettings.vm().arch().storeSuffix();
        try (WatchLock lock = WatchLock.acquire(store.watchLock(tree, variant),
                tree + " (for " + firstSettings.vm().arch() + ")")) {
            ChangeCollector collector = new ChangeCollector(quietPeriod);
            long t0 = System.nanoTime();
            try (TreeWatcher watcher = TreeWatcher.start(TreeSources.of(store, tree), collector,
                    trouble -> reporter.emit(new Event.Notice(trouble)))) {
                double startup = (System.nanoTime() - t0) / 1e9;
                Runner.Factory runners = () -> new QemuRunner(Host::qemu, Host.virtiofsd().orElse(null),
                        store.cache());
                WatchSession session = new WatchSession(tree, git, collector, setups, runners, store.runs(), sink, onBusy,
                        new WatchSession.Limits(cycles, exitOnVerdict), !noOverlap);
                TriggerServer trigger = TriggerServer.start(store.watchSocket(tree, variant), collector);
                session.listen(trigger);
                reporter.emit(new Event.Notice(String.format("watching %s (%d files, %d dirs, ready in %.2fs)%s, "
                        + "profile %s, %s, %s", tree, watcher.files(), watcher.dirs(), startup,
                        firstBranch.map(b -> " on branch " + b).orElse(""), firstProfile, firstSettings.vm().arch(),
                        firstSettings.vm().accel().reason())));
                boolean keys = Keys.start(key -> onKey(key, session, collector, reporter));
                if (keys) {
                    reporter.emit(new Event.Notice("keys: r run now, c clear, q quit, Enter last console"));
                }
                // The first cycle runs at once: the state of the tree before any edit is worth knowing.
                collector.rescan();
                try {
                    return session.run();
                } finally {
                    trigger.close();
                }
            }
        } catch (IllegalStateException e) {
            throw new UserError(e.getMessage());
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("inotify")) {
                throw new UserError(e.getMessage());
            }
            throw e;
        }
    }

    private static Path rootImage(Store store, Arch arch) {
        return RootBuilder.defaultImage(store, arch).orElseThrow(() -> new UserError("no " + arch
                + " root image prepared yet: run quiz prepare root" + arch.option() + " (or quiz setup" + arch.option()
                + ")"));
    }

    /** A cycle's settings: the same resolution as quiz run's, with no shell, gdb or extra qemu arguments. */
    private RunSettings settings(Profile profile) {
        return Host.settings(vm.options(List.of(), OptionalInt.empty(), command, false, false), profile);
    }

    private static void onKey(int key, WatchSession session, ChangeCollector collector, WatchReporter reporter) {
        switch (key) {
            case 'r' -> collector.rescan();
            case 'c' -> {
                System.out.print("\u001B[H\u001B[2J");
                System.out.flush();
            }
            case 'q' -> session.quit();
            case '\n', '\r' -> session.last().flatMap(r -> r.consoleLog()).ifPresent(log -> {
                try {
                    System.out.println(Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    reporter.emit(new Event.Notice("cannot read " + log + ": " + e.getMessage()));
                }
            });
            default -> {
            }
        }
    }

    private Path treeToWatch(Store store, WatchReporter reporter) throws IOException, InterruptedException {
        if (build.tree != null) {
            return build.tree();
        }
        Path cwd = Path.of("").toAbsolutePath();
        try {
            TreeBuilder.kind(cwd);
            return cwd;
        } catch (IllegalArgumentException notATree) {
            try {
                Path tree = new OpenZfsSource(store, BuildListener.SILENT).ensure();
                reporter.emit(new Event.Notice("no tree here: watching the OpenZFS release source in the store"));
                return tree;
            } catch (BuildException e) {
                throw new UserError(cwd + " is not an OpenZFS or kernel module tree, and " + e.getMessage());
            }
        }
    }

    private static String kindOf(Path tree) throws IOException {
        try {
            return TreeBuilder.kind(tree);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** --profile, else the branch's (git config, then .quiz/branches.toml), else the default for the tree's kind. */
    private String profileFor(Path tree, Optional<String> branch, String kind) {
        if (profileName != null) {
            return profileName;
        }
        return Profiles.forBranch(tree, branch, kind.equals("openzfs") ? "zfs-smoke" : "module");
    }
}
