package dev.quiz.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.analysis.KernelReport;
import dev.quiz.analysis.ReportKind;
import dev.quiz.analysis.TestCase;
import dev.quiz.analysis.Verdict;
import dev.quiz.model.SuiteResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A suite run's reports: what merge reads back, JUnit, and the page with its timeline and failures. */
class SuiteReportsTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    static SuiteResult result() {
        SuiteResult.Group acl = new SuiteResult.Group("tests/functional/acl/off", 1, T0, T0.plusSeconds(30), Verdict.FAIL,
                "a test failed", Optional.empty(), List.of(
                        new TestCase("zts", "functional/acl/off/setup", TestCase.Status.PASS, Optional.of("00:05")),
                        new TestCase("zts", "functional/acl/off/posixmode", TestCase.Status.FAIL, Optional.of("00:20"))),
                Optional.of(Path.of("/s/runs/0001/console.log")), Optional.of(Path.of("/s/runs/0001/out")));
        SuiteResult.Group panic = new SuiteResult.Group("tests/functional/quiz_panic", 2, T0.plusSeconds(5),
                T0.plusSeconds(50), Verdict.PANIC, "Kernel panic - not syncing: sysrq triggered crash",
                Optional.of(new KernelReport(ReportKind.PANIC, "Kernel panic - not syncing: sysrq triggered crash",
                        List.of("Kernel panic - not syncing: sysrq triggered crash", "Call Trace:", " sysrq_handle_crash"),
                        true)), List.of(), Optional.of(Path.of("/s/runs/0002/console.log")), Optional.empty());
        SuiteResult.Group bootfs = new SuiteResult.Group("tests/functional/bootfs", 2, T0.plusSeconds(55),
                T0.plusSeconds(80), Verdict.PASS, "every test passed or was skipped", Optional.empty(), List.of(
                        new TestCase("zts", "functional/bootfs/bootfs_004_neg", TestCase.Status.PASS, Optional.of("00:03"))),
                Optional.empty(), Optional.empty());
        return new SuiteResult(2, T0, T0.plusSeconds(80), List.of(bootfs, acl, panic), List.of("acl/off/posixmode"));
    }

    @Test
    void resultsReadBackAsTheyWereWritten() {
        SuiteResult r = result();
        assertEquals(r, SuiteJson.read(SuiteJson.write(r)));
    }

    @Test
    void theSummaryIsInTheSuitesTermsWithWallTimeAgainstTheShards() {
        assertEquals("ZTS: 2 passed, 1 failed, 0 skipped, 1 of them expected; 3 groups, 1 cut short by a crash",
                SuiteReports.summary(result()));
        assertEquals("wall 1:20 over 2 shards, whose times add up to 1:45 (1.3x)", SuiteReports.times(result()));
    }

    @Test
    void oneShardOfAPlanIsTimedAsOne() {
        SuiteResult all = result();
        SuiteResult second = new SuiteResult(2, all.start(), all.end(),
                all.groups().stream().filter(g -> g.shard() == 2).toList(), List.of());
        assertEquals("wall 1:20 for shard 2 of 2", SuiteReports.times(second));
        SuiteResult alone = new SuiteResult(1, all.start(), all.end(),
                all.groups().stream().filter(g -> g.shard() == 1).toList(), List.of());
        assertEquals("wall 1:20 in one shard, 0:30 of it in the groups", SuiteReports.times(alone));
    }

    @Test
    void junitStaysWellFormedOverAConsolesControlCharacters() throws Exception {
        SuiteResult.Group colour = new SuiteResult.Group("tests/functional/colour", 1, T0, T0.plusSeconds(9),
                Verdict.OOPS, "BUG: \u001b[31mkernel NULL pointer dereference\u001b[0m",
                Optional.of(new KernelReport(ReportKind.OOPS, "BUG: kernel NULL pointer dereference",
                        List.of("BUG: \u001b[31mkernel NULL pointer dereference\u001b[0m", "Call Trace:"), true)),
                List.of(), Optional.empty(), Optional.empty());
        String xml = SuiteReports.junit(new SuiteResult(1, T0, T0.plusSeconds(9), List.of(colour), List.of()));
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(xml.contains("[31mkernel NULL pointer dereference[0m"), xml);
    }

    @Test
    void junitHasEveryTestAndTheCrashedGroup() {
        String xml = SuiteReports.junit(result());
        assertTrue(xml.contains("tests=\"4\" failures=\"2\""), xml);
        assertTrue(xml.contains("<testcase classname=\"tests/functional/acl/off\" name=\"functional/acl/off/posixmode\" "
                + "time=\"20\"><failure message=\"FAIL (expected)\"/>"), xml);
        assertTrue(xml.contains("name=\"(group)\"") && xml.contains("PANIC: Kernel panic"), xml);
    }

    @Test
    void thePageHasTheSummaryATimelineBarPerGroupAndTheFailures() {
        String html = SuiteReports.html(result());
        assertTrue(html.contains("<p id=\"summary\">ZTS: 2 passed, 1 failed"), html);
        assertEquals(3, html.split("<rect ", -1).length - 1, "a bar per group");
        assertTrue(html.contains("<rect class=\"crash\""), "the crash in its colour");
        assertTrue(html.contains("PANIC in tests/functional/quiz_panic (shard 2)") && html.contains("sysrq_handle_crash"));
        assertTrue(html.contains("FAIL functional/acl/off/posixmode (expected)"), html);
        assertTrue(!html.contains("<script"), "no scripts: a page of its own");
    }
}
