package dev.quiz.report;

import dev.quiz.model.Phase;
import dev.quiz.model.RunResult;
import dev.quiz.vm.Vmcore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.analysis.KernelReport;
import dev.quiz.analysis.Outcome;
import dev.quiz.analysis.ReportKind;
import dev.quiz.analysis.TestCase;
import dev.quiz.analysis.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportsTest {
    static RunResult panic() {
        KernelReport report = new KernelReport(ReportKind.PANIC, "Kernel panic - not syncing: x <&>",
                List.of("Kernel panic - not syncing: x <&>", "Call Trace:", " panic+0xf9/0x267"), true);
        Outcome o = new Outcome(Verdict.PANIC, "Kernel panic - not syncing: x <&>", 122, Optional.of(report), 1, List.of());
        return new RunResult(3, Instant.parse("2026-01-02T03:04:05Z"), "zpool create \"tank\"", "zfs", "6.1.192-quiz", "x86_64", "tcg",
                Map.of(Phase.BOOT, Duration.ofMillis(1600), Phase.TEST, Duration.ofMillis(900)), o,
                Optional.of(Path.of("/s/runs/0003/console.log")), Optional.of(Path.of("/s/runs/0003/out")), Optional.empty(),
                List.of(new TestCase("zts", "functional/a", TestCase.Status.PASS, Optional.of("00:02")),
                        new TestCase("zts", "functional/b", TestCase.Status.FAIL, Optional.of("01:00"))),
                "P (proprietary module)", List.of(), Optional.of(new Vmcore(Optional.of(Path.of("/s/runs/0003/vmcore")),
                        Duration.ofMillis(3100), 41_200_000, List.of("drgn -c /s/runs/0003/vmcore -s /k/vmlinux"),
                        Optional.empty())));
    }

    @Test
    void jsonRoundTrips() {
        String text = Json.write(JsonReport.full(panic()));
        Map<?, ?> m = (Map<?, ?>) Json.parse(text);
        assertEquals("PANIC", m.get("verdict"));
        assertEquals(122L, m.get("exit_code"));
        assertEquals("zpool create \"tank\"", m.get("command"));
        assertEquals(1.6, ((Map<?, ?>) m.get("seconds")).get("boot"));
        Map<?, ?> report = (Map<?, ?>) m.get("report");
        assertEquals(List.of("Kernel panic - not syncing: x <&>", "Call Trace:", " panic+0xf9/0x267"), report.get("excerpt"));
        assertEquals(2, ((List<?>) m.get("tests")).size());
        assertEquals("/s/runs/0003/out", m.get("guest_files"));
        Map<?, ?> vmcore = (Map<?, ?>) m.get("vmcore");
        assertEquals("/s/runs/0003/vmcore", vmcore.get("file"));
        assertEquals(41_200_000L, vmcore.get("bytes"));
        assertEquals(List.of("drgn -c /s/runs/0003/vmcore -s /k/vmlinux"), vmcore.get("open_with"));
        assertEquals("a\n\"b\"\u0001", Json.parse(Json.write("a\n\"b\"\u0001")));
    }

    @Test
    void junitHasOneCasePerTestAndTheCrashWithItsTrace() {
        String xml = JunitReport.xml(panic());
        assertTrue(xml.contains("tests=\"3\" failures=\"2\""), xml);
        assertTrue(xml.contains("<testcase classname=\"quiz.zts\" name=\"functional/a\" time=\"2\">"), xml);
        assertTrue(xml.contains("name=\"kernel\""), xml);
        assertTrue(xml.contains("Kernel panic - not syncing: x &lt;&amp;&gt;\nCall Trace:"), xml);
    }

    @Test
    void terminalVerdictWithoutColourIsPlainText() {
        TerminalReporter t = new TerminalReporter(System.out, new Style(false, false), false, false);
        List<String> lines = t.verdictLines(panic());
        assertEquals("PANIC  zpool create \"tank\"  x86_64  boot 1.6s  test 0.9s", lines.get(0), "names the architecture");
        assertTrue(lines.contains("    Call Trace:"), lines.toString());
        assertTrue(lines.contains("  (1 more kernel report in the console log)"), lines.toString());
        assertTrue(lines.contains("  ZTS: 1 passed, 1 failed, 0 skipped"), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("\u001B")), "no escape codes without colour");
        assertEquals("  guest files: /s/runs/0003/out", lines.get(lines.size() - 4));
        assertTrue(lines.get(lines.size() - 3).endsWith("console: /s/runs/0003/console.log"));
        assertEquals("  vmcore: /s/runs/0003/vmcore (41.2 MB, 3.1s)", lines.get(lines.size() - 2));
        assertEquals("    drgn -c /s/runs/0003/vmcore -s /k/vmlinux", lines.get(lines.size() - 1), "how to open it");
    }

    @Test
    void historyAppendsAreWholeLinesEvenAfterALineCutShort(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path history = dir.resolve("history.jsonl");
        java.nio.file.Files.writeString(history, "{\"id\":1}\n{\"id\":2,\"verd");
        FileReports.appendLine(history, "{\"id\":3}");
        FileReports.appendLine(history, "{\"id\":4}");
        assertEquals("{\"id\":1}\n{\"id\":2,\"verd\n{\"id\":3}\n{\"id\":4}\n", java.nio.file.Files.readString(history));
    }

    @Test
    void jsonThatIsCutShortIsAnIllegalArgumentNeverAnIndexError() {
        for (String cut : List.of("{\"a\":\"caf\\u00", "{\"a\":\"x", "{\"a\":", "[1,", "{\"a\":tru", "\"\\")) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Json.parse(cut), cut);
        }
    }

    static RunResult noVerdict() {
        KernelReport warning = new KernelReport(ReportKind.WARNING, "WARNING: CPU: 0 PID: 1 at x.c:1 f+0x1/0x2",
                List.of("WARNING: CPU: 0 PID: 1 at x.c:1 f+0x1/0x2"), true);
        Outcome o = new Outcome(Verdict.NO_VERDICT,
                "nothing to judge: no command exit status and no failing kernel report in the log", 123, Optional.empty(), 0,
                List.of(warning));
        return new RunResult(0, Instant.parse("2026-01-02T03:04:05Z"), "analyze dmesg.txt", "", "", "", "", Map.of(), o,
                Optional.of(Path.of("/tmp/dmesg.txt")), Optional.empty(), Optional.empty(), List.of(), "", List.of(),
                Optional.empty());
    }

    @Test
    void noVerdictIsNeverAPass() {
        Map<?, ?> json = (Map<?, ?>) Json.parse(Json.write(JsonReport.full(noVerdict())));
        assertEquals("NO_VERDICT", json.get("verdict"));
        assertEquals(123L, json.get("exit_code"));
        assertEquals(1, ((List<?>) json.get("warnings")).size());

        String xml = JunitReport.xml(noVerdict());
        assertTrue(xml.contains("tests=\"1\" failures=\"1\""), xml);
        assertTrue(xml.contains("<failure message=\"NO VERDICT: nothing to judge: no command exit status"), xml);

        List<String> lines = new TerminalReporter(System.out, new Style(false, false), false, false).verdictLines(noVerdict());
        assertEquals("NO VERDICT  analyze dmesg.txt", lines.get(0));
        assertTrue(lines.contains("  nothing to judge: no command exit status and no failing kernel report in the log"),
                lines.toString());
        assertTrue(lines.contains("  1 kernel warning, first: WARNING: CPU: 0 PID: 1 at x.c:1 f+0x1/0x2"), lines.toString());
        assertTrue(new Style(true, true).verdict(Verdict.NO_VERDICT).contains("NO VERDICT"));
    }
}
