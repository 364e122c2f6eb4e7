package dev.quiz.report;

import dev.quiz.analysis.KernelReport;
import dev.quiz.analysis.Outcome;
import dev.quiz.analysis.TestCase;
import dev.quiz.analysis.TestOutput;
import dev.quiz.model.Phase;
import dev.quiz.model.RunResult;
import dev.quiz.vm.Vmcore;
import dev.quiz.vm.VmTimeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run as JSON: what {@code --report FILE.json} writes and each line of the history holds. */
public final class JsonReport {
    private JsonReport() {
    }

    /** The full record, traces and per-test results included. */
    public static Map<String, Object> full(RunResult r) {
        Map<String, Object> m = summary(r);
        Outcome o = r.outcome();
        m.put("report", o.report().map(JsonReport::report).orElse(null));
        m.put("more_reports", o.moreReports());
        List<Object> warnings = new ArrayList<>();
        o.warnings().forEach(w -> warnings.add(report(w)));
        m.put("warnings", warnings);
        List<Object> tests = new ArrayList<>();
        for (TestCase t : r.tests()) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("suite", t.suite());
            tm.put("name", t.name());
            tm.put("status", t.status().name());
            tm.put("duration", t.duration().orElse(null));
            tests.add(tm);
        }
        m.put("tests", tests);
        List<Object> timings = new ArrayList<>();
        for (VmTimeline.Timing t : r.timings()) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("step", t.what());
            tm.put("seconds", t.took().toNanos() / 1e9);
            tm.put("clock", t.guest() ? "guest" : "host");
            timings.add(tm);
        }
        m.put("timings", timings);
        return m;
    }

    /** The short record the history keeps. */
    public static Map<String, Object> summary(RunResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("started", r.started().toString());
        m.put("verdict", r.outcome().verdict().name());
        m.put("exit_code", r.outcome().exitCode());
        m.put("reason", r.outcome().reason());
        m.put("command", r.command());
        m.put("profile", r.profile());
        m.put("kernel", r.kernel());
        m.put("arch", r.arch());
        m.put("accel", r.accel());
        Map<String, Object> phases = new LinkedHashMap<>();
        for (Phase p : Phase.values()) {
            if (r.phases().containsKey(p)) {
                phases.put(p.word(), r.phases().get(p).toMillis() / 1000.0);
            }
        }
        m.put("seconds", phases);
        m.put("console_log", r.consoleLog().map(Object::toString).orElse(null));
        m.put("guest_files", r.guestFiles().map(Object::toString).orElse(null));
        m.put("vmcore", r.vmcore().map(JsonReport::vmcore).orElse(null));
        m.put("build_error", r.buildError().orElse(null));
        m.put("taints", r.taints());
        m.put("tests_summary", TestOutput.summaries(r.tests()));
        return m;
    }

    private static Map<String, Object> vmcore(Vmcore core) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", core.file().map(Object::toString).orElse(null));
        m.put("bytes", core.bytes());
        m.put("seconds", core.took().toMillis() / 1000.0);
        m.put("open_with", core.openWith());
        m.put("failure", core.failure().orElse(null));
        return m;
    }

    private static Map<String, Object> report(KernelReport k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", k.kind().name());
        m.put("header", k.header());
        m.put("complete", k.complete());
        m.put("excerpt", k.excerpt());
        return m;
    }
}
