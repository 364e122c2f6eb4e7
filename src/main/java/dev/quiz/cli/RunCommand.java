package dev.quiz.cli;

import dev.quiz.analysis.Verdicts;
import dev.quiz.build.PreparedKernel;
import dev.quiz.build.RootBuilder;
import dev.quiz.cycle.RunDirs;
import dev.quiz.cycle.RunRequest;
import dev.quiz.cycle.QemuRunner;
import dev.quiz.cycle.Runner;
import dev.quiz.profile.Profile;
import dev.quiz.profile.ProfileKeys;
import dev.quiz.report.Event;
import dev.quiz.report.EventSink;
import dev.quiz.report.Phase;
import dev.quiz.build.BuildOutcome;
import dev.quiz.build.BuildPlan;
import dev.quiz.build.TreeBuilder;
import dev.quiz.build.WorkDir;
import dev.quiz.cycle.Builds;
import dev.quiz.report.FileReports;
import dev.quiz.report.RunResult;
import dev.quiz.report.Style;
import dev.quiz.report.TerminalReporter;
import dev.quiz.store.Store;
import dev.quiz.vm.Accel;
import dev.quiz.vm.HostTsc;
import dev.quiz.vm.KvmHost;
import dev.quiz.vm.Share;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run",
        description = {
            "Boot a fresh VM, run one command in it, and exit with its status.",
            "",
            "The guest sees the read-only root image with the work dir and the kernel's modules layered over it;",
            "everything it writes goes to a tmpfs and is gone after the run, except what it puts in $QUIZ_OUT,",
            "which is kept in the run's directory ($QUIZ_HOME/runs/NNNN/out). One argument is run by the shell",
            "(quiz run 'dmesg | tail'); several are run as they are (quiz run -- sh -c 'exit 7').",
            "Without a command, quiz run opens an interactive shell (Ctrl-A X quits qemu).",
            "",
            "Examples:",
            "  quiz run -- uname -a",
            "  quiz run -p zfs -- zpool create tank /dev/quizb0",
            "  quiz run --gdb -- true      # then: gdb vmlinux -ex 'target remote :1234'"},
        footer = {"", "Exit codes: see quiz --help."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    ColorOption color;

    @Option(names = {"-p", "--profile"}, paramLabel = "NAME",
            description = "Profile to use: guest setup, scratch disks, VM size, test (see watch-profiles/).")
    String profileName;

    @Option(names = "--kernel", paramLabel = "VERSION|PATH",
            description = "Kernel to boot: a prepared release (6.1), or a bzImage or kernel build tree. Default: the profile's, or the last prepared.")
    String kernel;

    @Option(names = "--root", paramLabel = "IMAGE", description = "Root image. Default: the last prepared (quiz prepare root).")
    Path root;

    @Option(names = "--work", paramLabel = "NAME|DIR",
            description = "Work dir the guest sees over its root: a name under $QUIZ_HOME/work, or a path. Default: default.")
    String work;

    @Option(names = "--share", paramLabel = "9p|virtiofs", defaultValue = "9p",
            description = "How the work dir reaches the guest (default: ${DEFAULT-VALUE}); virtiofs needs virtiofsd.")
    String share;

    @Option(names = "--mem", paramLabel = "SIZE", converter = Converters.GuestMemory.class,
            description = "Guest memory, such as 1G or 2048M (at least 128M). Default: 1G, or the profile's.")
    Long memory;

    @Option(names = "--cpus", paramLabel = "N", converter = Converters.GuestCpus.class,
            description = "Guest CPUs, 1 to 64. Default: 2, or the profile's.")
    Integer cpus;

    @Option(names = "--accel", paramLabel = "auto|kvm|tcg",
            description = "CPU acceleration. auto (the default, unless the profile says) uses KVM only where it really works, and says why not otherwise.")
    String accel;

    @Option(names = "--append", paramLabel = "ARG", description = "Extra kernel command line argument (repeatable).")
    List<String> append = new ArrayList<>();

    @Option(names = "--qemu-opt", paramLabel = "OPTS", description = "Extra qemu arguments, split on spaces (repeatable).")
    List<String> qemuOpts = new ArrayList<>();

    @Option(names = "--gdb", paramLabel = "PORT", arity = "0..1", fallbackValue = "1234",
            description = "Start paused with a gdb stub on PORT (default 1234), KASLR off; no timeout unless given.")
    Integer gdbPort;

    @Option(names = "--shell", description = "Open an interactive shell in the guest after the command.")
    boolean shell;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Converters.Span.class,
            description = "Kill the VM and report TIMEOUT after this long (such as 90s or 10m). Default: the profile's, or 10m.")
    Duration timeout;

    @Option(names = "--silence", paramLabel = "DURATION", converter = Converters.Span.class,
            description = "Report HANG when the console is silent this long. Default: the profile's, or off.")
    Duration silence;

    @Option(names = "--build", description = "Build the tree (see quiz build) before the run; a failed build is BUILD FAILED, 125.")
    boolean buildFirst;

    @Mixin
    BuildMixin build;

    @Option(names = {"-v", "--verbose"}, description = "Also show the kernel's boot messages (they are always in the console log).")
    boolean verbose;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Write the verdict, phases, traces and tests as JSON.")
    Path jsonReport;

    @Option(names = "--junit", paramLabel = "FILE.xml", description = "Write JUnit XML, for CI systems.")
    Path junitReport;

    @Parameters(paramLabel = "COMMAND", description = "The command to run in the guest. Default: the profile's test, or a shell.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        Style style = color.style();
        Store store = Host.store();
        Profile profile = loadProfile();
        List<String> argv = command.isEmpty() && profile.get(ProfileKeys.TEST).isPresent()
                ? List.of(profile.get(ProfileKeys.TEST).get()) : command;
        boolean interactive = argv.isEmpty() || shell;
        if (interactive && System.console() == null) {
            throw new UserError("a shell in the guest needs a terminal; give a command instead, such as quiz run -- uname -a");
        }
        PreparedKernel k = Host.kernel(store, kernel, profile);
        Path rootImage = root != null ? root.toAbsolutePath()
                : RootBuilder.defaultImage(store).orElseThrow(() -> new UserError(
                        "no root image prepared yet: run quiz prepare root (or quiz setup)"));
        if (!Files.isRegularFile(rootImage)) {
            throw new UserError("--root " + rootImage + ": no such file");
        }
        Path workDir = BuildMixin.workDir(store, work);
        if (buildFirst) {
            BuildMixin.refuseIfWatched(store, build.tree());
            WorkDir.prepare(workDir);
        }
        if (!Files.isDirectory(workDir)) {
            throw new UserError("work dir " + workDir + " does not exist: run quiz prepare work");
        }
        KvmHost.AccelChoice choice = Host.accel(accel, profile);
        Share.Transport transport = switch (share) {
            case "9p" -> Share.Transport.NINE_P;
            case "virtiofs" -> {
                if (Host.virtiofsd().isEmpty()) {
                    throw new UserError("--share virtiofs: no virtiofsd found (Debian ships it in qemu-system-common); use --share 9p");
                }
                yield Share.Transport.VIRTIOFS;
            }
            default -> throw new UserError("--share " + share + ": use 9p or virtiofs");
        };
        long memoryBytes = memory != null ? memory : profile.get(ProfileKeys.MEMORY).orElse(1L << 30);
        List<String> kernelArgs = new ArrayList<>(profile.get(ProfileKeys.APPEND));
        kernelArgs.addAll(append);
        List<String> qemuArgs = qemuOpts.stream().flatMap(o -> Arrays.stream(o.trim().split("\\s+")))
                .filter(s -> !s.isEmpty()).toList();
        Optional<Duration> runTimeout = timeout != null ? Optional.of(timeout)
                : profile.get(ProfileKeys.TIMEOUT).or(() -> interactive || gdbPort != null ? Optional.empty()
                        : Optional.of(Duration.ofMinutes(10)));
        Optional<Duration> runSilence = silence != null ? Optional.of(silence) : profile.get(ProfileKeys.SILENCE);
        int[] size = interactive ? TerminalSize.probe() : new int[] {0, 0};
        RunRequest request = new RunRequest(k, rootImage, workDir, transport, profile, argv, shell, interactive,
                choice.accel(), (int) (memoryBytes >> 20), cpus != null ? cpus : profile.get(ProfileKeys.CPUS).orElse(2),
                kernelArgs, qemuArgs, gdbPort == null ? OptionalInt.empty() : OptionalInt.of(gdbPort),
                choice.accel() == Accel.TCG ? HostTsc.probeKhz() : OptionalLong.empty(), runTimeout, runSilence,
                new Verdicts.Policy(profile.get(ProfileKeys.FAIL_ON_WARNING).orElse(false)), size[0], size[1], false);

        TerminalReporter terminal = new TerminalReporter(System.out, style, !interactive, verbose);
        RunDirs.Allocated run = RunDirs.allocate(store.runs());
        EventSink sink = EventSink.all(List.of(terminal, new FileReports(Optional.ofNullable(jsonReport),
                Optional.ofNullable(junitReport), Optional.of(store.history()), Optional.of(run.dir()))));
        terminal.emit(new Event.Notice("accel " + choice.reason() + "; kernel " + k.release()
                + (profile.name().equals("none") ? "" : "; profile " + profile.name())));
        if (gdbPort != null) {
            terminal.emit(new Event.Notice("VM paused for gdb on port " + gdbPort + ": gdb "
                    + k.vmlinux().map(Path::toString).orElse("vmlinux") + " -ex 'target remote :" + gdbPort + "'"));
        }
        Map<Phase, Duration> earlier = Map.of();
        if (buildFirst) {
            TreeBuilder builder = build.builder(store, build.tree(), k, workDir, profile, new BuildOutput(terminal));
            BuildOutcome built = builder.build(Optional.empty());
            BuildCommand.report(terminal, built, workDir);
            if (!built.ok()) {
                RunResult failed = Builds.failed(run.id(), java.time.Instant.now(), request.commandText(), profile.name(),
                        k.release(), built);
                sink.emit(new Event.Finished(failed));
                return failed.outcome().exitCode();
            }
            earlier = Builds.phases(built);
        }
        if (WorkDir.installIncomplete(workDir)) {
            RunResult failed = Builds.failed(run.id(), java.time.Instant.now(), request.commandText(), profile.name(),
                    k.release(), new BuildOutcome(false, BuildPlan.FULL, java.util.Set.of(), Duration.ZERO,
                            Optional.of("the last install into " + workDir + " did not finish; quiz build repairs it"),
                            Optional.empty(), workDir));
            sink.emit(new Event.Finished(failed));
            return failed.outcome().exitCode();
        }
        Runner runner = new QemuRunner(Host.qemu(), Host.busybox(), Host.virtiofsd().orElse(null));
        RunResult result;
        try {
            result = runner.run(request, run, sink, earlier);
            sink.emit(new Event.Finished(result));
        } catch (IllegalStateException e) {
            throw new UserError(e.getMessage());
        }
        return result.outcome().exitCode();
    }

    private Profile loadProfile() {
        return Profiles.load(profileName, buildFirst ? build.tree() : Path.of("").toAbsolutePath());
    }
}
