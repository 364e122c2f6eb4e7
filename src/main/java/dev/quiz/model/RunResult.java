package dev.quiz.model;

import dev.quiz.analysis.Outcome;
import dev.quiz.analysis.TestCase;
import dev.quiz.vm.VmTimeline;
import dev.quiz.vm.Vmcore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything known about a finished run: what ran where (the kernel, its architecture, the
 * accelerator), how long each phase took, and the outcome. Guest files are what the guest wrote
 * to $QUIZ_OUT, when it wrote anything; timings, where the run's time went; the vmcore, the
 * guest's memory when it panicked or asserted.
 */
public record RunResult(
        int id,
        Instant started,
        String command,
        String profile,
        String kernel,
        String arch,
        String accel,
        Map<Phase, Duration> phases,
        Outcome outcome,
        Optional<Path> consoleLog,
        Optional<Path> guestFiles,
        Optional<String> buildError,
        List<TestCase> tests,
        String taints,
        List<VmTimeline.Timing> timings,
        Optional<Vmcore> vmcore) {

    public RunResult {
        phases = Map.copyOf(phases);
        tests = List.copyOf(tests);
        timings = List.copyOf(timings);
    }

    /** The same result with one more phase timed (the build a watch cycle ran beside the VM). */
    public RunResult withPhase(Phase phase, Duration took) {
        Map<Phase, Duration> more = new EnumMap<>(Phase.class);
        more.putAll(phases);
        more.put(phase, took);
        return new RunResult(id, started, command, profile, kernel, arch, accel, more, outcome, consoleLog, guestFiles, buildError,
                tests, taints, timings, vmcore);
    }

    /** The same result with steps timed before the VM's (the JVM's start, quiz's own work) put first. */
    public RunResult withTimingsBefore(List<VmTimeline.Timing> before) {
        List<VmTimeline.Timing> all = new ArrayList<>(before);
        all.addAll(timings);
        return new RunResult(id, started, command, profile, kernel, arch, accel, phases, outcome, consoleLog, guestFiles,
                buildError, tests, taints, all, vmcore);
    }
}
