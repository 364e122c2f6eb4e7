package dev.quiz.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.vm.VmExit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerdictsTest {
    static VmExit exit(VmExit.End end, int qemu, Integer status, boolean started) {
        return new VmExit(end, qemu, Optional.ofNullable(status), Optional.empty(), Optional.empty(), Optional.empty(),
                started ? Optional.of(Duration.ofSeconds(1)) : Optional.empty(),
                started ? Optional.of(Duration.ofSeconds(1)) : Optional.empty(), Duration.ofSeconds(2), Path.of("c"), 0, java.util.List.of(),
                false);
    }

    static KernelReport report(ReportKind kind, String header) {
        return new KernelReport(kind, header, List.of(header), true);
    }

    @Test
    void statusPassesThrough() {
        Outcome pass = Verdicts.decide(exit(VmExit.End.QEMU_EXITED, 0, 0, true), List.of(), Verdicts.Policy.DEFAULT);
        assertEquals(Verdict.PASS, pass.verdict());
        assertEquals(0, pass.exitCode());
        Outcome fail = Verdicts.decide(exit(VmExit.End.QEMU_EXITED, 0, 7, true), List.of(), Verdicts.Policy.DEFAULT);
        assertEquals(Verdict.FAIL, fail.verdict());
        assertEquals(7, fail.exitCode());
    }

    @Test
    void crashOutranksStatusAndFirstReportIsShown() {
        List<KernelReport> reports = List.of(report(ReportKind.OOPS, "BUG: kernel NULL pointer dereference"),
                report(ReportKind.PANIC, "Kernel panic - not syncing: Fatal exception"));
        Outcome o = Verdicts.decide(exit(VmExit.End.QEMU_EXITED, 1, null, true), reports, Verdicts.Policy.DEFAULT);
        assertEquals(Verdict.PANIC, o.verdict());
        assertEquals(122, o.exitCode());
        assertEquals("BUG: kernel NULL pointer dereference", o.report().orElseThrow().header());
        assertEquals(1, o.moreReports());
        Outcome oops = Verdicts.decide(exit(VmExit.End.STOPPED, 0, 0, true),
                List.of(report(ReportKind.OOPS, "BUG: x")), Verdicts.Policy.DEFAULT);
        assertEquals(Verdict.OOPS, oops.verdict());
        assertEquals(121, oops.exitCode());
    }

    @Test
    void pvpanicWithoutTextIsStillAPanic() {
        assertEquals(Verdict.PANIC, Verdicts.decide(exit(VmExit.End.QEMU_EXITED, 1, null, true), List.of(),
                Verdicts.Policy.DEFAULT).verdict());
    }

    @Test
    void timeoutsSilenceAndBootFailures() {
        assertEquals(Verdict.TIMEOUT, Verdicts.decide(exit(VmExit.End.TIMEOUT, 143, null, true), List.of(),
                Verdicts.Policy.DEFAULT).verdict());
        assertEquals(124, Verdicts.decide(exit(VmExit.End.TIMEOUT, 143, null, true), List.of(),
                Verdicts.Policy.DEFAULT).exitCode());
        assertEquals(Verdict.HANG, Verdicts.decide(exit(VmExit.End.SILENT, 143, null, true), List.of(),
                Verdicts.Policy.DEFAULT).verdict());
        Outcome noStart = Verdicts.decide(exit(VmExit.End.QEMU_EXITED, 1, null, false), List.of(),
                Verdicts.Policy.DEFAULT);
        assertEquals(Verdict.BOOT_FAILED, noStart.verdict());
        assertEquals(125, noStart.exitCode());
    }

    @Test
    void warningsCountButFailOnlyWhenAsked() {
        List<KernelReport> warn = List.of(report(ReportKind.WARNING, "WARNING: CPU: 0 PID: 1 at x.c:1 f+0x1/0x2"));
        Outcome pass = Verdicts.decide(exit(VmExit.End.QEMU_EXITED, 0, 0, true), warn, Verdicts.Policy.DEFAULT);
        assertEquals(Verdict.PASS, pass.verdict());
        assertEquals(1, pass.warnings().size());
        Outcome fail = Verdicts.decide(exit(VmExit.End.QEMU_EXITED, 0, 0, true), warn, new Verdicts.Policy(true));
        assertEquals(Verdict.FAIL, fail.verdict());
        assertEquals(1, fail.exitCode());
    }

    @Test
    void aSavedLogWithNeitherStatusNorFailingReportHasNoVerdict() {
        Outcome nothing = Verdicts.decideSavedLog(Optional.empty(), List.of());
        assertEquals(Verdict.NO_VERDICT, nothing.verdict());
        assertEquals(123, nothing.exitCode());
        assertEquals("nothing to judge: no command exit status and no kernel report in the log", nothing.reason());
        assertFalse(nothing.verdict().passed());
        assertFalse(nothing.verdict().kernelCrash());

        KernelReport warning = report(ReportKind.WARNING, "WARNING: CPU: 0 PID: 1 at x.c:1 f+0x1/0x2");
        Outcome warningsOnly = Verdicts.decideSavedLog(Optional.empty(), List.of(warning));
        assertEquals(Verdict.NO_VERDICT, warningsOnly.verdict());
        assertEquals(List.of(warning), warningsOnly.warnings());
        assertTrue(warningsOnly.report().isEmpty());
    }

    @Test
    void aSavedLogIsJudgedByItsStatusAndReports() {
        assertEquals(Verdict.PASS, Verdicts.decideSavedLog(Optional.of(0), List.of()).verdict());
        Outcome fail = Verdicts.decideSavedLog(Optional.of(3), List.of());
        assertEquals(Verdict.FAIL, fail.verdict());
        assertEquals(3, fail.exitCode());
        Outcome oops = Verdicts.decideSavedLog(Optional.empty(), List.of(report(ReportKind.OOPS, "BUG: x")));
        assertEquals(Verdict.OOPS, oops.verdict());
        assertEquals(121, oops.exitCode());
        assertEquals(Verdict.ASSERT, Verdicts.decideSavedLog(Optional.of(0),
                List.of(report(ReportKind.ASSERT, "VERIFY3(a == b) failed (1 == 2)"))).verdict());
    }
}
