package dev.quiz.cli;

import dev.quiz.arch.Arch;
import dev.quiz.build.BuildOutcome;
import dev.quiz.build.BuildPlan;
import dev.quiz.build.PreparedKernel;
import dev.quiz.build.RootBuilder;
import dev.quiz.build.TreeBuilder;
import dev.quiz.build.WorkDir;
import dev.quiz.cycle.Builds;
import dev.quiz.cycle.QemuRunner;
import dev.quiz.cycle.RunDirs;
import dev.quiz.cycle.RunRequest;
import dev.quiz.cycle.RunSettings;
import dev.quiz.cycle.Runner;
import dev.quiz.model.Event;
import dev.quiz.model.EventSink;
import dev.quiz.model.Phase;
import dev.quiz.model.RunResult;
import dev.quiz.profile.Profile;
import dev.quiz.report.FileReports;
import dev.quiz.report.Style;
import dev.quiz.report.TerminalReporter;
import dev.quiz.report.TimingsReporter;
import dev.quiz.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run",
        description = {
            "Boot a fresh VM, run one command in it, and exit with its status.",
            "",
            "The guest sees the read-only root image with the work dir and the kernel's modules layered over "
                    + "it; everything it writes goes to a tmpfs and is gone after the run, except what it puts in "
                    + "$QUIZ_OUT, which is kept in the run's directory ($QUIZ_HOME/runs/NNNN/out). One argument is run by"
                    + " the shell (quiz run 'dmesg | tail'); several are run as they are (quiz run -- sh -c 'exit 7'). "
                    + "Without a command, quiz run opens an interactive shell (Ctrl-A X quits qemu).",
            "",
            "Examples:",
            "  quiz run -- uname -a",
            "  quiz run -p zfs -- zpool create tank /dev/quizb0",
            "  quiz run --gdb -- true      # prints the gdb command that attaches, with the module's symbols"})
final class RunCommand implements Callable<Integer> {
    @Mixin
    ColorOption color;

    @Option(names = {"-p", "--profile"}, paramLabel = "NAME",
            description = "Profile to use: guest setup, scratch disks, VM size, test (see watch-profiles/).")
    String profileName;

    @Mixin
    VmOptions vm;

    @Option(names = "--root", paramLabel = "IMAGE", description = "Root image. Default: the last prepared (quiz prepare root).")
    Path root;

    @Option(names = "--work", paramLabel = "NAME|DIR",
            description = "Work dir the guest sees over its root: a name under $QUIZ_HOME/work (NAME-arm64 for arm64), "
                    + "or a path. Default: default.")
    String work;

    @Option(names = "--qemu-opt", paramLabel = "OPTS", description = "Extra qemu arguments, split on spaces (repeatable).")
    List<String> qemuOpts = new ArrayList<>();

    @Option(names = "--gdb", paramLabel = "PORT", arity = "0..1", fallbackValue = "1234",
            description = "Start paused with a gdb stub on PORT (default 1234), KASLR off; no timeout unless given. quiz "
                    + "prints the gdb command that attaches, runs the guest to start_kernel, loads the kernel's gdb "
                    + "scripts and has lx-symbols load the work dir's modules as they load: break on a module's "
                    + "function by name.")
    Integer gdbPort;

    @Option(names = "--gdb-batch", paramLabel = "FILE",
            description = "With --gdb: quiz runs gdb itself, in batch mode, with this script after attaching (its "
                    + "output is shown and kept in the run's gdb.log).")
    Path gdbBatch;

    @Option(names = "--shell", description = "Open an interactive shell in the guest after the command.")
    boolean shell;

    @Option(names = "--build", description = "Build the tree (see quiz build) before the run; a failed build is BUILD FAILED, 125.")
    boolean buildFirst;

    @Mixin
    BuildMixin build;

    @Option(names = {"-v", "--verbose"}, description = "Also show the kernel's boot messages (they are always in the console log; the boot's info "
            + "messages only in the guest's dmesg, unless --append loglevel=7).")
    boolean verbose;

    @Option(names = "--timings", description = "After the verdict, show where the run's time went: the JVM, quiz, qemu, "
            + "the kernel's boot, each stage of the guest's init, the command, the power off.")
    boolean timings;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Write the verdict, phases, traces and tests as JSON.")
    Path jsonReport;

    @Option(names = "--junit", paramLabel = "FILE.xml", description = "Write JUnit XML, for CI systems.")
    Path junitReport;

