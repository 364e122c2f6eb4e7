package dev.quiz.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** quiz history over a history a crash damaged: the real CLI in a child JVM, with a store of its own. */
class HistoryTest {
    @TempDir
    Path home;

    @Test
    void aLineCutShortIsSkippedWithItsLineNumber() throws Exception {
        Files.writeString(home.resolve("history.jsonl"), String.join("\n",
                "{\"id\":1,\"started\":\"2026-11-22T07:00:00Z\",\"verdict\":\"PASS\",\"command\":\"true\",\"profile\":\"\"}",
                // what a crash in the middle of an append leaves: cut inside a \\u escape
                "{\"id\":2,\"started\":\"2026-11-22T07:01:00Z\",\"verdict\":\"OOPS\",\"reason\":\"caf\\u00",
                "{\"id\":3,\"started\":\"2026-11-22T07:02:00Z\",\"verdict\":\"PANIC\",\"command\":\"zpool create\",\"profile\":\"zfs\"}",
                ""));
        Quiz.Result r = Quiz.run(Map.of("QUIZ_HOME", home.toString()), home, 60, "history", "--color=never");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("history.jsonl:2: not a run record, skipped"), r.output());
        assertTrue(r.output().contains("#1     2026-11-22 07:00:00  PASS         true"), r.output());
        assertTrue(r.output().contains("#3     2026-11-22 07:02:00  PANIC        zpool create  [zfs]"), r.output());
        assertFalse(r.output().contains("internal error") || r.output().contains("Exception"), r.output());
    }
}
