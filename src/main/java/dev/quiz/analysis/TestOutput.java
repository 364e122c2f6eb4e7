package dev.quiz.analysis;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-test results from what a test suite prints: OpenZFS's zfs-tests.sh lines
 * ({@code Test: /path (run as root) [00:01] [PASS]}, optionally after an ISO timestamp and
 * followed by "(RERAN)"), and TAP or KTAP ({@code ok 1 - name}, {@code not ok 2 name # SKIP}).
 */
public final class TestOutput {
    private static final Pattern ZTS = Pattern.compile(
            "Test(?: \\([^)]*\\))?: (\\S+) \\(run as [^)]*\\) \\[(\\d+:\\d+)\\] \\[(PASS|FAIL|SKIP|KILLED)\\]");
    private static final Pattern TAP = Pattern.compile("^\\s*(not ok|ok) (\\d+)(?: -)? ?([^#]*?)\\s*(#\\s*(\\w+).*)?$");
    private static final String ZTS_PREFIX = "/usr/local/share/zfs/zfs-tests/tests/";

    private final List<TestCase> tests = new ArrayList<>();

    public void accept(String raw) {
        ConsoleLine line = ConsoleLine.of(raw);
        read(line.outputBefore());
        read(line.text());
    }

    private void read(String text) {
        Matcher zts = ZTS.matcher(text);
        if (zts.find()) {
            String path = zts.group(1);
            int at = path.indexOf("/tests/");
            String name = path.startsWith(ZTS_PREFIX) ? path.substring(ZTS_PREFIX.length())
                    : at >= 0 ? path.substring(at + "/tests/".length()) : path;
            tests.add(new TestCase("zts", name, TestCase.Status.valueOf(zts.group(3)), Optional.of(zts.group(2))));
            return;
        }
        Matcher tap = TAP.matcher(text);
        if (tap.matches()) {
            String directive = tap.group(5) == null ? "" : tap.group(5).toUpperCase();
            TestCase.Status status = directive.equals("SKIP") ? TestCase.Status.SKIP
                    : tap.group(1).equals("ok") || directive.equals("TODO") ? TestCase.Status.PASS : TestCase.Status.FAIL;
            String name = tap.group(3).isBlank() ? "test " + tap.group(2) : tap.group(3).strip();
            tests.add(new TestCase("tap", name, status, Optional.empty()));
        }
    }

    public List<TestCase> tests() {
        return List.copyOf(tests);
    }

    /** "ZTS: 41 passed, 2 failed, 3 skipped" per suite, or empty when no tests were seen. */
    public static List<String> summaries(List<TestCase> tests) {
        Map<String, Map<TestCase.Status, Integer>> bySuite = new LinkedHashMap<>();
        for (TestCase t : tests) {
            bySuite.computeIfAbsent(t.suite(), s -> new EnumMap<>(TestCase.Status.class)).merge(t.status(), 1, Integer::sum);
        }
        List<String> lines = new ArrayList<>();
        bySuite.forEach((suite, counts) -> {
            StringBuilder sb = new StringBuilder(suite.toUpperCase()).append(": ")
                    .append(counts.getOrDefault(TestCase.Status.PASS, 0)).append(" passed, ")
                    .append(counts.getOrDefault(TestCase.Status.FAIL, 0)).append(" failed, ")
                    .append(counts.getOrDefault(TestCase.Status.SKIP, 0)).append(" skipped");
            int killed = counts.getOrDefault(TestCase.Status.KILLED, 0);
            if (killed > 0) {
                sb.append(", ").append(killed).append(" killed");
            }
            lines.add(sb.toString());
        });
        return lines;
    }
}
