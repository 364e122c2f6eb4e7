package dev.quiz.watch;

import dev.quiz.analysis.Verdict;
import dev.quiz.build.BuildOutcome;
import dev.quiz.build.ChangeKind;
import dev.quiz.cycle.Builds;
import dev.quiz.cycle.RunDirs;
import dev.quiz.cycle.RunRequest;
import dev.quiz.cycle.Runner;
import dev.quiz.exec.Git;
import dev.quiz.model.Event;
import dev.quiz.model.EventSink;
import dev.quiz.model.Phase;
import dev.quiz.model.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The continuous runner: waits for a quiet batch of changes, then runs a cycle (build and, beside
 * it, a fresh VM that waits for the build's go), reports one verdict, and goes back to waiting.
 * A change during a cycle restarts it (or queues one more). Branch switches change the profile
 * and the work dir. Nothing a cycle does can stop the loop: only quit, the cycle limit, or
 * --exit-on-verdict end it.
 */
public final class WatchSession {
    /** What to do with changes that arrive while a cycle runs. */
    public enum OnBusy {
        RESTART, QUEUE
    }

    /** When the session ends by itself: after so many cycles, or at the first verdict that is not PASS. */
    public record Limits(int cycles, boolean exitOnVerdict) {
    }

    private final Path tree;
    private final Optional<Git> git;
    private final ChangeCollector collector;
    private final Function<Optional<String>, BranchSetup> setups;
    private final Runner.Factory runners;
    private final Path runs;
    private final EventSink sink;
    private final OnBusy onBusy;
    private final Limits limits;
    private final boolean overlap;
    private final ExecutorService vmThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "quiz-watch-vm");
        t.setDaemon(true);
        return t;
    });

    /** Hears when cycles start and end: git hooks waiting on the trigger socket. */
    public interface CycleListener {
        void started(int number);

        /** A cycle ended with a verdict, or failed inside quiz (exit 250); cancelled cycles do not end. */
        void ended(int number, int exitCode, String line);
    }

    private volatile boolean quit;
    private volatile CycleListener cycleListener = new CycleListener() {
        @Override
        public void started(int number) {
        }

        @Override
        public void ended(int number, int exitCode, String line) {
        }
    };
    private volatile Cycle current;
    private volatile RunResult last;
    private Optional<String> branch;
    private BranchSetup setup;

    public WatchSession(Path tree, Optional<Git> git, ChangeCollector collector, Function<Optional<String>, BranchSetup> setups,
            Runner.Factory runners, Path runs, EventSink sink, OnBusy onBusy, Limits limits, boolean overlap) {
        this.tree = tree;
        this.git = git;
        this.collector = collector;
        this.setups = setups;
        this.runners = runners;
        this.runs = runs;
        this.sink = sink;
        this.onBusy = onBusy;
        this.limits = limits;
        this.overlap = overlap;
        this.branch = branchOf(git);
        this.setup = setups.apply(branch);
    }

    public void listen(CycleListener listener) {
        this.cycleListener = listener;
    }

    public void quit() {
        quit = true;
        Cycle c = current;
        if (c != null) {
            c.cancel();
        }
        collector.rescan();
    }

    public Optional<RunResult> last() {
        return Optional.ofNullable(last);
    }

    /** How a cycle ended: a verdict, cancelled by newer changes, or failed inside quiz. */
    private sealed interface CycleEnd {
        record Judged(RunResult result) implements CycleEnd {
        }

        record Cancelled() implements CycleEnd {
        }

        record Failed(String reason) implements CycleEnd {
        }
    }

    /** Runs until quit or a limit; returns the exit code of the last cycle (0 if none ran). */
    public int run() throws InterruptedException, IOException {
        int cycles = 0;
        int exitCode = 0;
        Set<Path> carried = new LinkedHashSet<>();
        boolean carriedRescan = false;
        while (!quit) {
            followBranch();
            ChangeCollector.Batch batch = collector.await(Duration.ofMillis(250));
            if (batch == null || quit) {
                continue;
            }
            while (git.map(Git::busy).orElse(false) && !quit) {
                // git is switching or committing: its changes are not all on disk yet.
                Thread.sleep(100);
            }
            followBranch();
            Set<Path> changed = new LinkedHashSet<>(carried);
            changed.addAll(batch.paths());
            if (batch.recheck()) {
                changed.addAll(setup.builder().changedSources());
            }
            // Files the profile does not watch start no cycle; the build still sees them.
            changed.removeIf(p -> !setup.request().profile().watch().wants(p));
            boolean rescan = batch.rescan() || carriedRescan;
            carried.clear();
            carriedRescan = false;
            if (!rescan && changed.stream().allMatch(p -> ChangeKind.of(p) == ChangeKind.NOTHING)) {
                continue;
            }
            cycles++;
            Cycle cycle = new Cycle(cycles, changed, rescan);
            current = cycle;
            cycleListener.started(cycles);
            CycleEnd end = waitFor(vmThreads.submit(cycle::run), cycle);
            current = null;
            if (end instanceof CycleEnd.Cancelled) {
                // Cancelled by newer changes: they and these go into the next cycle.
                carried.addAll(changed);
                carriedRescan = rescan;
                cycles--;
                continue;
            }
            boolean passed = false;
            if (end instanceof CycleEnd.Judged judged) {
                last = judged.result();
                exitCode = last.outcome().exitCode();
                passed = last.outcome().verdict().passed();
                cycleListener.ended(cycles, exitCode, last.outcome().verdict().label() + ": " + last.outcome().reason());
            } else if (end instanceof CycleEnd.Failed failed) {
                exitCode = Verdict.QUIZ_ERROR;
                sink.emit(new Event.CycleFailed(cycles, failed.reason()));
                cycleListener.ended(cycles, exitCode, "quiz could not run the cycle: " + failed.reason());
            }
            if (limits.exitOnVerdict() && !passed || limits.cycles() > 0 && cycles >= limits.cycles()) {
                break;
            }
        }
        vmThreads.shutdownNow();
        return exitCode;
    }

    private CycleEnd waitFor(Future<Optional<RunResult>> running, Cycle cycle) throws InterruptedException {
        while (true) {
            try {
                Optional<RunResult> result = running.get(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                return result.<CycleEnd>map(CycleEnd.Judged::new).orElseGet(CycleEnd.Cancelled::new);
            } catch (java.util.concurrent.TimeoutException e) {
                if (onBusy == OnBusy.RESTART && collector.hasPendingChanges() && !cycle.cancelled) {
                    cycle.cancel();
                }
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                // The VM runs in a task of its own: its failure arrives wrapped once more.
                while (cause instanceof java.util.concurrent.ExecutionException && cause.getCause() != null) {
                    cause = cause.getCause();
                }
                return new CycleEnd.Failed(cause.getMessage() != null ? cause.getMessage() : cause.toString());
            }
        }
    }
    /** The branch a cycle builds: its name, "detached" on a detached HEAD, empty outside git. */
    public static Optional<String> branchOf(Optional<Git> git) {
        return git.map(g -> g.branch().orElse("detached"));
    }

    private void followBranch() {
        Optional<String> now = branchOf(git);
        if (!now.equals(branch)) {
            branch = now;
            try {
                setup = setups.apply(now);
                sink.emit(new Event.Notice("branch " + now.orElse("(none)") + ": profile " + setup.profile()
                        + ", work dir " + setup.workDir()));
            } catch (RuntimeException e) {
                sink.emit(new Event.Notice("branch " + now.orElse("(none)") + ": keeping profile " + setup.profile()
                        + ", because " + e.getMessage()));
            }
            collector.rescan();
        }
    }

    /** One cycle: build beside a VM that waits for it, then the verdict. */
    private final class Cycle {
        final int number;
        final Set<Path> changed;
        final boolean rescan;
        final Runner runner = runners.create();
        final BranchSetup s = setup;
        volatile boolean cancelled;

        Cycle(int number, Set<Path> changed, boolean rescan) {
            this.number = number;
            this.changed = changed;
            this.rescan = rescan;
        }

        void cancel() {
            cancelled = true;
            s.builder().cancel();
            runner.cancel();
        }

        Optional<RunResult> run() throws Exception {
            sink.emit(new Event.CycleStarted(number, trigger()));
            RunDirs.Allocated dir = RunDirs.allocate(runs);
            RunRequest request = overlap ? s.request().waitingForGo() : s.request();
            Instant started = Instant.now();
            Future<RunResult> vm = overlap ? vmThreads.submit(() -> runner.run(request, dir, sink, Map.of())) : null;
            try {
                BuildOutcome build = s.builder().build(rescan ? Optional.empty() : Optional.of(changed));
                if (cancelled) {
                    stopVm(vm);
                    sink.emit(new Event.CycleCancelled(number));
                    return Optional.empty();
                }
                if (!build.ok()) {
                    stopVm(vm);
                    RunResult failed = Builds.failed(dir.id(), started, request.commandText(), s.profile(),
                            request.kernel(), build);
                    sink.emit(new Event.Finished(failed));
                    return Optional.of(failed);
                }
                RunResult result;
                if (vm != null) {
                    runner.go();
                    result = vm.get();
                } else {
                    result = runner.run(request, dir, sink, Map.of());
                }
                if (cancelled) {
                    sink.emit(new Event.CycleCancelled(number));
                    return Optional.empty();
                }
                result = result.withPhase(Phase.BUILD, build.took());
                sink.emit(new Event.Finished(result));
                RunDirs.prune(runs, 200);
                return Optional.of(result);
            } finally {
                // However the cycle ends, its VM does not outlive it.
                if (vm != null && !vm.isDone()) {
                    stopVm(vm);
                }
            }
        }

        /** Stops the cycle's VM, if it has one, and waits until it is gone; its result no longer matters. */
        private void stopVm(Future<RunResult> vm) throws InterruptedException {
            runner.cancel();
            if (vm != null) {
                try {
                    vm.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    // The VM failed on its own; the cycle ends another way.
                }
            }
        }

        String trigger() {
            if (rescan && changed.isEmpty()) {
                return "(rescan)";
            }
            String first = changed.iterator().next().toString();
            return changed.size() == 1 ? first : first + " (+" + (changed.size() - 1) + ")";
        }
    }
}
