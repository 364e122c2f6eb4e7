package dev.quiz.cycle;

import dev.quiz.analysis.Outcome;
import dev.quiz.analysis.Verdict;
import dev.quiz.build.BuildOutcome;
import dev.quiz.build.PreparedKernel;
import dev.quiz.model.Phase;
import dev.quiz.model.RunResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns a failed build into the run result it stands for: BUILD FAILED, nothing tested. */
public final class Builds {
    private Builds() {
    }

    public static RunResult failed(int id, Instant started, String command, String profile, PreparedKernel kernel,
            BuildOutcome build) {
        String error = build.error().orElse("the build failed");
        Outcome outcome = new Outcome(Verdict.BUILD_FAILED, error, Verdict.BUILD_FAILED.exitCode(0), Optional.empty(), 0,
                List.of());
        return new RunResult(id, started, command, profile, kernel.release(), kernel.arch().id(), "",
                Map.of(Phase.BUILD, build.took()), outcome,
                Optional.empty(), Optional.empty(), Optional.of("build log: " + build.log()), List.of(), "", List.of(),
                Optional.empty());
    }

    public static Map<Phase, Duration> phases(BuildOutcome build) {
        return Map.of(Phase.BUILD, build.took());
    }
}
