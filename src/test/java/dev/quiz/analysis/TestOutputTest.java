package dev.quiz.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestOutputTest {
    @Test
    void openZfsTestSuiteLines() {
        TestOutput out = new TestOutput();
        out.accept("Test: /usr/local/share/zfs/zfs-tests/tests/functional/acl/off/posixmode (run as root) [00:01] [PASS]");
        out.accept("2025-06-01T12:00:01.123456 Test: /usr/local/share/zfs/zfs-tests/tests/functional/cli_root/zpool_create/setup (run as root) [01:02] [FAIL]");
        out.accept("Test: /usr/share/zfs/zfs-tests/tests/functional/mmp/mmp_on_thread (run as root) [00:00] [SKIP] (RERAN)");
        out.accept("Test: /usr/local/share/zfs/zfs-tests/tests/functional/x/y (run as root) [10:00] [KILLED]");
        List<TestCase> tests = out.tests();
        assertEquals(4, tests.size());
        assertEquals(new TestCase("zts", "functional/acl/off/posixmode", TestCase.Status.PASS, Optional.of("00:01")),
                tests.get(0));
        assertEquals(TestCase.Status.FAIL, tests.get(1).status());
        assertEquals("functional/mmp/mmp_on_thread", tests.get(2).name());
        assertEquals(List.of("ZTS: 1 passed, 1 failed, 1 skipped, 1 killed"), TestOutput.summaries(tests));
    }

    @Test
    void tapAndKtap() {
        TestOutput out = new TestOutput();
        out.accept("TAP version 13");
        out.accept("1..4");
        out.accept("ok 1 - first");
        out.accept("not ok 2 - second");
        out.accept("[    3.100000]     ok 3 example_skip_test # SKIP this test should be skipped");
        out.accept("ok 4 # TODO not yet");
        out.accept("okay 5 not a test line");
        List<TestCase> tests = out.tests();
        assertEquals(4, tests.size());
        assertEquals("first", tests.get(0).name());
        assertEquals(TestCase.Status.FAIL, tests.get(1).status());
        assertEquals(TestCase.Status.SKIP, tests.get(2).status());
        assertEquals("example_skip_test", tests.get(2).name());
        assertEquals(TestCase.Status.PASS, tests.get(3).status());
        assertEquals(List.of("TAP: 2 passed, 1 failed, 1 skipped"), TestOutput.summaries(tests));
    }

    @Test
    void aTestLineStillCountsWhenTheKernelPrintedIntoIt() {
        TestOutput out = new TestOutput();
        out.accept("Test: /usr/local/share/zfs/zfs-tests/tests/functional/a (run as root) [00:01] [PASS]"
                + "[   12.345678] ZFS: Unloaded module v2.2.7-1");
        out.accept("ok 1 - first[   12.345678] ZFS: Loaded module v2.2.7-1");
        assertEquals(List.of("functional/a", "first"), out.tests().stream().map(TestCase::name).toList());
    }

    @Test
    void taintsFromTaintedFieldAndMessages() {
        ConsoleAnalyzer a = new ConsoleAnalyzer();
        a.accept("[    1.0] quiztest: loading out-of-tree module taints kernel.");
        a.accept("[    2.0] CPU: 0 PID: 77 Comm: sh Tainted: G        W  O       6.1.192-quiz #1");
        a.accept("[    3.0] zfs: module license 'CDDL' taints kernel.");
        assertEquals("O (out-of-tree module), P (proprietary module), W (warning)", Taints.describe(a.taints()));
    }
}
