package dev.quiz.cli;

import dev.quiz.analysis.Verdict;
import dev.quiz.build.BuildListener;
import dev.quiz.build.BuildOutcome;
import dev.quiz.model.Event;
import dev.quiz.model.EventSink;
import dev.quiz.model.Phase;
import dev.quiz.report.TerminalReporter;
import java.nio.file.Path;

/** Shows a build as a rewriting progress line, or every line of its output with --verbose. */
final class BuildOutput implements BuildListener {
    private final EventSink sink;

    BuildOutput(EventSink sink) {
        this.sink = sink;
    }

    @Override
    public void line(String line) {
        sink.emit(new Event.Output(Phase.BUILD, line));
    }

    @Override
    public void progress(String status) {
        sink.emit(new Event.Progress(Phase.BUILD, status));
    }

    /** Says how a build went, in a line or two; returns its exit code (0, or 125 for BUILD FAILED). */
    static int report(TerminalReporter out, BuildOutcome outcome, Path workDir) {
        String took = String.format("%.1fs", outcome.took().toMillis() / 1000.0);
        if (!outcome.ok()) {
            out.emit(new Event.Notice("BUILD FAILED after " + took + ": " + outcome.error().orElse("")));
            out.emit(new Event.Notice("build log: " + outcome.log()));
            return Verdict.BUILD_FAILED.exitCode(0);
        }
        String changes = outcome.changed().isEmpty() ? "" : outcome.changed().size() + " changed file(s); ";
        out.emit(new Event.Notice("built in " + took + ": " + changes + outcome.plan().describe() + " into " + workDir
                + outcome.installSaved().map(d -> String.format(" (modules only: %.1fs less than a full install)",
                        d.toMillis() / 1000.0)).orElse("")));
        return 0;
    }
}
