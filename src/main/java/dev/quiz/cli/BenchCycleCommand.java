package dev.quiz.cli;

import dev.quiz.build.BuildException;
import dev.quiz.build.BuildListener;
import dev.quiz.build.OpenZfsSource;
import dev.quiz.exec.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-cycle",
        description = {
            "Measure the edit-to-verdict loop on OpenZFS: naive loop, quiz run --build, quiz watch.",
            "Side by side in one run, for a one-line change in module/zfs/ (a comment appended to vdev_raidz.c,",
            "removed again at the end):",
            "  naive:      make && make install && quiz run -p PROFILE   (the shell loop people write)",
            "  quiz build: quiz run --build -p PROFILE                  (modules only: make -C module, modules_install)",
            "  quiz watch: save -> verdict line, with the watcher's start time and save-to-cycle-start latency.",
            "It uses the OpenZFS tree quiz keeps in its store (quiz prepare openzfs) unless --tree is given;",
            "that tree must have been built once (quiz build --tree DIR)."})
final class BenchCycleCommand implements Callable<Integer> {
    @Option(names = "--tree", paramLabel = "DIR", description = "OpenZFS tree to measure on. Default: the store's.")
    Path tree;

    @Option(names = {"-p", "--profile"}, defaultValue = "zfs-smoke", paramLabel = "NAME",
            description = "Profile whose test runs each cycle (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--work", defaultValue = "bench-cycle", paramLabel = "NAME", description = "Work dir (default: ${DEFAULT-VALUE}).")
    String work;

    @Override
    public Integer call() throws Exception {
        Path t = tree != null ? tree.toAbsolutePath().normalize() : storeTree();
        Path file = t.resolve("module/zfs/vdev_raidz.c");
        if (!Files.isRegularFile(file)) {
            throw new UserError(t + " is not an OpenZFS tree (no module/zfs/vdev_raidz.c)");
        }
        Path workDir = BuildMixin.workDir(Host.store(), work);
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
        try {
            edit(file, original, 0);
            System.out.println("quiz: preparing: a full build and install into " + workDir + " (not measured)");
            require(run(concat(quiz, "build", "--color=never", "--tree", t.toString(), "--work", work), t), "quiz build");

            edit(file, original, 1);
            String naiveScript = "make -j" + Host.jobs() + " >/dev/null && make install DESTDIR=" + workDir
                    + " INSTALL_MOD_PATH=" + workDir.resolve("usr") + " >/dev/null && "
                    + String.join(" ", quiz) + " run --color=never --work " + workDir + " -p " + profile;
            double naive = timed(List.of("sh", "-c", naiveScript), t);

            edit(file, original, 2);
            double quizBuild = timed(concat(quiz, "run", "--color=never", "--build", "--tree", t.toString(),
                    "--work", work, "-p", profile), t);

            double[] watch = watchCycle(quiz, t, file, original);

            System.out.printf("%nOne-line change in module/zfs/vdev_raidz.c, profile %s, %d CPUs:%n", profile, Host.jobs());
            System.out.printf("  %-52s %8.1fs%n", "naive: make && make install && quiz run", naive);
            System.out.printf("  %-52s %8.1fs  (%.2fx of naive)%n", "quiz run --build (make -C module, modules_install)",
                    quizBuild, quizBuild / naive);
            System.out.printf("  %-52s %8.1fs  (%.2fx of naive)%n", "quiz watch: save to verdict (VM beside the build)",
                    watch[2], watch[2] / naive);
            System.out.printf("  %-52s %8.2fs%n", "quiz watch: watcher start (files hashed by mtime)", watch[0]);
            System.out.printf("  %-52s %8.2fs%n", "quiz watch: save to cycle start (incl. quiet period)", watch[1]);
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

    /** A one-line change: a comment with a number, so every step sees a new edit. */
    private static void edit(Path file, String original, int n) throws IOException {
        Files.writeString(file, original + "/* quiz bench-cycle edit " + n + " */\n");
    }

    /** Starts quiz watch, edits, and returns {watcher start, save to cycle start, save to verdict} in seconds. */
    private double[] watchCycle(List<String> quiz, Path t, Path file, String original) throws Exception {
        long start = System.nanoTime();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        try (ChildProcess watch = ChildProcess.start(ChildProcess.Spec.of(concat(quiz, "watch", "--color=never", "--tree",
                t.toString(), "--work", work, "-p", profile, "--cycles", "2")), lines::add)) {
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
            while (true) {
                String line = lines.poll(10, TimeUnit.MINUTES);
                if (line == null) {
                    throw new UserError("quiz watch's first cycle gave no verdict");
                }
                if (line.matches("^\\[\\d\\d:\\d\\d:\\d\\d\\] #.*")) {
                    break;
                }
            }
            long saved = System.nanoTime();
            edit(file, original, 3);
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
            double toVerdict = (System.nanoTime() - saved) / 1e9;
            System.out.println("quiz watch: " + verdict);
            return new double[] {ready, cycleStart, toVerdict};
        }
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
        List<String> out = java.util.Collections.synchronizedList(new ArrayList<>());
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
