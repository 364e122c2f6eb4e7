package dev.quiz.cycle;

import dev.quiz.analysis.ConsoleAnalyzer;
import dev.quiz.analysis.KernelReport;
import dev.quiz.analysis.Outcome;
import dev.quiz.analysis.ReportKind;
import dev.quiz.analysis.Symbolizer;
import dev.quiz.analysis.Taints;
import dev.quiz.analysis.TestOutput;
import dev.quiz.analysis.Verdicts;
import dev.quiz.arch.Arch;
import dev.quiz.build.GuestModules;
import dev.quiz.build.ModuleIndex;
import dev.quiz.build.WorkDir;
import dev.quiz.model.Event;
import dev.quiz.model.EventSink;
import dev.quiz.model.Phase;
import dev.quiz.model.RunResult;
import dev.quiz.profile.HostDir;
import dev.quiz.profile.Profile;
import dev.quiz.profile.ProfileKeys;
import dev.quiz.vm.Boot;
import dev.quiz.vm.GuestInit;
import dev.quiz.vm.GuestMessage;
import dev.quiz.vm.GuestPlan;
import dev.quiz.vm.Initramfs;
import dev.quiz.vm.RunFiles;
import dev.quiz.vm.RunningTask;
import dev.quiz.vm.SavedBoot;
import dev.quiz.vm.Share;
import dev.quiz.vm.Vm;
import dev.quiz.vm.VmExit;
import dev.quiz.vm.VmListener;
import dev.quiz.vm.VmSpec;
import dev.quiz.vm.VmTimeline;
import dev.quiz.vm.Vmcore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one fresh VM for a request and judges it: writes the run's initramfs and scratch disks,
 * boots, streams the console into the analyzer and the event stream, stops the VM once a crash
 * report is complete (an SPL assertion or a hang would otherwise sit there until the timeout),
 * and returns the judged result; the caller emits it.
 */
public final class QemuRunner implements Runner {
    /** After a report that ends the run is complete, how long the console may still add to it. */
    private static final Duration AFTER_REPORT = Duration.ofSeconds(2);
    /** A report that never completes still ends the run after this long. */
    private static final Duration REPORT_LIMIT = Duration.ofSeconds(20);
    /** After pvpanic says the guest panicked, how long its console may still add to the report. */
    private static final Duration AFTER_PVPANIC = Duration.ofSeconds(1);
    /** A vmcore that takes longer is given up: the run still ends. */
    private static final Duration DUMP_LIMIT = Duration.ofMinutes(3);

    /** qemu's note that quiz ended it: quiz says so itself, in the verdict. */
    private static final java.util.regex.Pattern QEMU_KILLED =
            java.util.regex.Pattern.compile("^qemu-system-\\S+: terminating on signal \\d+");

    private final Function<Arch, Path> qemu;
    private final Path virtiofsd;
    private final Path cache;
    private volatile Vm current;
    private volatile boolean cancelled;
    private volatile boolean goGiven;
    private volatile RunRequest running;
    private boolean goDelivered;

    /**
     * {@code qemu}: the qemu for an architecture; {@code cache}: where what is the same for every
     * run (the guest init, the initramfs's shared part) is kept.
     */
    public QemuRunner(Function<Arch, Path> qemu, Path virtiofsd, Path cache) {
        this.qemu = qemu;
        this.virtiofsd = virtiofsd;
        this.cache = cache;
    }

    @Override
    public void cancel() {
        cancelled = true;
        Vm vm = current;
        if (vm != null) {
            vm.stop();
        }
    }

    @Override
    public void go() {
        goGiven = true;
        deliverGo();
    }

