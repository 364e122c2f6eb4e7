package dev.quiz.suite;

import dev.quiz.cycle.RunRequest;
import dev.quiz.cycle.Runner;
import dev.quiz.model.EventSink;
import dev.quiz.model.SuiteResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * OpenZFS's test suite, sharded over fresh VMs: the shards of the plan this host runs (all of
 * them, or one of N for a CI matrix or another machine) run side by side, each in its own VMs;
 * what each group took is recorded for the next plan.
 */
public final class SuiteRun {
    private final List<ShardRunner> runners = Collections.synchronizedList(new ArrayList<>());
    private volatile Instant start = Instant.now();
    private volatile int shardCount;

    /** The runfiles the selection names, read from the work dir the suite is installed into. */
    public static List<Runfile> runfiles(Path workDir, Selection selection) throws IOException {
        Path dir = workDir.resolve("usr/local/share/zfs/runfiles");
        List<Runfile> files = new ArrayList<>();
        for (String name : selection.runfiles()) {
            Path file = dir.resolve(name.endsWith(".run") ? name : name + ".run");
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no runfile " + file + ": is OpenZFS built and installed into "
                        + workDir + " (quiz build)?");
            }
            files.add(Runfile.read(file));
        }
        return files;
    }

    /**
     * Runs {@code shards} of the plan (their numbers), each shard's groups in fresh VMs made from
     * {@code template}, and returns what ended; {@link #stop} ends it early, with what finished.
     */
    public SuiteResult run(ShardPlan plan, List<Integer> shards, RunRequest template, Runner.Factory factory, Path runs,
            EventSink sink, Path times) throws IOException, InterruptedException {
        start = Instant.now();
        shardCount = plan.shards().size();
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
        for (int number : shards) {
            ShardRunner runner = new ShardRunner(plan.shard(number).orElseThrow(), template, factory, runs, sink);
            runners.add(runner);
            Thread t = new Thread(() -> {
                try {
                    runner.run();
                } catch (IOException | InterruptedException | RuntimeException e) {
                    failures.add(e);
                }
            }, "quiz-shard-" + number);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            Exception e = failures.get(0);
            if (e instanceof IOException io) {
                throw io;
            }
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
        SuiteResult result = result();
        GroupTimes.record(times, result.groupSeconds());
        return result;
    }

    /** What has ended so far. */
    public SuiteResult result() {
        List<SuiteResult.Group> groups = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        synchronized (runners) {
            runners.forEach(r -> {
                groups.addAll(r.results());
                expected.addAll(r.expected());
            });
        }
        return new SuiteResult(shardCount, start, Instant.now(), groups, expected);
    }

    /** Stops every shard: each one's VM ends, and no other starts. */
    public void stop() {
        synchronized (runners) {
            runners.forEach(ShardRunner::stop);
        }
    }
}