    @Parameters(paramLabel = "COMMAND", description = "The command to run in the guest. Default: the profile's test, or a shell.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        Style style = color.style();
        if (gdbBatch != null && (gdbPort == null || !Files.isRegularFile(gdbBatch))) {
            throw new UserError(gdbPort == null ? "--gdb-batch goes with --gdb" : "--gdb-batch " + gdbBatch + ": no such file");
        }
        Store store = Host.store();
        Profile profile = loadProfile();
        List<String> qemuArgs = qemuOpts.stream().flatMap(o -> Arrays.stream(o.trim().split("\\s+")))
                .filter(s -> !s.isEmpty()).toList();
        RunSettings settings = Host.settings(vm.options(qemuArgs,
                gdbPort == null ? OptionalInt.empty() : OptionalInt.of(gdbPort), command, shell, true), profile);
        Arch arch = settings.vm().arch();
        PreparedKernel k = Host.kernel(store, vm.kernel, profile, arch);
        Path rootImage = root != null ? root.toAbsolutePath()
                : RootBuilder.defaultImage(store, arch).orElseThrow(() -> new UserError(
                        "no " + arch + " root image prepared yet: run quiz prepare root" + arch.option()
                                + " (or quiz setup" + arch.option() + ")"));
        if (!Files.isRegularFile(rootImage)) {
            throw new UserError("--root " + rootImage + ": no such file");
        }
        Path workDir = BuildMixin.workDir(store, work, arch);
        if (buildFirst) {
            BuildMixin.refuseIfWatched(store, build.tree(), arch);
            WorkDir.prepare(workDir);
        }
        if (!Files.isDirectory(workDir)) {
            throw new UserError("work dir " + workDir + " does not exist: run quiz prepare work" + arch.option());
        }
        RunRequest request = new RunRequest(k, rootImage, workDir, profile, settings, false);
        boolean interactive = settings.guest().interactive();

        TerminalReporter terminal = new TerminalReporter(System.out, style, !interactive, verbose);
        RunDirs.Allocated run = RunDirs.allocate(store.runs());
        List<EventSink> renderers = new ArrayList<>(List.of(terminal, new FileReports(Optional.ofNullable(jsonReport),
                Optional.ofNullable(junitReport), Optional.of(store.history()), Optional.of(run.dir()))));
        if (timings) {
            renderers.add(new TimingsReporter(System.out));
        }
        EventSink sink = EventSink.all(renderers);
        terminal.emit(new Event.Notice(arch + ", accel " + settings.vm().accel().reason() + "; kernel " + k.release()
                + (profile.name().equals("none") ? "" : "; profile " + profile.name())));
        Optional<Thread> gdb = Optional.empty();
        if (gdbPort != null) {
            Path init = GdbSession.writeInit(run.dir(), k, workDir, gdbPort);
            if (gdbBatch != null) {
                terminal.emit(new Event.Notice("VM paused for gdb on port " + gdbPort + "; running " + gdbBatch
                        + " in it"));
                gdb = Optional.of(GdbSession.runBatch(k, init, gdbBatch.toAbsolutePath(), gdbPort,
                        run.dir().resolve("gdb.log"), line -> terminal.emit(new Event.Notice(line))));
            } else {
                terminal.emit(new Event.Notice("VM paused for gdb on port " + gdbPort + ": " + GdbSession.command(k, init)));
            }
        }
        Map<Phase, Duration> earlier = Map.of();
        if (buildFirst) {
            TreeBuilder builder = build.builder(store, build.tree(), k, workDir, profile, new BuildOutput(terminal));
            BuildOutcome built = builder.build(Optional.empty());
            BuildOutput.report(terminal, built, workDir);
            if (!built.ok()) {
                RunResult failed = Builds.failed(run.id(), Instant.now(), request.commandText(), profile.name(),
                        k, built);
                sink.emit(new Event.Finished(failed));
                return failed.outcome().exitCode();
            }
            earlier = Builds.phases(built);
        }
        if (WorkDir.installIncomplete(workDir)) {
            RunResult failed = Builds.failed(run.id(), Instant.now(), request.commandText(), profile.name(),
                    k, new BuildOutcome(false, BuildPlan.FULL, Set.of(), Duration.ZERO,
                            Optional.of("the last install into " + workDir + " did not finish; quiz build repairs it"),
                            Optional.empty(), workDir));
            sink.emit(new Event.Finished(failed));
            return failed.outcome().exitCode();
        }
        Runner runner = new QemuRunner(Host::qemu, Host.virtiofsd().orElse(null), store.cache());
        RunResult result;
        try {
            long runStarted = System.nanoTime();
            result = runner.run(request, run, sink, earlier).withTimingsBefore(Main.beforeTheRun(runStarted,
                    earlier.getOrDefault(Phase.BUILD, Duration.ZERO)));
            for (Thread t : gdb.stream().toList()) {
                // gdb ends when the guest does; its last lines come before the verdict.
                t.join(GDB_END.toMillis());
            }
            sink.emit(new Event.Finished(result));
        } catch (IllegalStateException e) {
            throw new UserError(e.getMessage());
        }
        return result.outcome().exitCode();
    }

    /** How long gdb may take to see the guest gone, after the run. */
    private static final Duration GDB_END = Duration.ofSeconds(10);

    private Profile loadProfile() {
        return Profiles.load(profileName, buildFirst ? build.tree() : Path.of("").toAbsolutePath());
    }
}
