package dev.quiz.cli;

import dev.quiz.analysis.TestCase;
import dev.quiz.analysis.Verdict;
import dev.quiz.arch.Arch;
import dev.quiz.build.PreparedKernel;
import dev.quiz.build.RootBuilder;
import dev.quiz.cycle.QemuRunner;
import dev.quiz.cycle.RunDirs;
import dev.quiz.cycle.RunRequest;
import dev.quiz.cycle.RunSettings;
import dev.quiz.model.Event;
import dev.quiz.model.EventSink;
import dev.quiz.model.SuiteResult;
import dev.quiz.profile.Profile;
import dev.quiz.profile.VmLimits;
import dev.quiz.report.SuiteJson;
import dev.quiz.report.SuiteReporter;
import dev.quiz.report.SuiteReports;
import dev.quiz.store.Store;
import dev.quiz.suite.GroupTimes;
import dev.quiz.suite.Selection;
import dev.quiz.suite.ShardPlan;
import dev.quiz.suite.SuiteRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "zts",
        description = {
            "Run OpenZFS's test suite sharded over fresh VMs, with one merged report.",
            "The unit of a shard is a test group (a section of a runfile: tests that share their setup and cleanup). "
                    + "quiz reads the runfiles installed in the work dir, takes the groups -r, -T and -t choose, as "
                    + "zfs-tests.sh would, and splits them over shards by the time each group took when it last ran "
                    + "(never-timed groups are spread evenly by count). Each shard runs in its own fresh VMs with their own "
                    + "scratch disks; a group that crashes its VM takes the crash's verdict and trace, and the shard goes "
                    + "on in a fresh VM. A line per finished group; at the end one summary, and results.json, junit.xml "
                    + "and report.html in the run's directory.",
            "Past one machine: --shard i/N --out DIR runs shard i of an N-way plan that every host computes the same "
                    + "way from the same timing file (--times); quiz zts merge DIR... puts the shards' results together.",
            "",
            "Examples:",
            "  quiz zts -r sanity --shards 4",
            "  quiz zts -T functional/cli_root --shards 8",
            "  quiz zts --shard 2/6 --out results/2 --times zts-times.tsv",
            "  quiz zts merge results/*"},
        subcommands = {ZtsCommand.Merge.class},
        footer = ZtsCommand.EXIT_CODES)
final class ZtsCommand implements Callable<Integer> {
    /** For zts and merge; %n ends a line in picocli's help. */
    static final String EXIT_CODES = "  0        every test passed, or failed as expected%n"
            + "  1        a test failed%n"
            + "  120-124  a group crashed its VM: the worst crash's code, as quiz --help lists them%n"
            + "  130      interrupted (Ctrl-C)%n"
            + "  143      stopped by SIGTERM%n"
            + "  250      quiz itself could not run: bad usage or setup";

    @Mixin
    ColorOption color;

    @Mixin
    VmOptions vm;

    @Option(names = {"-r", "--runfile"}, paramLabel = "RUNFILE", split = ",",
            description = "Runfiles to take groups from (sanity, common, linux, ...). Default: common,linux, as "
                    + "zfs-tests.sh.")
    List<String> runfiles = new ArrayList<>();

    @Option(names = {"-T", "--tags"}, paramLabel = "TAG", split = ",",
            description = "Only groups with one of these tags, as zfs-tests.sh -T (functional/cli_root's tag is cli_root).")
    List<String> tags = new ArrayList<>();

    @Option(names = {"-t", "--test"}, paramLabel = "PATH", description = "Only this test (its group, with it alone).")
    String test;

    @Option(names = "--shards", paramLabel = "N", description = "Shards to run side by side. Default: as many VMs "
            + "as this machine holds (its CPUs and memory against each VM's --cpus and --mem).")
    Integer shards;

    @Option(names = "--shard", paramLabel = "i/N", converter = ShardSpec.Converter.class,
            description = "Run only shard i of an N-way plan (for a CI matrix or another host); give --out.")
    ShardSpec shard;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the reports go. Default: $QUIZ_HOME/zts/NNNN.")
    Path out;

    @Option(names = "--times", paramLabel = "FILE", description = "The timing data shards are balanced by, updated "
            + "with this run's times. Default: $QUIZ_HOME/zts/times.tsv. Share it between hosts that split a run.")
    Path times;

