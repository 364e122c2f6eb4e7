package dev.quiz.cli;

import dev.quiz.build.BuildListener;
import dev.quiz.report.Event;
import dev.quiz.report.EventSink;
import dev.quiz.report.Phase;

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
}