    /** The build is done: index the modules it installed, then let the guest go on, once there is a VM. */
    private synchronized void deliverGo() {
        Vm vm = current;
        RunRequest request = running;
        if (vm == null || request == null || goDelivered) {
            return;
        }
        goDelivered = true;
        try {
            GuestModules.refresh(guestModules(request), request.workDir(), request.kernel());
            ModuleIndex.refresh(request.workDir(), request.kernel());
        } catch (IOException e) {
            // The guest indexes the modules itself when the host left no index.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        vm.go();
    }

    @Override
    public RunResult run(RunRequest request, RunDirs.Allocated run, EventSink sink, Map<Phase, Duration> earlierPhases)
            throws IOException, InterruptedException {
        long began = System.nanoTime();
        List<String> problems = WorkDir.problems(request.workDir());
        if (!problems.isEmpty()) {
            throw new IllegalStateException(problems.get(0));
        }
        Path guestModules = guestModules(request);
        if (request.waitForGo()) {
            // The build will install modules while the guest boots: their copies go here.
            Files.createDirectories(guestModules);
        } else {
            GuestModules.refresh(guestModules, request.workDir(), request.kernel());
            ModuleIndex.refresh(request.workDir(), request.kernel());
        }
        Path dir = run.dir();
        Profile profile = request.profile();
        Map<String, String> environment = new LinkedHashMap<>(profile.get(ProfileKeys.ENV));
        RunSettings.Guest guest = request.settings().guest();
        RunSettings.Vm vm = request.settings().vm();
        if (guest.interactive() && System.getenv("TERM") != null) {
            environment.putIfAbsent("TERM", System.getenv("TERM"));
        }
        GuestPlan plan = new GuestPlan(profile.get(ProfileKeys.SETUP), GuestPlan.commandScript(guest.command()),
                guest.shellAfter() || guest.command().isEmpty(), request.waitForGo(), environment, guest.rows(),
                guest.columns());
        List<Share> shares = new ArrayList<>();
        if (Files.isDirectory(guestModules)) {
            shares.add(Share.layer("gmods", guestModules, vm.share()));
        }
        shares.add(Share.layer("work", request.workDir(), vm.share()));
        request.kernel().modulesRoot().ifPresent(m -> shares.add(Share.layer("kmods", m, vm.share())));
        for (int i = 0; i < vm.dirs().size(); i++) {
            HostDir d = vm.dirs().get(i);
            shares.add(Share.mounted("dir" + i, d.host(), vm.share(), d.guest(), d.writable()));
        }
        Path initramfs = Initramfs.base(cache, GuestInit.binary(cache, vm.arch()));
        Path output = Files.createDirectories(dir.resolve("out"));
        List<Path> disks = scratchDisks(dir, profile);
        Path socketDir = Files.createTempDirectory(Path.of("/tmp"), "quiz-");
        try {
            VmSpec spec = new VmSpec(vm.arch(), qemu.apply(vm.arch()), vm.accel().accel(), request.kernel().image(),
                    initramfs, request.rootImage(),
                    vm.memoryMiB(), vm.cpus(), shares, disks, vm.kernelArgs(), vm.qemuArgs(),
                    socketDir.resolve("status.sock"), dir.resolve("console.log"), Optional.of(output), guest.interactive(),
                    vm.gdbPort(), vm.tscKhz(), vm.vmcore(), RunFiles.of(plan, vm.arch(), shares, true), Boot.cold());
            if (vm.resume() && SavedBoot.possible(spec)) {
                spec = spec.withBoot(Boot.from(SavedBoot.of(cache, spec)));
            }
            return boot(request, run, spec, sink, earlierPhases, began);
        } finally {
            for (Path disk : disks) {
                Files.deleteIfExists(disk);
            }
            try (var left = Files.list(socketDir)) {
                for (Path p : left.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(socketDir);
        }
    }

    private RunResult boot(RunRequest request, RunDirs.Allocated run, VmSpec spec, EventSink sink,
            Map<Phase, Duration> earlierPhases, long began) throws IOException, InterruptedException {
        ConsoleAnalyzer analyzer = new ConsoleAnalyzer();
        TestOutput testOutput = new TestOutput();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "quiz-report-timer");
            t.setDaemon(true);
            return t;
        });
        Instant started = Instant.now();
        Ending ending = new Ending(request.settings().vm().vmcore(), run.dir().resolve("vmcore"), () -> {
            synchronized (analyzer) {
                return analyzer.panickedTask();
            }
        });
        VmListener listener = new VmListener() {
            private volatile Phase phase = Phase.BOOT;

            @Override
            public void consoleLine(String line) {
                if (QEMU_KILLED.matcher(line).find()) {
                    return;
                }
                ConsoleAnalyzer.Change change;
                Optional<ReportKind> kind;
                synchronized (analyzer) {
                    change = analyzer.accept(line);
                    testOutput.accept(line);
                    kind = change == ConsoleAnalyzer.Change.CLOSED
                            ? Optional.of(last(analyzer.reports()).kind()) : analyzer.openKind();
                }
                sink.emit(new Event.Output(phase, line));
                if (kind.isPresent() && endsRun(kind.get())) {
                    if (change == ConsoleAnalyzer.Change.CLOSED) {
                        timer.schedule(() -> ending.end(kind), AFTER_REPORT.toMillis(), TimeUnit.MILLISECONDS);
                    } else if (change == ConsoleAnalyzer.Change.OPENED) {
                        timer.schedule(() -> ending.end(kind), REPORT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                    }
                }
            }

            @Override
            public boolean bootIsClean() {
                synchronized (analyzer) {
                    return analyzer.reports().isEmpty() && analyzer.openKind().isEmpty();
                }
            }

            @Override
            public void note(String text) {
                sink.emit(new Event.Notice(text));
            }

            @Override
            public void guestPanicked() {
                timer.schedule(() -> ending.end(Optional.of(ReportKind.PANIC)), AFTER_PVPANIC.toMillis(),
                        TimeUnit.MILLISECONDS);
            }

            @Override
            public void guestMessage(GuestMessage message) {
                if (message.kind() == GuestMessage.Kind.START || message.kind() == GuestMessage.Kind.SHELL) {
                    phase = Phase.TEST;
                    sink.emit(new Event.PhaseStarted(Phase.TEST, request.commandText()));
                } else if (message.kind() == GuestMessage.Kind.WAITING) {
                    sink.emit(new Event.Progress(Phase.BOOT, "waiting for the build"));
                } else if (message.kind() == GuestMessage.Kind.EXIT) {
                    // What follows is the guest powering off: boot-like noise, not the command's.
                    phase = Phase.BOOT;
                }
            }
        };
        RunSettings.Limits asked = request.settings().limits();
        Vm.Limits limits = new Vm.Limits(asked.timeout(), asked.silence(), Duration.ofSeconds(5));
        Vm vm = new Vm(spec, limits, listener, virtiofsd);
        ending.vm = vm;
        running = request;
        current = vm;
        if (cancelled) {
            vm.stop();
        }
        if (goGiven) {
            deliverGo();
        }
        sink.emit(new Event.PhaseStarted(Phase.BOOT, request.kernel().release()));
        VmExit exit;
        try {
            exit = vm.run();
        } finally {
            timer.shutdownNow();
            current = null;
        }
        List<KernelReport> reports;
        String taints;
        synchronized (analyzer) {
            reports = analyzer.finish();
            taints = Taints.describe(analyzer.taints());
        }
        RunSettings.Vm machine = request.settings().vm();
        Outcome outcome = symbolized(Verdicts.decide(exit, reports, request.settings().verdict()), request);
        Map<Phase, Duration> phases = new EnumMap<>(Phase.class);
        phases.putAll(earlierPhases);
        phases.put(Phase.BOOT, exit.bootTime().orElse(exit.total()));
        exit.commandTime().ifPresent(t -> phases.put(Phase.TEST, t));
        Optional<Vmcore> vmcore = ending.vmcore().map(v -> v.openedWith(openWith(v, request, run.dir())));
        RunResult result = new RunResult(run.id(), started, request.commandText(), request.profile().name(),
                request.kernel().release(), machine.arch().id(), machine.accel().accel().qemuName(), phases, outcome,
                Optional.of(exit.consoleLog()), keptIfNotEmpty(spec.outputDir()), Optional.empty(), testOutput.tests(),
                taints, timings(began, exit), vmcore);
        RunDirs.pruneVmcores(run.dir().getParent(), KEPT_VMCORES, VMCORE_MODULES);
        return result;
    }

    /** Where the stripped copies of the request's work dir modules are, which the guest loads. */
    private Path guestModules(RunRequest request) {
        return GuestModules.dir(cache, request.workDir(), request.kernel());
    }

    /** vmcores kept, the newest: each is as large as the guest's memory in use. */
    private static final int KEPT_VMCORES = 5;
    /** Where a run keeps the module objects its vmcore was taken with. */
    private static final String VMCORE_MODULES = "vmcore-modules";

    /**
     * How a run that crashed is ended, once, from the report timer: the guest's memory saved first
     * when it panicked or asserted (its kernel is dead or stuck, and the state is worth keeping),
     * then the VM stopped.
     */
    private static final class Ending {
        private final boolean dumpWanted;
        private final Path file;
        private final Supplier<Optional<RunningTask>> panicked;
        private volatile Vm vm;
        private boolean ended;
        private Optional<Vmcore> vmcore = Optional.empty();

        Ending(boolean dumpWanted, Path file, Supplier<Optional<RunningTask>> panicked) {
            this.dumpWanted = dumpWanted;
            this.file = file;
            this.panicked = panicked;
        }

        synchronized void end(Optional<ReportKind> kind) {
            if (ended || vm == null) {
                return;
            }
            ended = true;
            if (dumpWanted && kind.map(k -> k == ReportKind.PANIC || k == ReportKind.ASSERT).orElse(false)) {
                try {
                    // An assertion's thread is parked, not running: no CPU's registers are its.
                    vmcore = Optional.of(vm.dump(file, DUMP_LIMIT,
                            kind.get() == ReportKind.PANIC ? panicked.get() : Optional.empty()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            vm.stop();
        }

        synchronized Optional<Vmcore> vmcore() {
            return vmcore;
        }
    }

    /**
     * The commands that open a vmcore with the kernel's and the modules' symbols: drgn for any
     * architecture, and crash for the host's own (Debian's crash reads no other). The next build
     * overwrites the work dir's modules, so the run keeps its own copies, next to the vmcore,
     * which stay true to it.
     */
    private static List<String> openWith(Vmcore vmcore, RunRequest request, Path runDir) {
        if (vmcore.file().isEmpty() || request.kernel().vmlinux().isEmpty()) {
            return List.of();
        }
        String core = vmcore.file().get().toString();
        String vmlinux = request.kernel().vmlinux().get().toString();
        KeptModules modules = keptModules(WorkDir.modules(request.workDir(), request.kernel().release()),
                runDir.resolve(VMCORE_MODULES));
        List<String> commands = new ArrayList<>();
        StringBuilder drgn = new StringBuilder("drgn -c " + core + " -s " + vmlinux);
        modules.objects().forEach(ko -> drgn.append(" -s ").append(ko));
        commands.add(drgn.toString());
        if (!request.kernel().arch().foreign()) {
            boolean any = Files.isDirectory(modules.dir());
            commands.add("crash" + (any ? " --mod " + modules.dir() : "") + " " + vmlinux + " " + core
                    + (any ? "   (then: mod -S)" : ""));
        }
        return commands;
    }

    /** A modules dir and the module objects under it. */
    private record KeptModules(Path dir, List<Path> objects) {
    }

    /** Copies the module objects under {@code from} into {@code to}; {@code from}'s own if there are none or it cannot. */
    private static KeptModules keptModules(Path from, Path to) {
        List<Path> objects = ModuleIndex.objects(from);
        if (objects.isEmpty()) {
            return new KeptModules(from, objects);
        }
        try {
            List<Path> copies = new ArrayList<>();
            for (Path ko : objects) {
                Path copy = to.resolve(from.relativize(ko).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(ko, copy, StandardCopyOption.REPLACE_EXISTING);
                copies.add(copy);
            }
            return new KeptModules(to, copies);
        } catch (IOException e) {
            return new KeptModules(from, objects);
        }
    }

    /** Where the run's time went: quiz's work before qemu started, then the VM's. */
    private static List<VmTimeline.Timing> timings(long began, VmExit exit) {
        List<VmTimeline.Timing> steps = new ArrayList<>();
        if (exit.qemuStartedNanos() > began) {
            steps.add(new VmTimeline.Timing("quiz: initramfs, disks, sockets",
                    Duration.ofNanos(exit.qemuStartedNanos() - began), false));
        }
        steps.addAll(exit.timings());
        return steps;
    }

    /** The guest's output dir, or nothing (and the empty dir removed) when it wrote nothing there. */
    private static Optional<Path> keptIfNotEmpty(Optional<Path> output) throws IOException {
        if (output.isEmpty()) {
            return output;
        }
        try (var entries = Files.list(output.get())) {
            if (entries.findAny().isPresent()) {
                return output;
            }
        }
        Files.delete(output.get());
        return Optional.empty();
    }

    /** The shown report with file:line on its frames, where the kernel's debug info is at hand. */
    private static Outcome symbolized(Outcome outcome, RunRequest request) {
        if (outcome.report().isEmpty()) {
            return outcome;
        }
        Optional<Symbolizer> symbolizer = Symbolizer.of(request.kernel().arch(), request.kernel().vmlinux(),
                request.kernel().sourceDir(),
                Optional.of(WorkDir.modules(request.workDir(), request.kernel().release())));
        return symbolizer.map(s -> new Outcome(outcome.verdict(), outcome.reason(), outcome.exitCode(),
                outcome.report().map(s::symbolize), outcome.moreReports(), outcome.warnings())).orElse(outcome);
    }

    /** Reports after which the run is over: the kernel is dead, wedged, or no longer trustworthy. */
    private static boolean endsRun(ReportKind kind) {
        return kind != ReportKind.WARNING;
    }

    private static KernelReport last(List<KernelReport> reports) {
        return reports.get(reports.size() - 1);
    }

    private static List<Path> scratchDisks(Path dir, Profile profile) throws IOException {
        List<Path> disks = new ArrayList<>();
        if (profile.get(ProfileKeys.DISKS).isPresent()) {
            Profile.Disks d = profile.get(ProfileKeys.DISKS).get();
            for (int i = 0; i < d.count(); i++) {
                Path disk = dir.resolve("disk" + i + ".img");
                Files.deleteIfExists(disk);
                try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "rw")) {
                    f.setLength(d.sizeBytes());
                }
                disks.add(disk);
            }
        }
        return disks;
    }
}
