package dev.quiz.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.analysis.Outcome;
import dev.quiz.analysis.Verdict;
import dev.quiz.analysis.Verdicts;
import dev.quiz.arch.Arch;
import dev.quiz.build.BuildOutcome;
import dev.quiz.build.BuildPlan;
import dev.quiz.build.PreparedKernel;
import dev.quiz.build.TreeBuilder;
import dev.quiz.cycle.QemuRunner;
import dev.quiz.cycle.RunDirs;
import dev.quiz.cycle.RunRequest;
import dev.quiz.cycle.RunSettings;
import dev.quiz.cycle.Runner;
import dev.quiz.exec.Git;
import dev.quiz.model.Event;
import dev.quiz.model.EventSink;
import dev.quiz.model.Phase;
import dev.quiz.model.RunResult;
import dev.quiz.profile.Profile;
import dev.quiz.profile.ProfileLoader;
import dev.quiz.vm.Accel;
import dev.quiz.vm.KvmHost;
import dev.quiz.vm.Share;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch loop's own logic: restart, queue, a branch switch, a cycle that fails inside quiz,
 * a hook waiting for a verdict. Its runners are fakes the test finishes when it chooses, its
 * builds say "built" at once; the real VMs and builds are WatchIT's.
 */
class WatchSessionTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    private final EventSink sink = events::add;
    private final ChangeCollector collector = new ChangeCollector(Duration.ofMillis(20));
    private final List<Optional<Set<Path>>> builds = Collections.synchronizedList(new ArrayList<>());

    /** A build that succeeds at once and remembers what it was asked to build. */
    private final class Built implements TreeBuilder {
        @Override
        public BuildOutcome build(Optional<Set<Path>> changed) {
            builds.add(changed);
            return new BuildOutcome(true, BuildPlan.FULL, Set.of(), Duration.ZERO, Optional.empty(), Optional.empty(),
                    Path.of("build.log"));
        }

        @Override
        public void cancel() {
        }

        @Override
        public Set<Path> changedSources() {
            return Set.of();
        }
    }

    /** Runners that run until the test finishes them (or the session cancels them). */
    private static final class FakeRunners implements Runner.Factory {
        final BlockingQueue<Fake> started = new LinkedBlockingQueue<>();

        @Override
        public Runner create() {
            return new Fake();
        }

        Fake next() throws InterruptedException {
            Fake f = started.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (f == null) {
                throw new AssertionError("no VM was started");
            }
            return f;
        }

        final class Fake implements Runner {
            private final CountDownLatch done = new CountDownLatch(1);
            private volatile Verdict verdict = Verdict.PASS;
            volatile boolean cancelled;
            volatile RunRequest request;

            @Override
            public RunResult run(RunRequest request, RunDirs.Allocated run, EventSink sink,
                    Map<Phase, Duration> earlierPhases) throws InterruptedException {
                this.request = request;
                started.add(this);
                done.await();
                Outcome outcome = new Outcome(verdict, verdict.label(), verdict.exitCode(0), Optional.empty(), 0,
                        List.of());
                return new RunResult(run.id(), Instant.now(), request.commandText(), request.profile().name(), "6.1",
                        "x86_64", "tcg", Map.of(), outcome, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), "", List.of(),
                        Optional.empty());
            }

            void finish(Verdict v) {
                verdict = v;
                done.countDown();
            }

            @Override
            public void cancel() {
                cancelled = true;
                done.countDown();
            }

            @Override
            public void go() {
            }
        }
    }

    /** A profile of that name, with nothing in it. */
    private Profile profile(String name) {
        try {
            Path dir = Files.createDirectories(tmp.resolve("profiles"));
            Files.writeString(dir.resolve(name + ".toml"), "description = \"for " + name + "\"\n");
            return new ProfileLoader(List.of(dir)).load(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private RunRequest request(String profileName, Path work) {
        PreparedKernel kernel = new PreparedKernel(Arch.X86_64, "6.1", tmp.resolve("bzImage"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), "test");
        Profile profile = profile(profileName);
        RunSettings settings = new RunSettings(
                new RunSettings.Vm(Arch.X86_64, new KvmHost.AccelChoice(Accel.TCG, "TCG"), Share.Transport.NINE_P, List.of(), 1024, 2, List.of(),
                        List.of(), OptionalInt.empty(), OptionalLong.empty(), true, true),
                new RunSettings.Limits(Optional.of(Duration.ofMinutes(1)), Optional.empty()),
                new RunSettings.Guest(List.of("true"), false, false, 0, 0), Verdicts.Policy.DEFAULT);
        return new RunRequest(kernel, tmp.resolve("root.img"), work, profile, settings, false);
    }

    private WatchSession session(Optional<Git> git, Runner.Factory runners, WatchSession.OnBusy onBusy, int cycles) {
        return new WatchSession(tmp, git, collector,
                branch -> new BranchSetup("p-" + branch.orElse("none"), tmp.resolve("work"), new Built(),
                        request("p-" + branch.orElse("none"), tmp.resolve("work"))),
                runners, tmp.resolve("runs"), sink, onBusy, new WatchSession.Limits(cycles, false), true);
    }

    private static CompletableFuture<Integer> start(WatchSession session) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return session.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private <E extends Event> List<E> events(Class<E> kind) {
        synchronized (events) {
            return events.stream().filter(kind::isInstance).map(kind::cast).toList();
        }
    }

    @Test
    void aChangeDuringACycleRestartsItAndTheEditIsBuilt() throws Exception {
        FakeRunners runners = new FakeRunners();
        CompletableFuture<Integer> running = start(session(Optional.empty(), runners, WatchSession.OnBusy.RESTART, 1));
        collector.rescan();
        FakeRunners.Fake first = runners.next();
        collector.changed(Path.of("module/zfs/spa.c"));
        FakeRunners.Fake second = runners.next();
        assertTrue(first.cancelled, "the cycle under way was cancelled");
        second.finish(Verdict.PASS);
        assertEquals(0, running.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(List.of(new Event.CycleCancelled(1)), events(Event.CycleCancelled.class));
        assertEquals(List.of(1, 1), events(Event.CycleStarted.class).stream().map(Event.CycleStarted::number).toList(),
                "the cancelled cycle does not count");
        assertEquals(Optional.empty(), builds.get(builds.size() - 1),
                "the rescan the cancelled cycle was for still builds from a full comparison");
    }

    @Test
    void underQueueAChangeWaitsForTheCycleAndGivesOneMore() throws Exception {
        FakeRunners runners = new FakeRunners();
        CompletableFuture<Integer> running = start(session(Optional.empty(), runners, WatchSession.OnBusy.QUEUE, 2));
        collector.rescan();
        FakeRunners.Fake first = runners.next();
        collector.changed(Path.of("module/zfs/spa.c"));
        collector.changed(Path.of("module/zfs/dbuf.c"));
        Thread.sleep(300);
        assertTrue(!first.cancelled && runners.started.isEmpty(), "the cycle under way goes on alone");
        first.finish(Verdict.OOPS);
        FakeRunners.Fake second = runners.next();
        second.finish(Verdict.PASS);
        assertEquals(0, running.get(WAIT.toSeconds(), TimeUnit.SECONDS), "the last cycle's exit code");
        assertEquals(List.of(), events(Event.CycleCancelled.class));
        assertEquals(Optional.of(Set.of(Path.of("module/zfs/spa.c"), Path.of("module/zfs/dbuf.c"))), builds.get(1),
                "both changes in one more cycle");
    }

    @Test
    void aBranchSwitchTakesThatBranchsSetupAndRunsACycle() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        for (String[] args : List.of(new String[] {"init", "-q", "-b", "main"},
                new String[] {"-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "--allow-empty",
                    "-m", "init"})) {
            assertTrue(Git.run(repo, "", List.of(args)).ok());
        }
        FakeRunners runners = new FakeRunners();
        CompletableFuture<Integer> running = start(session(Git.at(repo), runners, WatchSession.OnBusy.RESTART, 1));
        assertTrue(Git.run(repo, "", List.of("checkout", "-q", "-b", "fix-raidz")).ok());
        FakeRunners.Fake cycle = runners.next();
        assertEquals("p-fix-raidz", cycle.request.profile().name(), "the branch's own profile");
        cycle.finish(Verdict.PASS);
        assertEquals(0, running.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(events(Event.Notice.class).stream().anyMatch(n -> n.text().startsWith("branch fix-raidz: profile p-fix-raidz")),
                events.toString());
    }

    @Test
    void aCycleThatFailsInsideQuizIsReportedAndCounted() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work/lib"));
        RunRequest request = request("none", work.getParent());
        BranchSetup setup = new BranchSetup("none", work.getParent(), new Built(), request);
        List<String> ended = new ArrayList<>();
        // A real runner that refuses a work dir whose top-level lib/ would hide the guest's /lib.
        WatchSession session = new WatchSession(tmp, Optional.empty(), collector, branch -> setup,
                () -> new QemuRunner(arch -> Path.of("/nonexistent/qemu"), null, tmp.resolve("cache")),
                tmp.resolve("runs"), sink, WatchSession.OnBusy.RESTART, new WatchSession.Limits(1, false), true);
        session.listen(new WatchSession.CycleListener() {
            @Override
            public void started(int number) {
            }

            @Override
            public void ended(int number, int exitCode, String line) {
                ended.add(number + " " + exitCode + " " + line);
            }
        });
        collector.rescan();
        assertEquals(250, start(session).get(WAIT.toSeconds(), TimeUnit.SECONDS),
                "--cycles 1 ends after the failed cycle, with quiz's own exit code");
        Event.CycleFailed failed = events(Event.CycleFailed.class).stream().findFirst()
                .orElseThrow(() -> new AssertionError(events.toString()));
        assertEquals(1, failed.number());
        assertTrue(failed.reason().contains("work dir has a lib/ directory"), failed.reason());
        assertEquals(1, ended.size(), "hooks waiting for the cycle get an answer: " + ended);
        assertTrue(ended.get(0).startsWith("1 250 quiz could not run the cycle: work dir has a lib/"), ended.get(0));
    }

    /** pre-push under --on-busy queue: the cycle under way tested the tree before the hook asked. */
    @Test
    void aHookThatWaitsGetsTheVerdictOfACycleThatStartedAfterItAsked() throws Exception {
        FakeRunners runners = new FakeRunners();
        WatchSession session = session(Optional.empty(), runners, WatchSession.OnBusy.QUEUE, 2);
        Path socket = tmp.resolve("watch/trigger.sock");
        try (TriggerServer trigger = TriggerServer.start(socket, collector)) {
            session.listen(trigger);
            CompletableFuture<Integer> running = start(session);
            collector.changed(Path.of("module/zfs/spa.c"));
            FakeRunners.Fake underWay = runners.next();
            CompletableFuture<String> answer = TriggerServerTest.ask(socket);
            Thread.sleep(200);
            underWay.finish(Verdict.PANIC);
            FakeRunners.Fake asked = runners.next();
            assertTrue(!answer.isDone(), "not answered with the cycle that was under way");
            asked.finish(Verdict.PASS);
            assertEquals("verdict 0 PASS: PASS", answer.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(0, running.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
    }
}
