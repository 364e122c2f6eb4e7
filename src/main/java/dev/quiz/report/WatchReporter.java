package dev.quiz.report;

import dev.quiz.analysis.Verdict;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One line per watch cycle, for a terminal beside the editor or a log:
 * {@code [12:05:10] #2  module/zfs/vdev_raidz.c  build 7.9s  boot 1.5s  test 0.9s  PANIC}, then for a
 * failure the excerpt that explains it, indented under the line. Quiet between cycles.
 */
public final class WatchReporter implements EventSink {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final String INDENT = "           ";

    private final PrintStream out;
    private final Style style;
    private final TerminalReporter details;
    private String trigger = "";
    private int number;

    public WatchReporter(PrintStream out, Style style) {
        this.out = out;
        this.style = style;
        this.details = new TerminalReporter(out, style, false, false);
    }

    @Override
    public synchronized void emit(Event event) {
        if (event instanceof Event.CycleStarted c) {
            number = c.number();
            trigger = c.trigger();
        } else if (event instanceof Event.Notice n) {
            out.println(style.dim("quiz: " + n.text()));
        } else if (event instanceof Event.Finished f) {
            lines(f.result()).forEach(out::println);
        }
        out.flush();
    }

    List<String> lines(RunResult r) {
        StringBuilder head = new StringBuilder();
        head.append('[').append(LocalTime.now().format(CLOCK)).append("] ");
        head.append(String.format("#%-3d %-32s", number, trigger));
        Verdict verdict = r.outcome().verdict();
        if (verdict == Verdict.BUILD_FAILED) {
            head.append(" build ").append(style.verdict(verdict).replace("BUILD ", "")).append("  ")
                    .append(r.outcome().reason());
            return List.of(head.toString(), INDENT + style.dim(r.buildError().orElse("")));
        }
        for (Phase phase : Phase.values()) {
            Duration d = r.phases().get(phase);
            if (d != null) {
                head.append(' ').append(phase.word()).append(' ').append(TerminalReporter.seconds(d)).append(' ');
            }
        }
        head.append(' ').append(style.verdict(verdict));
        List<String> lines = new java.util.ArrayList<>();
        lines.add(head.toString());
        if (!verdict.passed()) {
            // The excerpt, reason, tests and log path, as quiz run shows them, under the cycle line.
            List<String> detail = details.verdictLines(r);
            detail.subList(1, detail.size()).forEach(l -> lines.add(INDENT + (l.startsWith("  ") ? l.substring(2) : l)));
        }
        return lines;
    }
}
