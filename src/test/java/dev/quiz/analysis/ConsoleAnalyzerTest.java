package dev.quiz.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.vm.RunningTask;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleAnalyzerTest {

    static List<KernelReport> analyze(String console) {
        ConsoleAnalyzer analyzer = new ConsoleAnalyzer();
        console.lines().forEach(analyzer::accept);
        return analyzer.finish();
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = ConsoleAnalyzerTest.class.getResourceAsStream("/consoles/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void sysrqPanicRecordedFromARealRun() throws IOException {
        List<KernelReport> reports = analyze(fixture("sysrq-panic.log"));
        assertEquals(1, reports.size());
        KernelReport panic = reports.get(0);
        assertEquals(ReportKind.PANIC, panic.kind());
        assertEquals("Kernel panic - not syncing: sysrq triggered crash", panic.header());
        assertTrue(panic.complete(), "a panic=-1 panic ends at </TASK>");
        assertTrue(panic.excerpt().contains("Call Trace:"));
        assertTrue(panic.excerpt().stream().anyMatch(l -> l.contains("sysrq_handle_crash")));
        assertFalse(panic.excerpt().stream().anyMatch(l -> l.startsWith("RAX:") || l.startsWith("Code:")),
                "register dumps are trimmed");
        assertFalse(panic.excerpt().stream().anyMatch(l -> l.startsWith("[")), "timestamps are trimmed");
    }

    @Test
    void thePanickingTaskAndItsCpuAreTakenFromThePanicReport() throws IOException {
        for (String[] c : new String[][] {{"quiztest-panic.log", "0", "79"}, {"quiztest-arm64-panic.log", "0", "37"}}) {
            ConsoleAnalyzer analyzer = new ConsoleAnalyzer();
            fixture(c[0]).lines().forEach(analyzer::accept);
            assertEquals(Optional.of(new RunningTask(Integer.parseInt(c[1]), Integer.parseInt(c[2]))),
                    analyzer.panickedTask(), c[0]);
        }
        // While the panic report is still being printed, too; and a warning's CPU line is not a panic's.
        ConsoleAnalyzer analyzer = new ConsoleAnalyzer();
        List.of("[    1.0] WARNING: CPU: 0 PID: 12 at fs/x.c:1 f+0x1/0x2",
                "[    1.0] CPU: 0 PID: 12 Comm: kworker/0:1 Tainted: G W 6.1.192-quiz #1",
                "[    1.0] ---[ end trace 0000000000000000 ]---").forEach(analyzer::accept);
        assertEquals(Optional.empty(), analyzer.panickedTask());
        List.of("[    1.2] Kernel panic - not syncing: quiztest: panic on request",
                "[    1.2] CPU: 1 PID: 39 Comm: sh Tainted: G W O 6.1.192-quiz #1").forEach(analyzer::accept);
        assertEquals(Optional.of(new RunningTask(1, 39)), analyzer.panickedTask());
    }

    @Test
    void anAssertionOrAnOopsNamesNoPanickedTask() throws IOException {
        for (String log : List.of("quiztest-verify.log", "quiztest-oops.log")) {
            ConsoleAnalyzer analyzer = new ConsoleAnalyzer();
            fixture(log).lines().forEach(analyzer::accept);
            assertEquals(Optional.empty(), analyzer.panickedTask(), log);
        }
    }

    @Test
    void programOutputIsNeverAReport() {
        assertTrue(analyze("BUG: this is my program's output\nKernel panic - not syncing: echoed by a test\n").isEmpty());
    }

    @Test
    void aSavedLogWithoutKernelMarksIsReadAsKernelTextThroughout() {
        List<String> marked = List.of("[    0.000000] Linux version 6.1.0", "BUG: this is my program's output");
        ConsoleAnalyzer withMarks = ConsoleAnalyzer.forSavedLog(marked);
        marked.forEach(withMarks::accept);
        assertTrue(withMarks.finish().isEmpty(), "a log with kernel marks keeps program output out of reports");

        List<String> unmarked = List.of("Linux version 6.1.0", "BUG: kernel NULL pointer dereference, address: 0000000000000008");
        ConsoleAnalyzer withoutMarks = ConsoleAnalyzer.forSavedLog(unmarked);
        unmarked.forEach(withoutMarks::accept);
        List<KernelReport> reports = withoutMarks.finish();
        assertEquals(1, reports.size());
        assertEquals("BUG: kernel NULL pointer dereference, address: 0000000000000008", reports.get(0).header());
    }

    /** A timestamp inside a program's line does not make the log a timestamped one. */
    @Test
    void onlyAMarkAtALinesStartTellsHowToReadTheLog() {
        List<String> lines = List.of("my-test: step 1", "my-test: saw [    1.234567] in its input",
                "BUG: kernel NULL pointer dereference, address: 0000000000000008", "RIP: 0010:f+0x1/0x2 [quiztest]");
        ConsoleAnalyzer analyzer = ConsoleAnalyzer.forSavedLog(lines);
        lines.forEach(analyzer::accept);
        List<KernelReport> reports = analyzer.finish();
        assertEquals(1, reports.size(), "the report is read, not skipped as program output");
        assertEquals(ReportKind.OOPS, reports.get(0).kind());
    }

    @Test
    void initExitingIsNotAPanicReport() {
        assertTrue(analyze("[    1.0] Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000000\n").isEmpty());
    }

    @Test
    void oopsHeaderLinesBelongToOneReport() {
        String console = String.join("\n",
                "[    5.1] BUG: kernel NULL pointer dereference, address: 0000000000000008",
                "[    5.1] #PF: supervisor read access in kernel mode",
                "[    5.1] #PF: error_code(0x0000) - not-present page",
                "[    5.1] PGD 0 P4D 0 ",
                "[    5.1] Oops: 0000 [#1] PREEMPT SMP NOPTI",
                "[    5.1] CPU: 0 PID: 77 Comm: insmod Tainted: G           O       6.1.0-quiz #1",
                "[    5.1] RIP: 0010:quiz_crash_oops+0x5/0x10 [quiztest]",
                "some program output in between",
                "[    5.1] RSP: 0018:ffffb0e5c0013e60 EFLAGS: 00010246",
                "[    5.1] Call Trace:",
                "[    5.1]  <TASK>",
                "[    5.1]  param_attr_store+0x8f/0xf0",
                "[    5.1]  </TASK>",
                "[    5.1] Modules linked in: quiztest(O)",
                "[    5.1] ---[ end trace 0000000000000000 ]---",
                "[    5.2] RIP: 0010:quiz_crash_oops+0x5/0x10 [quiztest]");
        List<KernelReport> reports = analyze(console);
        assertEquals(1, reports.size());
        KernelReport oops = reports.get(0);
        assertEquals(ReportKind.OOPS, oops.kind());
        assertTrue(oops.complete());
        assertTrue(oops.excerpt().contains("RIP: 0010:quiz_crash_oops+0x5/0x10 [quiztest]"), "module frames kept");
        assertFalse(oops.excerpt().contains("some program output in between"));
        assertFalse(oops.excerpt().stream().anyMatch(l -> l.startsWith("RSP:")));
    }

    @Test
    void traceCutOffByTheVmDyingIsIncomplete() {
        List<KernelReport> reports = analyze("[ 1.0] INFO: task txg_sync:1351 blocked for more than 120 seconds.\n"
                + "[ 1.0]       Tainted: P           O       6.1.0 #1\n[ 1.0] Call Trace:\n[ 1.0]  <TASK>\n");
        assertEquals(1, reports.size());
        assertEquals(ReportKind.HANG, reports.get(0).kind());
        assertFalse(reports.get(0).complete());
    }

    @Test
    void ansiAndCarriageReturnsAreCleaned() {
        ConsoleLine line = ConsoleLine.of("\u001B[0;31m[    2.000000] Kernel panic - not syncing: x\u001B[0m\r");
        assertTrue(line.kernel());
        assertEquals("Kernel panic - not syncing: x", line.text());
        assertEquals("50%", ConsoleLine.of("10%\r50%").text());
    }
}
