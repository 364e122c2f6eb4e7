package dev.quiz.suite;

import dev.quiz.analysis.TestCase;
import dev.quiz.analysis.Verdict;
import dev.quiz.cycle.RunDirs;
import dev.quiz.cycle.RunRequest;
import dev.quiz.cycle.Runner;
import dev.quiz.model.Event;
import dev.quiz.model.EventSink;
import dev.quiz.model.RunResult;
import dev.quiz.model.SuiteResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs one shard's test groups in fresh VMs: as many groups as one VM gets through; when a group
 * crashes its VM (panic, oops, assertion, hang, timeout), that group takes the crash's verdict
 * and trace, and the shard's remaining groups go on in a fresh VM.
 */
final class ShardRunner {
    private static final Set<Verdict> CRASHES = Set.of(Verdict.PANIC, Verdict.OOPS, Verdict.ASSERT, Verdict.HANG,
            Verdict.TIMEOUT);

    private final ShardPlan.Shard shard;
    private final RunRequest template;
    private final Runner.Factory runners;
    private final Path runs;
    private final EventSink sink;
    private final List<SuiteResult.Group> results = new ArrayList<>();
    private final List<String> expected = new ArrayList<>();
    /** Groups a crash cut short whose remaining tests have yet to run. */
    private final Map<String, SuiteResult.Group> cutShort = new LinkedHashMap<>();
    private volatile Runner running;
    private volatile boolean stopped;

    /** {@code template}: the request whose command each VM replaces with its share of the groups. */
    ShardRunner(ShardPlan.Shard shard, RunRequest template, Runner.Factory runners, Path runs, EventSink sink) {
        this.shard = shard;
        this.template = template;
        this.runners = runners;
        this.runs = runs;
        this.sink = sink;
    }

    /** Runs the shard to its end, or until {@link #stop}. */
    void run() throws IOException, InterruptedException {
        Map<String, Selection.Chosen> remaining = new LinkedHashMap<>();
        shard.groups().forEach(g -> remaining.put(g.group().path(), g));
        while (!remaining.isEmpty() && !stopped) {
            RunDirs.Allocated dir = RunDirs.allocate(runs);
            Path out = dir.dir().resolve("out");
            GroupTracker tracker = new GroupTracker(seen -> {
                if (remaining.remove(seen.group()) != null) {
                    done(finished(seen, dir.dir(), out));
                }
            });
            Runner runner = runners.create();
            running = runner;
            if (stopped) {
                break;
            }
            RunRequest request = template.withCommand(List.of(ZtsScript.of(List.copyOf(remaining.values()))));
            RunResult result = runner.run(request, dir, event -> {
                if (event instanceof Event.Output o) {
                    tracker.accept(o.line(), Instant.now());
                }
            }, Map.of());
            result.consoleLog().ifPresent(this::noteExpected);
            Verdict verdict = result.outcome().verdict();
            boolean crashed = CRASHES.contains(verdict) && !stopped;
            Optional<GroupTracker.Seen> cut = tracker.end(crashed, Instant.now());
            if (stopped) {
                break;
            }
            if (crashed) {
                String group = cut.map(GroupTracker.Seen::group).orElse(remaining.keySet().iterator().next());
                Selection.Chosen chosen = remaining.remove(group);
                List<TestCase> tests = new ArrayList<>(cut.map(GroupTracker.Seen::tests).orElse(List.of()));
                Optional<String> killed = cut.flatMap(GroupTracker.Seen::cutShort);
                killed.ifPresent(t -> tests.add(new TestCase("zts", t, TestCase.Status.KILLED, Optional.empty())));
                SuiteResult.Group crash = new SuiteResult.Group(group, shard.number(),
                        cut.map(GroupTracker.Seen::start).orElse(result.started()), Instant.now(), verdict,
                        result.outcome().reason(), result.outcome().report(), tests, result.consoleLog(),
                        Optional.of(out));
                List<String> after = testsAfter(chosen.group().tests(), killed);
                if (after.isEmpty()) {
                    done(crash);
                } else {
                    cutShort.put(group, crash);
                    Map<String, Selection.Chosen> next = new LinkedHashMap<>();
                    next.put(group, new Selection.Chosen(chosen.from(), chosen.group().withTests(after)));
                    next.putAll(remaining);
                    remaining.clear();
                    remaining.putAll(next);
                }
            } else {
                // The VM ended well, yet these groups never started: zfs-tests.sh gave up before them.
                for (String group : List.copyOf(remaining.keySet())) {
                    remaining.remove(group);
                    done(new SuiteResult.Group(group, shard.number(), result.started(), Instant.now(), Verdict.FAIL,
                            "zfs-tests.sh did not run it (" + result.outcome().reason() + ")", Optional.empty(), List.of(),
                            result.consoleLog(), Optional.empty()));
                }
            }
        }
    }

