package dev.quiz.report;

import dev.quiz.analysis.TestCase;
import dev.quiz.analysis.TestOutput;
import dev.quiz.analysis.Verdict;
import dev.quiz.model.Event;
import dev.quiz.model.EventSink;
import dev.quiz.model.SuiteResult;
import dev.quiz.store.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A suite run's files, written when it ends (or is stopped) into its directory: results.json
 * (what {@code quiz zts merge} reads), junit.xml, and report.html, a page of its own with the
 * summary, a timeline of the shards as SVG, and each failure with its log and kernel report.
 */
public final class SuiteReports implements EventSink {
    /** How much of a failed test's log the page shows: its end, where the failure is. */
    private static final int LOG_LINES = 40;

    @Override
    public void emit(Event event) {
        if (event instanceof Event.SuiteFinished f) {
            try {
                write(f.result(), f.dir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the suite's reports into " + f.dir() + ": " + e.getMessage(), e);
            }
        }
    }

    public static void write(SuiteResult r, Path dir) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve("results.json"), SuiteJson.write(r));
        AtomicFiles.writeString(dir.resolve("junit.xml"), junit(r));
        AtomicFiles.writeString(dir.resolve("report.html"), html(r));
    }

    /** The summary in the suite's own terms, as zfs-tests.sh counts. */
    public static String summary(SuiteResult r) {
        List<TestCase> tests = r.tests();
        long expected = tests.stream().filter(t -> t.status() != TestCase.Status.PASS && isExpected(r, t)).count();
        String counts = TestOutput.summaries(tests).stream().findFirst().orElse("ZTS: no test ran");
        long crashed = r.groups().stream().filter(g -> g.verdict() != Verdict.PASS && g.verdict() != Verdict.FAIL).count();
        return counts + (expected > 0 ? ", " + expected + " of them expected" : "") + "; " + r.groups().size()
                + " groups" + (crashed > 0 ? ", " + crashed + " cut short by a crash" : "");
    }

    /** Wall time against the shards' times added up; for one shard of a plan, its wall time. */
    public static String times(SuiteResult r) {
        List<Integer> ran = r.groups().stream().map(SuiteResult.Group::shard).distinct().toList();
        if (ran.size() == 1 && r.shards() > 1) {
            return String.format(Locale.ROOT, "wall %s for shard %d of %d", clock(r.wall()), ran.get(0), r.shards());
        }
        Duration sum = r.shardTimeSum();
        if (r.shards() == 1) {
            return String.format(Locale.ROOT, "wall %s in one shard, %s of it in the groups", clock(r.wall()), clock(sum));
        }
        return String.format(Locale.ROOT, "wall %s over %d shard%s, whose times add up to %s%s", clock(r.wall()),
                r.shards(), r.shards() == 1 ? "" : "s", clock(sum), r.wall().isZero() ? ""
                        : String.format(Locale.ROOT, " (%.1fx)", sum.toMillis() / (double) Math.max(1, r.wall().toMillis())));
    }

    static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }

    private static boolean isExpected(SuiteResult r, TestCase t) {
        return r.expected().stream().anyMatch(e -> t.name().endsWith(e));
    }

    static String junit(SuiteResult r) {
        StringBuilder cases = new StringBuilder();
        int failures = 0;
        int skipped = 0;
        int count = 0;
        for (SuiteResult.Group g : r.groups()) {
            for (TestCase t : g.tests()) {
                count++;
                cases.append("  <testcase classname=\"").append(x(g.path())).append("\" name=\"").append(x(t.name()))
                        .append("\" time=\"").append(seconds(t.duration())).append("\">");
                if (t.status() == TestCase.Status.SKIP) {
                    skipped++;
                    cases.append("<skipped/>");
                } else if (t.status() != TestCase.Status.PASS) {
                    failures++;
                    cases.append("<failure message=\"").append(t.status()).append(isExpected(r, t) ? " (expected)" : "")
                            .append("\"/>");
                }
                cases.append("</testcase>\n");
            }
            if (g.verdict() != Verdict.PASS && g.verdict() != Verdict.FAIL) {
                count++;
                failures++;
                cases.append("  <testcase classname=\"").append(x(g.path())).append("\" name=\"(group)\" time=\"")
                        .append(g.took().toMillis() / 1000.0).append("\"><failure message=\"").append(g.verdict().label())
                        .append(": ").append(x(g.reason())).append("\">")
                        .append(x(String.join("\n", g.report().map(k -> k.excerpt()).orElse(List.of()))))
                        .append("</failure></testcase>\n");
            }
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"zts\" tests=\"" + count + "\" failures=\""
                + failures + "\" errors=\"0\" skipped=\"" + skipped + "\" timestamp=\"" + r.start() + "\">\n" + cases
                + "</testsuite>\n";
    }

    private static String seconds(Optional<String> mmss) {
        if (mmss.isEmpty() || !mmss.get().matches("\\d+:\\d+")) {
            return "0";
        }
        String[] p = mmss.get().split(":");
        return String.valueOf(Integer.parseInt(p[0]) * 60 + Integer.parseInt(p[1]));
    }

    static String html(SuiteResult r) {
        StringBuilder h = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>quiz zts</title>
                <style>
                body { font: 14px/1.4 sans-serif; margin: 2em; color: #222; }
                h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
                pre { background: #f4f4f4; padding: .6em; overflow-x: auto; font-size: 12px; }
                .PASS { fill: #4caf50; } .FAIL { fill: #ff9800; } .crash { fill: #e53935; }
                td, th { padding: .2em .8em; text-align: left; }
                </style></head><body>
                """);
        h.append("<h1>quiz zts</h1>\n<p id=\"summary\">").append(x(summary(r))).append("</p>\n<p>").append(x(times(r)))
                .append(", started ").append(x(r.start().toString())).append("</p>\n");
        h.append("<h2>Timeline</h2>\n").append(timeline(r));
        List<String> failures = new ArrayList<>();
        for (SuiteResult.Group g : r.groups()) {
            if (g.verdict() != Verdict.PASS && g.verdict() != Verdict.FAIL) {
                failures.add("<h3>" + x(g.verdict().label() + " in " + g.path() + " (shard " + g.shard() + ")") + "</h3>\n<p>"
                        + x(g.reason()) + "</p>\n<pre>" + x(String.join("\n", g.report().map(k -> k.excerpt())
                                .orElse(List.of()))) + "</pre>\n" + g.console().map(c -> "<p>console: " + x(c.toString())
                                + "</p>\n").orElse(""));
            }
            for (TestCase t : g.tests()) {
                if (t.status() == TestCase.Status.FAIL || t.status() == TestCase.Status.KILLED) {
                    failures.add("<h3>" + x(t.status() + " " + t.name() + (isExpected(r, t) ? " (expected)" : ""))
                            + "</h3>\n<pre>" + x(log(g, t)) + "</pre>\n");
                }
            }
        }
        h.append("<h2>Failures</h2>\n").append(failures.isEmpty() ? "<p>none</p>\n" : String.join("", failures));
        h.append("<h2>Groups</h2>\n<table>\n<tr><th>group</th><th>shard</th><th>verdict</th><th>tests</th><th>time</th></tr>\n");
        for (SuiteResult.Group g : r.groups()) {
            h.append("<tr><td>").append(x(g.path())).append("</td><td>").append(g.shard()).append("</td><td>")
                    .append(g.verdict().label()).append("</td><td>").append(g.tests().size()).append("</td><td>")
                    .append(clock(g.took())).append("</td></tr>\n");
        }
        return h.append("</table>\n</body></html>\n").toString();
    }

    /** The shards as rows, each group a bar from its start to its end, coloured by its verdict. */
    private static String timeline(SuiteResult r) {
        int width = 960;
        int row = 34;
        int left = 70;
        double total = Math.max(1, r.wall().toMillis() / 1000.0);
        double scale = (width - left - 30) / total;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">\n",
                width, r.shards() * row + 30));
        for (int shard = 1; shard <= r.shards(); shard++) {
            s.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"12\">shard %d</text>\n",
                    (shard - 1) * row + 21, shard));
        }
        for (SuiteResult.Group g : r.groups()) {
            double x0 = left + Duration.between(r.start(), g.start()).toMillis() / 1000.0 * scale;
            double w = Math.max(2, g.took().toMillis() / 1000.0 * scale);
            int y = (g.shard() - 1) * row + 4;
            String cls = g.verdict() == Verdict.PASS ? "PASS" : g.verdict() == Verdict.FAIL ? "FAIL" : "crash";
            String name = g.path().replaceFirst("^tests/functional/", "");
            s.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"26\">"
                    + "<title>%s: %s, %s</title></rect>\n", cls, x0, y, w, x(g.path()), g.verdict().label(), clock(g.took())));
            if (w > 7 * name.length()) {
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>\n", x0 + 3, y + 17,
                        x(name)));
            }
        }
        int ticks = 6;
        for (int i = 0; i <= ticks; i++) {
            double t = total * i / ticks;
            s.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>\n",
                    left + t * scale, r.shards() * row + 20, clock(Duration.ofMillis((long) (t * 1000)))));
        }
        return s.append("</svg>\n").toString();
    }

    /** The end of a test's own log, kept with its VM's run; or where the log should have been. */
    private static String log(SuiteResult.Group g, TestCase t) {
        if (g.logs().isEmpty() || !Files.isDirectory(g.logs().get())) {
            return "(no log kept)";
        }
        try (Stream<Path> walk = Files.walk(g.logs().get())) {
            Optional<Path> file = walk.filter(p -> p.getFileName().toString().equals("merged")
                    && p.getParent().toString().endsWith("/" + t.name())).findFirst();
            if (file.isEmpty()) {
                return "(no log for " + t.name() + " in " + g.logs().get() + ")";
            }
            List<String> lines = Files.readAllLines(file.get(), StandardCharsets.ISO_8859_1);
            return file.get() + "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read its log: " + e.getMessage() + ")";
        }
    }

    /** Text for XML and HTML, escaped as JUnit's XML escapes it, without the control characters XML forbids. */
    private static String x(String text) {
        return JunitReport.escape(text);
    }
}
