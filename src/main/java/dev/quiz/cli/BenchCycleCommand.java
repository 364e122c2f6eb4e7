package dev.quiz.cli;

import dev.quiz.build.BuildException;
import dev.quiz.arch.Arch;
import dev.quiz.build.BuildListener;
import dev.quiz.build.OpenZfsSource;
import dev.quiz.exec.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-cycle",
        description = {
            "Measure the edit-to-verdict loop on OpenZFS: the naive loop, quiz run --build and quiz watch.",
            "Side by side in one run, over --runs runs, for two one-line changes to module/zfs/vdev_raidz.c "
                    + "(undone at the end): a comment, which ccache serves, and a new function, different every time, "
                    + "which it cannot.",
            "  naive:      make && make install && quiz run -p PROFILE   (the shell loop people write)",
            "  quiz build: quiz run --build -p PROFILE                  (make -C module, modules_install)",
            "  quiz watch: save -> verdict line, with the watcher's start time and save-to-cycle-start latency.",
            "Each way runs its edits in a block of its own, after one edit it does not count. Each figure is "
                    + "the median of the runs. It uses the OpenZFS tree quiz keeps in its store (quiz "
                    + "prepare openzfs) unless --tree is given."})
final class BenchCycleCommand implements Callable<Integer> {
    @Option(names = "--tree", paramLabel = "DIR", description = "OpenZFS tree to measure on. Default: the store's.")
    Path tree;

    @Option(names = {"-p", "--profile"}, defaultValue = "zfs-smoke", paramLabel = "NAME",
            description = "Profile whose test runs each cycle (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--work", defaultValue = "bench-cycle", paramLabel = "NAME", description = "Work dir (default: ${DEFAULT-VALUE}).")
    String work;

    @Option(names = "--runs", defaultValue = "3", paramLabel = "N", description = "Runs of each (default: ${DEFAULT-VALUE}).")
    int runs;

    /** The two edits measured: what they do to the file, and why they differ. */
    private enum Edit {
        COMMENT("comment (ccache serves it)"), CODE("new code (ccache cannot)");

        final String label;

        Edit(String label) {
            this.label = label;
        }

        /** The file with this edit, made unique by {@code n} so that every build has something to do. */
        String apply(String original, int n) {
            return switch (this) {
                case COMMENT -> original + "/* quiz bench-cycle edit " + n + " */\n";
                case CODE -> original + "int quiz_bench_cycle_" + n + "(void);\nint\nquiz_bench_cycle_" + n
                        + "(void)\n{\n\treturn (" + n + ");\n}\n";
            };
        }
    }