    /**
     * The tests of a group that come after the one a crash cut short, to run in a fresh VM: none
     * when the crash was in the group's setup or cleanup, or its test is not known.
     */
    static List<String> testsAfter(List<String> tests, Optional<String> killed) {
        if (killed.isEmpty()) {
            return List.of();
        }
        String name = killed.get().substring(killed.get().lastIndexOf('/') + 1);
        int at = tests.indexOf(name);
        return at < 0 ? List.of() : List.copyOf(tests.subList(at + 1, tests.size()));
    }

    /**
     * What zfs-tests.sh's summary lists under "Tests with results other than PASS that are
     * expected" (known issues), as "STATUS NAME" lines up to the next blank or heading line.
     */
    private void noteExpected(Path console) {
        try {
            boolean in = false;
            for (String raw : Files.readAllLines(console, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                String line = dev.quiz.analysis.ConsoleLine.of(raw).text();
                if (line.startsWith("Tests with results other than PASS that are expected")) {
                    in = true;
                } else if (in && line.matches("\\s+(FAIL|SKIP|KILLED) \\S+.*")) {
                    synchronized (this) {
                        expected.add(line.strip().split("\\s+")[1]);
                    }
                } else if (in) {
                    in = false;
                }
            }
        } catch (IOException e) {
            // no summary to read: nothing is known to be expected
        }
    }

    synchronized List<String> expected() {
        return List.copyOf(expected);
    }

    /** Its groups that have ended so far. */
    synchronized List<SuiteResult.Group> results() {
        return List.copyOf(results);
    }

    private SuiteResult.Group finished(GroupTracker.Seen seen, Path runDir, Path out) {
        boolean failed = seen.tests().stream().anyMatch(t -> t.status() == TestCase.Status.FAIL
                || t.status() == TestCase.Status.KILLED);
        return new SuiteResult.Group(seen.group(), shard.number(), seen.start(), seen.end(),
                failed ? Verdict.FAIL : Verdict.PASS, failed ? "a test failed" : "every test passed or was skipped",
                Optional.empty(), seen.tests(), Optional.of(runDir.resolve("console.log")), Optional.of(out));
    }

    /**
     * Ends a group, or what a fresh VM ran of it after a crash: then the two are one group, which
     * keeps the crash's verdict, report and console and holds the tests of both.
     */
    private synchronized void done(SuiteResult.Group ended) {
        SuiteResult.Group group = ended;
        SuiteResult.Group crash = cutShort.remove(ended.path());
        if (crash != null) {
            List<TestCase> tests = new ArrayList<>(crash.tests());
            tests.addAll(ended.tests());
            group = new SuiteResult.Group(crash.path(), crash.shard(), crash.start(), ended.end(), crash.verdict(),
                    crash.reason() + "; its remaining tests ran in a fresh VM", crash.report(), tests, crash.console(),
                    crash.logs());
        }
        results.add(group);
        sink.emit(new Event.GroupFinished(group));
    }

    /** Stops the shard: its VM is ended, and no other starts. */
    void stop() {
        stopped = true;
        Runner r = running;
        if (r != null) {
            r.cancel();
        }
    }
}
