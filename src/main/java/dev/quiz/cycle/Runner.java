package dev.quiz.cycle;

import dev.quiz.model.EventSink;
import dev.quiz.model.Phase;
import dev.quiz.model.RunResult;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** One run of a request in a fresh VM, judged; {@link QemuRunner} is the real one. */
public interface Runner {
    /** Makes a fresh runner per cycle (a runner's cancel and go apply to its one run). */
    @FunctionalInterface
    interface Factory {
        Runner create();
    }

    /**
     * Boots a fresh VM for the request and returns its judged result. The caller emits the
     * verdict, since it may know better (a build that failed while the VM waited).
     */
    RunResult run(RunRequest request, RunDirs.Allocated run, EventSink sink, Map<Phase, Duration> earlierPhases)
            throws IOException, InterruptedException;

    /** Stops the run from another thread; {@link #run} then returns as soon as the VM is gone. */
    void cancel();

    /** For a request that waits for the host (the build it overlaps with is done): let the guest go on. */
    void go();
}
