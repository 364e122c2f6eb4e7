package dev.quiz.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.vm.VmExit;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The analyzer on console logs recorded from real VM runs of the quiztest module
 * (src/test/resources/consoles/quiztest-*.log), and on hand-cut edge cases.
 */
class RecordedConsolesTest {

    private static List<KernelReport> reports(String fixture) throws IOException {
        return ConsoleAnalyzerTest.analyze(ConsoleAnalyzerTest.fixture(fixture));
    }

    /** The verdict a run with this console gets when the VM ended without an exit status. */
    private static Outcome crashed(String fixture) throws IOException {
        VmExit exit = new VmExit(VmExit.End.STOPPED, 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Duration.ofSeconds(1)), Optional.of(Duration.ofSeconds(1)), Duration.ofSeconds(2), Path.of("c"), 0, java.util.List.of(),
                false);
        return Verdicts.decide(exit, reports(fixture), Verdicts.Policy.DEFAULT);
    }

    @Test
    void ok() throws IOException {
        assertTrue(reports("quiztest-ok.log").isEmpty());
        ConsoleAnalyzer a = new ConsoleAnalyzer();
        ConsoleAnalyzerTest.fixture("quiztest-ok.log").lines().forEach(a::accept);
        assertEquals("O (out-of-tree module)", Taints.describe(a.taints()));
    }

    @Test
    void warn() throws IOException {
        List<KernelReport> r = reports("quiztest-warn.log");
        assertEquals(1, r.size());
        assertEquals(ReportKind.WARNING, r.get(0).kind());
        assertTrue(r.get(0).complete());
        assertTrue(r.get(0).excerpt().stream().anyMatch(l -> l.startsWith("RIP: 0010:quiztest_do")), r.get(0).excerpt().toString());
    }

    @Test
    void oops() throws IOException {
        Outcome o = crashed("quiztest-oops.log");
        assertEquals(Verdict.OOPS, o.verdict());
        KernelReport r = o.report().orElseThrow();
        assertEquals("BUG: kernel NULL pointer dereference, address: 0000000000000008", r.header());
        assertTrue(r.excerpt().contains("Oops: 0000 [#1] SMP"), "the Oops: line belongs to the same report");
        assertTrue(r.excerpt().stream().anyMatch(l -> l.contains("quiztest_write+") && l.endsWith("[quiztest]")));
        assertTrue(r.complete());
        assertEquals(0, o.moreReports());
    }

    @Test
    void bug() throws IOException {
        Outcome o = crashed("quiztest-bug.log");
        assertEquals(Verdict.OOPS, o.verdict());
        assertTrue(o.report().orElseThrow().header().startsWith("kernel BUG at "));
        assertTrue(o.report().orElseThrow().excerpt().stream().anyMatch(l -> l.startsWith("invalid opcode: 0000 [#1]")));
    }

    @Test
    void panic() throws IOException {
        Outcome o = crashed("quiztest-panic.log");
        assertEquals(Verdict.PANIC, o.verdict());
        assertEquals("Kernel panic - not syncing: quiztest: panic on request", o.report().orElseThrow().header());
        assertTrue(o.report().orElseThrow().complete());
    }

    @Test
    void verify() throws IOException {
        Outcome o = crashed("quiztest-verify.log");
        assertEquals(Verdict.ASSERT, o.verdict());
        KernelReport r = o.report().orElseThrow();
        assertTrue(r.excerpt().get(1).startsWith("PANIC at quiztest.c:"), r.excerpt().toString());
        assertTrue(r.complete(), "an SPL assertion ends with its stack");
        assertTrue(r.excerpt().stream().anyMatch(l -> l.contains("quiztest_verify_failed")));
    }

    @Test
    void softLockupAndItsFollowUpsAreCounted() throws IOException {
        Outcome o = crashed("quiztest-softlockup.log");
        assertEquals(Verdict.HANG, o.verdict());
        assertTrue(o.report().orElseThrow().header().startsWith("watchdog: BUG: soft lockup - CPU#1 stuck"));
        assertTrue(o.moreReports() >= 1, "the second CPU's lockup is counted, not shown");
    }

    @Test
    void hungTask() throws IOException {
        Outcome o = crashed("quiztest-hung.log");
        assertEquals(Verdict.HANG, o.verdict());
        assertTrue(o.report().orElseThrow().header().startsWith("INFO: task sh:79 blocked for more than 3 seconds"));
        assertTrue(o.report().orElseThrow().excerpt().stream().anyMatch(l -> l.contains("quiztest_write")));
    }

    /** The verdict quiz analyze gives a saved log. */
    private static SavedConsole judged(String fixture) throws IOException {
        return SavedConsole.judge(ConsoleAnalyzerTest.fixture(fixture).lines().toList());
    }

    @Test
    void rootMountPanicWithoutTimestamps() throws IOException {
        Outcome o = judged("handwritten-root-mount-panic.log").outcome();
        assertEquals(Verdict.PANIC, o.verdict());
        assertEquals(122, o.exitCode());
        KernelReport r = o.report().orElseThrow();
        assertEquals("Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)", r.header());
        assertTrue(r.excerpt().contains(" mount_block_root+0x1d3/0x1e6"), r.excerpt().toString());
        assertTrue(r.complete());
    }

    @Test
    void splVerifyThatParkedItsThreadWithoutTimestamps() throws IOException {
        SavedConsole console = judged("handwritten-spl-verify-parked.log");
        Outcome o = console.outcome();
        assertEquals(Verdict.ASSERT, o.verdict());
        assertEquals(120, o.exitCode());
        KernelReport r = o.report().orElseThrow();
        assertEquals("VERIFY3(sa.sa_magic == SA_MAGIC) failed (1446184201 == 3100762)", r.header());
        assertEquals("PANIC at zfs_vfsops.c:585:zfs_space_delta_cb()", r.excerpt().get(1));
        assertTrue(r.excerpt().contains(" spl_panic+0xd1/0xe9 [spl]"), r.excerpt().toString());
        assertTrue(r.complete(), "an SPL assertion ends with its stack");
        assertEquals(1, o.moreReports(), "the hung txg_sync that followed is counted");
        assertEquals("O (out-of-tree module), P (proprietary module)", Taints.describe(console.taints()));
    }

    @Test
    void splVerifyWithSplPanicHaltWithoutTimestamps() throws IOException {
        Outcome o = judged("handwritten-spl-verify-halt.log").outcome();
        assertEquals(Verdict.ASSERT, o.verdict());
        assertEquals("VERIFY3(sa.sa_magic == SA_MAGIC) failed (1446184201 == 3100762)", o.report().orElseThrow().header());
        assertEquals(1, o.moreReports(), "the panic it led to is counted");
    }

    @Test
    void interleavedOutputAndSeveralReports() {
        String console = String.join("\n",
                "[    2.0] ------------[ cut here ]------------",
                "[    2.0] WARNING: CPU: 0 PID: 7 at fs/x.c:34 f+0x1/0x2",
                "test output line 1",
                "[    2.0] Call Trace:",
                "[    2.0]  <TASK>",
                "progress 10%\rprogress 90%",
                "[    2.0]  f+0x1/0x2",
                "[    2.0]  </TASK>",
                "[    2.0] ---[ end trace 0000000000000000 ]---",
                "[    3.0] BUG: unable to handle page fault for address: ffffffffc0201000",
                "[    3.0] Oops: 0002 [#1] PREEMPT SMP NOPTI",
                "[    3.0] Call Trace:",
                "[    3.0]  <TASK>",
                "[    3.0]  g+0x5/0x9 [zfs]",
                "[    3.1] Kernel panic - not syncing: Fatal exception");
        List<KernelReport> reports = ConsoleAnalyzerTest.analyze(console);
        assertEquals(3, reports.size());
        assertEquals(ReportKind.WARNING, reports.get(0).kind());
        assertFalse(reports.get(0).excerpt().contains("test output line 1"));
        assertEquals(ReportKind.OOPS, reports.get(1).kind());
        assertFalse(reports.get(1).complete(), "cut off by the panic that followed");
        assertEquals(ReportKind.PANIC, reports.get(2).kind());
        assertFalse(reports.get(2).complete(), "cut off by the VM dying");
    }
}