    /** The number that makes the next edit unlike every earlier one. */
    private int nextEdit;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > 20) {
            throw new UserError("--runs must be 1 to 20");
        }
        Path t = tree != null ? tree.toAbsolutePath().normalize() : storeTree();
        Path file = t.resolve("module/zfs/vdev_raidz.c");
        if (!Files.isRegularFile(file)) {
            throw new UserError(t + " is not an OpenZFS tree (no module/zfs/vdev_raidz.c)");
        }
        Path workDir = BuildMixin.workDir(Host.store(), work, Arch.byDefault());
        String original = Files.readString(file);
        List<String> quiz = Host.selfCommand();
        // The edit is undone however the benchmark ends, Ctrl-C included.
        Thread restore = new Thread(() -> {
            try {
                Files.writeString(file, original);
            } catch (IOException e) {
                System.err.println("quiz: could not restore " + file + ": " + e.getMessage());
            }
        }, "quiz-bench-restore");
        Runtime.getRuntime().addShutdownHook(restore);
        // A different number every time: even a second bench-cycle never finds its code in ccache.
        nextEdit = (int) (System.currentTimeMillis() / 1000 % 1_000_000) * 100;
        try {
            Files.writeString(file, Edit.COMMENT.apply(original, nextEdit++));
            System.out.println("quiz: preparing: a full build and install into " + workDir + " (not measured)");
            require(run(concat(quiz, "build", "--color=never", "--tree", t.toString(), "--work", work), t), "quiz build");

            String naiveScript = "make -j" + Host.jobs() + " >/dev/null && make install DESTDIR=" + workDir
                    + " INSTALL_MOD_PATH=" + workDir.resolve("usr") + " >/dev/null && "
                    + String.join(" ", quiz) + " run --color=never --work " + workDir + " -p " + profile;
            Map<Edit, List<Double>> naive = timedBlock(List.of("sh", "-c", naiveScript), t, file, original);
            Map<Edit, List<Double>> quizBuild = timedBlock(concat(quiz, "run", "--color=never", "--build", "--tree",
                    t.toString(), "--work", work, "-p", profile), t, file, original);
            WatchFigures watch = watchCycles(quiz, t, file, original);

            System.out.printf("%nOne-line change to module/zfs/vdev_raidz.c, profile %s, %d CPUs, median of %d runs:%n",
                    profile, Host.jobs(), runs);
            for (Edit edit : Edit.values()) {
                double naiveMedian = BenchCommand.median(naive.get(edit));
                double buildMedian = BenchCommand.median(quizBuild.get(edit));
                double watchMedian = BenchCommand.median(watch.toVerdict().get(edit));
                System.out.printf("%n  %s%n", edit.label);
                System.out.printf("    %-52s %7.1fs%n", "naive: make && make install && quiz run", naiveMedian);
                System.out.printf("    %-52s %7.1fs  %.1fx faster%n", "quiz run --build (make -C module, modules_install)",
                        buildMedian, naiveMedian / buildMedian);
                System.out.printf("    %-52s %7.1fs  %.1fx faster%n", "quiz watch: save to verdict (VM beside the build)",
                        watchMedian, naiveMedian / watchMedian);
            }
            System.out.printf("%n  %-54s %7.2fs%n", "quiz watch: watcher start (files hashed by mtime)", watch.start());
            System.out.printf("  %-54s %7.2fs%n", "quiz watch: save to cycle start (incl. quiet period)",
                    BenchCommand.median(watch.toCycleStart()));
            return 0;
        } finally {
            Files.writeString(file, original);
            Runtime.getRuntime().removeShutdownHook(restore);
        }
    }

    private static Path storeTree() throws IOException, InterruptedException {
        try {
            return new OpenZfsSource(Host.store(), BuildListener.SILENT).ensure();
        } catch (BuildException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** What the watch measurements gave: the watcher's start, and per edit, save to cycle start and to verdict. */
    private record WatchFigures(double start, List<Double> toCycleStart, Map<Edit, List<Double>> toVerdict) {
    }

    /**
     * Starts one quiz watch, waits out its first cycle, then makes each edit --runs times and
     * times save to cycle start (make appears) and save to verdict line.
     */
    private WatchFigures watchCycles(List<String> quiz, Path t, Path file, String original) throws Exception {
        long start = System.nanoTime();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        try (ChildProcess watch = ChildProcess.start(ChildProcess.Spec.of(concat(quiz, "watch", "--color=never", "--tree",
                t.toString(), "--work", work, "-p", profile)), lines::add)) {
            ProcessHandle watcher = ProcessHandle.of(watch.pid()).orElseThrow();
            double ready = 0;
            while (ready == 0) {
                String line = lines.poll(120, TimeUnit.SECONDS);
                if (line == null) {
                    throw new UserError("quiz watch did not start");
                }
                if (line.startsWith("quiz: watching ")) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("ready in ([0-9.]+)s").matcher(line);
                    ready = m.find() ? Double.parseDouble(m.group(1)) : (System.nanoTime() - start) / 1e9;
                }
            }
            // The first cycle runs at start, on a tree already built: wait it out, then edit.
            verdict(lines, TimeUnit.MINUTES.toNanos(10));
            List<Double> toCycleStart = new ArrayList<>();
            Map<Edit, List<Double>> toVerdict = new EnumMap<>(Edit.class);
            for (int i = 0; i < runs; i++) {
                for (Edit edit : Edit.values()) {
                    long saved = System.nanoTime();
                    Files.writeString(file, edit.apply(original, nextEdit++));
                    double cycleStart = 0;
                    String verdict = null;
                    while (verdict == null) {
                        if (cycleStart == 0 && watcher.descendants()
                                .anyMatch(h -> h.info().command().orElse("").endsWith("make"))) {
                            cycleStart = (System.nanoTime() - saved) / 1e9;
                        }
                        String line = lines.poll(10, TimeUnit.MILLISECONDS);
                        if (line != null && line.matches("^\\[\\d\\d:\\d\\d:\\d\\d\\] #.*")) {
                            verdict = line;
                        }
                        if (System.nanoTime() - saved > TimeUnit.MINUTES.toNanos(10)) {
                            throw new UserError("quiz watch gave no verdict in 10 minutes");
                        }
                    }
                    double seconds = (System.nanoTime() - saved) / 1e9;
                    System.out.printf("%.1fs  quiz watch: %s%n", seconds, verdict);
                    toCycleStart.add(cycleStart);
                    toVerdict.computeIfAbsent(edit, e -> new ArrayList<>()).add(seconds);
                }
            }
            return new WatchFigures(ready, toCycleStart, toVerdict);
        }
    }

    /**
     * One way of working, timed in a block of its own after one edit it is not timed on, so that
     * every timed edit starts from this way's own last build.
     */
    private Map<Edit, List<Double>> timedBlock(List<String> command, Path dir, Path file, String original)
            throws IOException, InterruptedException {
        Files.writeString(file, Edit.COMMENT.apply(original, nextEdit++));
        System.out.print("warm-up, not counted: ");
        timed(command, dir);
        Map<Edit, List<Double>> times = new EnumMap<>(Edit.class);
        for (int i = 0; i < runs; i++) {
            for (Edit edit : Edit.values()) {
                Files.writeString(file, edit.apply(original, nextEdit++));
                times.computeIfAbsent(edit, e -> new ArrayList<>()).add(timed(command, dir));
            }
        }
        return times;
    }

    /** Waits for the next verdict line. */
    private static String verdict(BlockingQueue<String> lines, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.matches("^\\[\\d\\d:\\d\\d:\\d\\d\\] #.*")) {
                return line;
            }
        }
        throw new UserError("quiz watch's first cycle gave no verdict");
    }

    private static double timed(List<String> command, Path dir) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Result r = run(command, dir);
        double seconds = (System.nanoTime() - start) / 1e9;
        require(r, String.join(" ", command));
        String last = r.output().isEmpty() ? "" : r.output().get(r.output().size() - 1);
        System.out.printf("%.1fs  %s%n", seconds, r.output().stream().filter(l -> l.matches("^(PASS|FAIL|PANIC|OOPS|ASSERT|HANG|TIMEOUT|BOOT FAILED|BUILD FAILED) .*"))
                .findFirst().orElse(last));
        return seconds;
    }

    private record Result(int exit, List<String> output) {
    }

    private static Result run(List<String> command, Path dir) throws InterruptedException {
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        int status = ChildProcess.run(ChildProcess.Spec.of(command).in(dir), out::add);
        return new Result(status, List.copyOf(out));
    }

    private static void require(Result r, String what) {
        if (r.exit() != 0) {
            throw new UserError(what + " failed (exit " + r.exit() + "): "
                    + String.join(" | ", r.output().subList(Math.max(0, r.output().size() - 5), r.output().size())));
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
