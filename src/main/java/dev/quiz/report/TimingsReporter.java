package dev.quiz.report;

import dev.quiz.model.Event;
import dev.quiz.model.EventSink;
import dev.quiz.model.RunResult;
import dev.quiz.vm.VmTimeline;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a run's time went, after its verdict (quiz run --timings): each step in the order it
 * happened, timed by the host's clock or, inside the guest, by the guest's own.
 */
public final class TimingsReporter implements EventSink {
    private final PrintStream out;
    public TimingsReporter(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void emit(Event event) {
        if (event instanceof Event.Finished f && !f.result().timings().isEmpty()) {
            lines(f.result()).forEach(out::println);
            out.flush();
        }
    }

    static List<String> lines(RunResult result) {
        List<String> lines = new ArrayList<>();
        lines.add("  where the time went (host clock; guest: the guest's uptime):");
        Duration total = Duration.ZERO;
        for (VmTimeline.Timing t : result.timings()) {
            lines.add(String.format("    %-42s %7.3fs%s", t.what(), t.took().toNanos() / 1e9, t.guest() ? "  guest" : ""));
            total = total.plus(t.took());
        }
        lines.add(String.format("    %-42s %7.3fs", "sum", total.toNanos() / 1e9));
        return lines;
    }
}
