package dev.quiz.report;

import dev.quiz.analysis.TestOutput;
import dev.quiz.analysis.Verdict;
import dev.quiz.model.Event;
import dev.quiz.model.EventSink;
import dev.quiz.model.SuiteResult;
import java.io.PrintStream;
import java.util.List;

/**
 * A suite run on the terminal: a line per finished group (shard, group, counts, time, and for a
 * crash its verdict and report), then the summary in the suite's terms and where the reports are.
 */
public final class SuiteReporter implements EventSink {
    /** Lines of a crash's report shown under its group's line; the rest is in the reports. */
    private static final int EXCERPT_LINES = 12;

    private final PrintStream out;
    private final Style style;

    public SuiteReporter(PrintStream out, Style style) {
        this.out = out;
        this.style = style;
    }

    @Override
    public synchronized void emit(Event event) {
        if (event instanceof Event.Notice n) {
            out.println(style.dim("quiz: " + n.text()));
        } else if (event instanceof Event.GroupFinished f) {
            SuiteResult.Group g = f.group();
            String counts = TestOutput.summaries(g.tests()).stream().findFirst().map(s -> s.replaceFirst("^ZTS: ", ""))
                    .orElse("no test ran");
            out.printf("[shard %d] %-50s %s  %s  %s%n", g.shard(), g.path().replaceFirst("^tests/", ""),
                    style.verdict(g.verdict()), counts, SuiteReports.clock(g.took()));
            if (g.verdict() != Verdict.PASS && g.verdict() != Verdict.FAIL) {
                out.println("          " + g.reason());
                List<String> excerpt = g.report().map(r -> r.excerpt()).orElse(List.of());
                excerpt.stream().limit(EXCERPT_LINES).forEach(l -> out.println("            " + l));
                g.console().ifPresent(c -> out.println("          " + style.dim("console: " + c)));
            }
        } else if (event instanceof Event.SuiteFinished f) {
            out.println(SuiteReports.summary(f.result()));
            out.println(SuiteReports.times(f.result()));
            out.println(style.dim("reports: " + f.dir().resolve("report.html") + ", junit.xml, results.json"));
        }
        out.flush();
    }
}
