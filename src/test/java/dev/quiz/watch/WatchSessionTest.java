package dev.quiz.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.analysis.Verdicts;
import dev.quiz.build.BuildOutcome;
import dev.quiz.build.BuildPlan;
import dev.quiz.build.PreparedKernel;
import dev.quiz.build.TreeBuilder;
import dev.quiz.cycle.RunRequest;
import dev.quiz.cycle.Runner;
import dev.quiz.profile.Profile;
import dev.quiz.report.Event;
import dev.quiz.vm.Accel;
import dev.quiz.vm.Share;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch loop's own logic, with a real Runner that refuses its work dir before it boots
 * anything (a top-level lib/ would hide the guest's /lib), and a builder that only says "built".
 */
class WatchSessionTest {
    @TempDir
    Path tmp;

    /** A build that succeeds at once: this test is about the loop, not about make. */
    private static final class Built implements TreeBuilder {
        @Override
        public BuildOutcome build(Optional<Set<Path>> changed) {
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

    @Test
    void aCycleThatFailsInsideQuizIsReportedAndCounted() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work/lib"));
        PreparedKernel kernel = new PreparedKernel("6.1", tmp.resolve("bzImage"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), "test");
        RunRequest request = new RunRequest(kernel, tmp.resolve("root.img"), work.getParent(), Share.Transport.NINE_P,
                Profile.none(), List.of("true"), false, false, Accel.TCG, 1024, 2, List.of(), List.of(),
                OptionalInt.empty(), OptionalLong.empty(), Optional.of(Duration.ofMinutes(1)), Optional.empty(),
                Verdicts.Policy.DEFAULT, 0, 0, false);
        BranchSetup setup = new BranchSetup("none", work.getParent(), new Built(), request);
        ChangeCollector collector = new ChangeCollector(Duration.ofMillis(10));
        List<Event> events = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> ended = new ArrayList<>();
        WatchSession session = new WatchSession(tmp, Optional.empty(), collector, branch -> setup,
                () -> new Runner(Path.of("/nonexistent/qemu"), Path.of("/nonexistent/busybox"), null),
                tmp.resolve("runs"), events::add, WatchSession.OnBusy.RESTART, new WatchSession.Limits(1, false), true);
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
        int exit = CompletableFuture.supplyAsync(() -> {
            try {
                return session.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(30, TimeUnit.SECONDS);
        assertEquals(250, exit, "--cycles 1 ends after the failed cycle, with quiz's own exit code");
        Event.CycleFailed failed = events.stream().filter(e -> e instanceof Event.CycleFailed)
                .map(e -> (Event.CycleFailed) e).findFirst().orElseThrow(() -> new AssertionError(events.toString()));
        assertEquals(1, failed.number());
        assertTrue(failed.reason().contains("work dir has a lib/ directory"), failed.reason());
        assertEquals(1, ended.size(), "hooks waiting for the cycle get an answer: " + ended);
        assertTrue(ended.get(0).startsWith("1 250 quiz could not run the cycle: work dir has a lib/"), ended.get(0));
    }
}
