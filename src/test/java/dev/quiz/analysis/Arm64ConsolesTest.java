package dev.quiz.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The analyzer on consoles recorded from the quiztest module in an emulated arm64 guest
 * (src/test/resources/consoles/quiztest-arm64-*.log): arm64 words its oopses its own way, dumps
 * other registers, and ends its traces without x86's {@code </TASK>}.
 */
class Arm64ConsolesTest {
    private static KernelReport only(String fixture) throws IOException {
        List<KernelReport> reports = ConsoleAnalyzerTest.analyze(ConsoleAnalyzerTest.fixture(fixture)).stream()
                .filter(r -> r.kind() != ReportKind.WARNING).toList();
        assertEquals(1, reports.size(), reports.toString());
        return reports.get(0);
    }

    @Test
    void aNullDereferenceIsOneOopsFromTheFaultToTheEndOfItsTrace() throws IOException {
        KernelReport r = only("quiztest-arm64-oops.log");
        assertEquals(ReportKind.OOPS, r.kind());
        assertEquals("Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008", r.header());
        assertTrue(r.excerpt().contains("Internal error: Oops: 0000000096000005 [#1] SMP"),
                "the Internal error line, a dozen lines on, belongs to the same report: " + r.excerpt());
        assertTrue(r.excerpt().contains("pc : quiztest_oops.constprop.0+0x4/0xc [quiztest]"), "pc names the function");
        assertTrue(r.excerpt().contains("Call trace:"));
        assertTrue(r.complete());
        assertFalse(r.excerpt().stream().anyMatch(l -> l.matches("^(x\\d+ ?|sp ?|pstate|  ESR|  EC|Mem abort info).*")),
                "registers and the fault's decoding are trimmed: " + r.excerpt());
    }

    @Test
    void aBugIsAnOopsWithItsInternalError() throws IOException {
        KernelReport r = only("quiztest-arm64-bug.log");
        assertEquals(ReportKind.OOPS, r.kind());
        assertTrue(r.header().startsWith("kernel BUG at "), r.header());
        assertTrue(r.excerpt().stream().anyMatch(l -> l.startsWith("Internal error: Oops - BUG:")), r.excerpt().toString());
    }

    @Test
    void anSplAssertionEndsWithItsTraceAtTheSystemCallsEntry() throws IOException {
        KernelReport r = only("quiztest-arm64-verify.log");
        assertEquals(ReportKind.ASSERT, r.kind());
        assertTrue(r.complete(), "no end marker: the trace's last frame ends it");
        assertTrue(r.excerpt().get(r.excerpt().size() - 1).strip().startsWith("el0t_64_sync+"), r.excerpt().toString());
        assertTrue(r.excerpt().stream().anyMatch(l -> l.contains("quiztest_verify_failed")), r.excerpt().toString());
    }

    @Test
    void hangsEndWithTheirTraces() throws IOException {
        for (String fixture : List.of("quiztest-arm64-hung.log", "quiztest-arm64-softlockup.log")) {
            KernelReport r = only(fixture);
            assertEquals(ReportKind.HANG, r.kind(), fixture);
            assertTrue(r.complete(), fixture);
        }
    }

    @Test
    void aPanicIsAPanic() throws IOException {
        KernelReport r = only("quiztest-arm64-panic.log");
        assertEquals(ReportKind.PANIC, r.kind());
        assertEquals("Kernel panic - not syncing: quiztest: panic on request", r.header());
    }

    @Test
    void aCleanRunAndAWarningHaveNoFailingReport() throws IOException {
        assertTrue(ConsoleAnalyzerTest.analyze(ConsoleAnalyzerTest.fixture("quiztest-arm64-ok.log")).isEmpty());
        List<KernelReport> warn = ConsoleAnalyzerTest.analyze(ConsoleAnalyzerTest.fixture("quiztest-arm64-warn.log"));
        assertEquals(1, warn.size());
        assertEquals(ReportKind.WARNING, warn.get(0).kind());
        assertTrue(warn.get(0).complete(), warn.get(0).excerpt().toString());
    }
}
