package dev.quiz.report;

import dev.quiz.analysis.KernelReport;
import dev.quiz.analysis.Outcome;
import dev.quiz.analysis.TestCase;
import dev.quiz.model.RunResult;
import java.time.Duration;
import java.util.List;

/**
 * A run as JUnit XML, for CI systems: one testcase per test the guest's suite reported, or one
 * for the run when it reported none; a kernel crash is a failing testcase of its own, carrying
 * the trace.
 */
public final class JunitReport {
    private JunitReport() {
    }

    public static String xml(RunResult r) {
        Outcome o = r.outcome();
        StringBuilder cases = new StringBuilder();
        int tests = 0;
        int failures = 0;
        int skipped = 0;
        for (TestCase t : r.tests()) {
            tests++;
            cases.append("  <testcase classname=\"quiz.").append(escape(t.suite())).append("\" name=\"")
                    .append(escape(t.name())).append("\" time=\"").append(t.duration().map(JunitReport::seconds).orElse("0"))
                    .append("\">");
            switch (t.status()) {
                case FAIL, KILLED -> {
                    failures++;
                    cases.append("<failure message=\"").append(t.status()).append("\"/>");
                }
                case SKIP -> {
                    skipped++;
                    cases.append("<skipped/>");
                }
                case PASS -> {
                }
            }
            cases.append("</testcase>\n");
        }
        boolean crash = o.verdict().kernelCrash();
        if (r.tests().isEmpty() || crash || !o.verdict().passed()) {
            tests++;
            String name = crash ? "kernel" : "run: " + (r.command().isEmpty() ? "(shell)" : r.command());
            double total = r.phases().values().stream().mapToLong(Duration::toMillis).sum() / 1000.0;
            cases.append("  <testcase classname=\"quiz\" name=\"").append(escape(name)).append("\" time=\"")
                    .append(total).append("\">");
            if (!o.verdict().passed()) {
                failures++;
                cases.append("<failure message=\"").append(escape(o.verdict().label() + ": " + o.reason()))
                        .append("\" type=\"").append(o.verdict().name()).append("\">")
                        .append(escape(trace(o.report().map(KernelReport::excerpt).orElse(List.of()))))
                        .append("</failure>");
            }
            cases.append("</testcase>\n");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<testsuite name=\"quiz\" tests=\"" + tests + "\" failures=\"" + failures + "\" errors=\"0\" skipped=\""
                + skipped + "\" timestamp=\"" + r.started() + "\">\n"
                + "  <properties><property name=\"kernel\" value=\"" + escape(r.kernel()) + "\"/>"
                + "<property name=\"arch\" value=\"" + escape(r.arch()) + "\"/>"
                + "<property name=\"profile\" value=\"" + escape(r.profile()) + "\"/></properties>\n"
                + cases + "</testsuite>\n";
    }

    private static String trace(List<String> lines) {
        return String.join("\n", lines);
    }

    private static String seconds(String mmss) {
        String[] parts = mmss.split(":");
        return String.valueOf(Integer.parseInt(parts[0]) * 60 + Integer.parseInt(parts[1]));
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
