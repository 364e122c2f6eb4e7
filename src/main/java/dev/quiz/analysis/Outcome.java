package dev.quiz.analysis;

import java.util.List;
import java.util.Optional;

/**
 * The verdict of a run with what explains it: a one-line reason, the report to show (the first
 * failing one), how many further reports there were, and the warnings seen on the way.
 */
public record Outcome(
        Verdict verdict,
        String reason,
        int exitCode,
        Optional<KernelReport> report,
        int moreReports,
        List<KernelReport> warnings) {

    public Outcome {
        warnings = List.copyOf(warnings);
    }
}
