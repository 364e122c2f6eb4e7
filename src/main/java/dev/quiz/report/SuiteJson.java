package dev.quiz.report;

import dev.quiz.analysis.KernelReport;
import dev.quiz.analysis.ReportKind;
import dev.quiz.analysis.TestCase;
import dev.quiz.analysis.Verdict;
import dev.quiz.model.SuiteResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A suite run as JSON, written by each shard's run and read back by {@code quiz zts merge}: every
 * group with its shard, times, verdict, report and tests.
 */
public final class SuiteJson {
    private SuiteJson() {
    }

    public static String write(SuiteResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shards", r.shards());
        m.put("start", r.start().toString());
        m.put("end", r.end().toString());
        List<Object> groups = new ArrayList<>();
        for (SuiteResult.Group g : r.groups()) {
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("group", g.path());
            gm.put("shard", g.shard());
            gm.put("start", g.start().toString());
            gm.put("end", g.end().toString());
            gm.put("verdict", g.verdict().name());
            gm.put("reason", g.reason());
            gm.put("report", g.report().map(k -> Map.of("kind", k.kind().name(), "header", k.header(),
                    "excerpt", k.excerpt(), "complete", k.complete())).orElse(null));
            List<Object> tests = new ArrayList<>();
            for (TestCase t : g.tests()) {
                Map<String, Object> tm = new LinkedHashMap<>();
                tm.put("name", t.name());
                tm.put("status", t.status().name());
                tm.put("duration", t.duration().orElse(null));
                tests.add(tm);
            }
            gm.put("tests", tests);
            gm.put("console", g.console().map(Path::toString).orElse(null));
            gm.put("logs", g.logs().map(Path::toString).orElse(null));
            groups.add(gm);
        }
        m.put("groups", groups);
        m.put("expected", r.expected());
        return Json.write(m) + "\n";
    }

    /** Reads what {@link #write} wrote; a file of another kind is an IllegalArgumentException naming what is wrong. */
    public static SuiteResult read(String text) {
        try {
            Map<?, ?> m = (Map<?, ?>) Json.parse(text);
            List<SuiteResult.Group> groups = new ArrayList<>();
            for (Object o : (List<?>) m.get("groups")) {
                Map<?, ?> g = (Map<?, ?>) o;
                List<TestCase> tests = new ArrayList<>();
                for (Object t : (List<?>) g.get("tests")) {
                    Map<?, ?> tm = (Map<?, ?>) t;
                    tests.add(new TestCase("zts", (String) tm.get("name"), TestCase.Status.valueOf((String) tm.get("status")),
                            Optional.ofNullable((String) tm.get("duration"))));
                }
                Optional<KernelReport> report = Optional.ofNullable((Map<?, ?>) g.get("report")).map(r -> new KernelReport(
                        ReportKind.valueOf((String) r.get("kind")), (String) r.get("header"),
                        ((List<?>) r.get("excerpt")).stream().map(String::valueOf).toList(), (Boolean) r.get("complete")));
                groups.add(new SuiteResult.Group((String) g.get("group"), ((Number) g.get("shard")).intValue(),
                        Instant.parse((String) g.get("start")), Instant.parse((String) g.get("end")),
                        Verdict.valueOf((String) g.get("verdict")), (String) g.get("reason"), report, tests,
                        Optional.ofNullable((String) g.get("console")).map(Path::of),
                        Optional.ofNullable((String) g.get("logs")).map(Path::of)));
            }
            return new SuiteResult(((Number) m.get("shards")).intValue(), Instant.parse((String) m.get("start")),
                    Instant.parse((String) m.get("end")), groups,
                    ((List<?>) m.get("expected")).stream().map(String::valueOf).toList());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a quiz zts result (" + e.getMessage() + ")");
        }
    }
}
