package dev.quiz.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.analysis.TestCase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The groups of a console as zfs-tests.sh -K prints them, finished one by one, and the one a crash cut short. */
class GroupTrackerTest {
    private static final String T = "/usr/local/share/zfs/zfs-tests/tests/functional/";

    @Test
    void eachGroupEndsWhenTheNextStartsAndACrashNamesTheGroupThatRan() {
        List<GroupTracker.Seen> done = new ArrayList<>();
        GroupTracker tracker = new GroupTracker(done::add);
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        tracker.accept("[    5.100000] ZTS run " + T + "acl/off/setup", t0);
        tracker.accept("Test: " + T + "acl/off/setup (run as root) [00:01] [PASS]", t0.plusSeconds(1));
        tracker.accept("[    6.200000] ZTS run " + T + "acl/off/posixmode", t0.plusSeconds(1));
        tracker.accept("Test: " + T + "acl/off/posixmode (run as root) [00:02] [FAIL]", t0.plusSeconds(3));
        tracker.accept("[    8.300000] ZTS run " + T + "arc/setup", t0.plusSeconds(4));
        assertEquals(1, done.size(), "acl/off is finished once arc starts");
        GroupTracker.Seen acl = done.get(0);
        assertEquals("tests/functional/acl/off", acl.group());
        assertEquals(List.of(TestCase.Status.PASS, TestCase.Status.FAIL), acl.tests().stream().map(TestCase::status).toList());
        assertEquals(t0, acl.start());
        assertEquals(t0.plusSeconds(3), acl.end());

        tracker.accept("[    9.000000] Kernel panic - not syncing: zfs: ...", t0.plusSeconds(5));
        Optional<GroupTracker.Seen> cut = tracker.end(true, t0.plusSeconds(6));
        assertEquals("tests/functional/arc", cut.orElseThrow().group(), "the group the crash cut short");
        assertTrue(cut.get().tests().isEmpty());
        assertEquals(Optional.of("functional/arc/setup"), cut.get().cutShort(), "the test that was running");
        assertEquals(1, done.size(), "a crashed group is the caller's to judge, not finished here");
    }

    @Test
    void aCrashedGroupGoesOnAfterTheTestThatCrashedButNotAfterItsSetup() {
        List<String> tests = List.of("a", "b", "c");
        assertEquals(List.of("c"), ShardRunner.testsAfter(tests, Optional.of("functional/g/b")));
        assertEquals(List.of(), ShardRunner.testsAfter(tests, Optional.of("functional/g/c")));
        assertEquals(List.of(), ShardRunner.testsAfter(tests, Optional.of("functional/g/setup")));
        assertEquals(List.of(), ShardRunner.testsAfter(tests, Optional.empty()));
    }
}