    @Option(names = {"-p", "--profile"}, paramLabel = "NAME", defaultValue = "zts",
            description = "Profile for each VM: its setup, size and disks (default: ${DEFAULT-VALUE}).")
    String profileName;

    @Option(names = "--work", paramLabel = "NAME|DIR", description = "Work dir OpenZFS is installed in (quiz build). "
            + "Default: default.")
    String work;

    /** {@code i/N}: shard i of N. */
    record ShardSpec(int index, int count) {
        static final class Converter implements picocli.CommandLine.ITypeConverter<ShardSpec> {
            @Override
            public ShardSpec convert(String text) {
                String[] p = text.strip().split("/");
                try {
                    ShardSpec s = new ShardSpec(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
                    if (p.length == 2 && s.index >= 1 && s.index <= s.count) {
                        return s;
                    }
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    // said below
                }
                throw new picocli.CommandLine.TypeConversionException("'" + text + "': give i/N with 1 <= i <= N, "
                        + "such as 2/6");
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        if (shard != null && (shards != null || out == null)) {
            throw new UserError(shards != null ? "--shard and --shards: give one" : "--shard " + shard.index() + "/"
                    + shard.count() + " needs --out DIR, where merge will find its results");
        }
        if (shards != null && shards < 1) {
            throw new UserError("--shards must be at least 1");
        }
        Store store = Host.store();
        Profile profile = Profiles.load(profileName, Path.of("").toAbsolutePath());
        RunSettings settings = Host.settings(vm.options(List.of(), OptionalInt.empty(), List.of("true"), false, false),
                profile);
        Arch arch = settings.vm().arch();
        PreparedKernel k = Host.kernel(store, vm.kernel, profile, arch);
        Path root = RootBuilder.defaultImage(store, arch).orElseThrow(() -> new UserError("no " + arch
                + " root image prepared yet: run quiz prepare root" + arch.option()));
        Path workDir = BuildMixin.workDir(store, work, arch);
        Selection selection = new Selection(runfiles, tags, Optional.ofNullable(test));
        List<Selection.Chosen> chosen;
        try {
            chosen = selection.choose(SuiteRun.runfiles(workDir, selection));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (chosen.isEmpty()) {
            throw new UserError("no test group of " + String.join(",", selection.runfiles()) + " matches"
                    + (tags.isEmpty() ? "" : " -T " + String.join(",", tags)) + (test == null ? "" : " -t " + test));
        }
        Path timesFile = times != null ? times.toAbsolutePath() : store.root().resolve("zts/times.tsv");
        int count = shard != null ? shard.count() : shards != null ? shards : capacity(settings);
        ShardPlan plan;
        try {
            plan = ShardPlan.of(chosen, shard != null ? count : Math.min(count, chosen.size()),
                    GroupTimes.read(timesFile));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        List<Integer> mine = shard != null ? List.of(shard.index())
                : IntStream.rangeClosed(1, plan.shards().size()).boxed().toList();
        Path dir = out != null ? Files.createDirectories(out.toAbsolutePath())
                : RunDirs.allocate(store.root().resolve("zts")).dir();
        EventSink sink = EventSink.all(List.of(new SuiteReporter(System.out, color.style()), new SuiteReports()));
        int tests = mine.stream().mapToInt(i -> plan.shard(i).orElseThrow().groups().stream()
                .mapToInt(c -> c.group().tests().size()).sum()).sum();
        sink.emit(new Event.Notice(String.format("%d groups, %d tests of %s, over %s; each VM %s, %d CPU(s), %d MiB; %s",
                mine.stream().mapToInt(i -> plan.shard(i).orElseThrow().groups().size()).sum(), tests,
                String.join(",", selection.runfiles()), shard != null ? "shard " + shard.index() + " of " + count
                        : plan.shards().size() + " shard(s)", arch, settings.vm().cpus(), settings.vm().memoryMiB(),
                settings.vm().accel().reason())));
        RunRequest template = new RunRequest(k, root, workDir, profile, settings, false);
        SuiteRun run = new SuiteRun();
        AtomicBoolean reported = new AtomicBoolean();
        Thread stopper = new Thread(() -> {
            // Ctrl-C or SIGTERM: every shard's VM ends, and what finished is still reported.
            run.stop();
            if (reported.compareAndSet(false, true)) {
                sink.emit(new Event.SuiteFinished(run.result(), dir));
            }
        }, "quiz-zts-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        SuiteResult result = run.run(plan, mine, template, () -> new QemuRunner(Host::qemu,
                Host.virtiofsd().orElse(null), store.cache()), store.runs(), sink, timesFile);
        if (!reported.compareAndSet(false, true)) {
            return 130;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
            // the hook found it reported, and only stops what is left
        }
        sink.emit(new Event.SuiteFinished(result, dir));
        return exitCode(result);
    }

    /** As many VMs as this host holds side by side: its CPUs and memory against each VM's. */
    private static int capacity(RunSettings settings) {
        int byCpus = Host.jobs() / settings.vm().cpus();
        long byMemory = VmLimits.hostMemory().orElse(Long.MAX_VALUE) / ((long) settings.vm().memoryMiB() << 20);
        return (int) Math.max(1, Math.min(byCpus, byMemory));
    }

    /** The worst crash's code; else 1 when a test failed that was not expected to; else 0. */
    static int exitCode(SuiteResult r) {
        Optional<Verdict> crash = r.groups().stream().map(SuiteResult.Group::verdict)
                .filter(v -> v != Verdict.PASS && v != Verdict.FAIL).max(Comparator.comparing(v -> v.exitCode(0)));
        if (crash.isPresent()) {
            return crash.get().exitCode(0);
        }
        boolean unexpected = r.groups().stream().anyMatch(g -> g.tests().isEmpty() && g.verdict() == Verdict.FAIL)
                || r.tests().stream().anyMatch(t -> (t.status() == TestCase.Status.FAIL
                        || t.status() == TestCase.Status.KILLED) && r.expected().stream().noneMatch(t.name()::endsWith));
        return unexpected ? 1 : 0;
    }

    @Command(name = "merge",
            description = {"Merge the results of shards run apart (quiz zts --shard i/N --out DIR) into one report.",
                "It reads each DIR's results.json and writes the merged results.json, junit.xml and report.html."},
            footer = ZtsCommand.EXIT_CODES)
    static final class Merge implements Callable<Integer> {
        @Mixin
        ColorOption color;

        @Parameters(paramLabel = "DIR", arity = "1..*", description = "The shards' --out directories.")
        List<Path> dirs = new ArrayList<>();

        @Option(names = "--out", paramLabel = "DIR", description = "Where the merged reports go. Default: "
                + "$QUIZ_HOME/zts/NNNN.")
        Path out;

        @Option(names = "--times", paramLabel = "FILE", description = "Also add every group's time to this timing "
                + "file, for the next run's plan (each shard's own --times holds only its groups).")
        Path times;

        @Override
        public Integer call() throws IOException {
            List<SuiteResult> parts = new ArrayList<>();
            for (Path d : dirs) {
                Path file = d.resolve("results.json");
                if (!Files.isRegularFile(file)) {
                    throw new UserError(d + " has no results.json: give the --out directories of quiz zts --shard runs");
                }
                try {
                    parts.add(SuiteJson.read(Files.readString(file)));
                } catch (IllegalArgumentException e) {
                    throw new UserError(file + ": " + e.getMessage());
                }
            }
            List<SuiteResult.Group> groups = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            parts.forEach(p -> {
                groups.addAll(p.groups());
                expected.addAll(p.expected());
            });
            SuiteResult merged = new SuiteResult(parts.stream().mapToInt(SuiteResult::shards).max().orElse(1),
                    parts.stream().map(SuiteResult::start).min(Instant::compareTo).orElseThrow(),
                    parts.stream().map(SuiteResult::end).max(Instant::compareTo).orElseThrow(), groups,
                    expected.stream().distinct().toList());
            Path dir = out != null ? Files.createDirectories(out.toAbsolutePath())
                    : RunDirs.allocate(Host.store().root().resolve("zts")).dir();
            EventSink.all(List.of(new SuiteReporter(System.out, color.style()), new SuiteReports()))
                    .emit(new Event.SuiteFinished(merged, dir));
            if (times != null) {
                try {
                    GroupTimes.record(times.toAbsolutePath(), merged.groupSeconds());
                } catch (IllegalArgumentException e) {
                    throw new UserError(e.getMessage());
                }
            }
            return exitCode(merged);
        }
    }
}
