package dev.quiz.report;

import dev.quiz.model.Event;
import dev.quiz.model.Phase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The cycle under way: one status line on a terminal, replaced by the verdict; plain lines in a pipe. */
class WatchReporterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private WatchReporter reporter(boolean terminal, int columns) {
        return new WatchReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8), new Style(false, terminal), columns);
    }

    private String out() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void cycle(WatchReporter r) {
        r.emit(new Event.CycleStarted(2, "module/zfs/vdev_raidz.c"));
        r.emit(new Event.Progress(Phase.BUILD, "make modules: 3 steps  CC module/zfs/vdev_raidz.o"));
        r.emit(new Event.PhaseStarted(Phase.BOOT, "6.1"));
        r.emit(new Event.Progress(Phase.BOOT, "waiting for the build"));
        r.emit(new Event.PhaseStarted(Phase.TEST, "zpool create"));
        r.emit(new Event.Finished(ReportsTest.panic()));
    }

    @Test
    void onATerminalTheCycleUnderWayIsOneStatusLineTheVerdictReplaces() {
        try (WatchReporter r = reporter(true, 200)) {
            cycle(r);
        }
        String out = out();
        assertTrue(out.contains("\r#2 module/zfs/vdev_raidz.c  build: make modules: 3 steps  CC module/zfs/vdev_raidz.o  0s"
                + "\u001B[K"), out);
        assertTrue(out.contains("build: make modules: 3 steps  CC module/zfs/vdev_raidz.o · vm: waiting for the build"),
                "the build beside the VM: " + out);
        assertTrue(out.contains("\r#2 module/zfs/vdev_raidz.c  vm: testing  0s"), out);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\r\u001B\\[K\\[\\d\\d:\\d\\d:\\d\\d\\] #2 ")
                .matcher(out);
        assertTrue(m.find(), "the status line is erased before the verdict line: " + out);
        int verdict = m.start();
        assertFalse(out.substring(verdict).contains("\r#2"), "no status after the verdict: " + out);
    }

    @Test
    void theStatusLineFitsTheTerminal() {
        try (WatchReporter r = reporter(true, 40)) {
            r.emit(new Event.CycleStarted(1, "module/zfs/vdev_raidz.c"));
            r.emit(new Event.Progress(Phase.BUILD, "configure: checking whether the kernel has a very long feature"));
        }
        for (String status : out().split("\r")) {
            String shown = status.replace("\u001B[K", "");
            assertTrue(shown.length() <= 39, "at most 39 columns: '" + shown + "'");
        }
    }

    @Test
    void inAPipeOnlyWholeLines() {
        try (WatchReporter r = reporter(false, 0)) {
            cycle(r);
        }
        String out = out();
        assertFalse(out.contains("\r"), out);
        assertFalse(out.contains("build: make"), out);
        assertTrue(out.lines().findFirst().orElseThrow().matches("\\[\\d\\d:\\d\\d:\\d\\d\\] #2   module/zfs/vdev_raidz\\.c .*"
                + "boot 1\\.6s  test 0\\.9s  PANIC"), out);
    }

    @Test
    void aCycleQuizCouldNotRunIsAnErrorLine() {
        try (WatchReporter r = reporter(false, 0)) {
            r.emit(new Event.CycleStarted(1, "(rescan)"));
            r.emit(new Event.CycleFailed(1, "work dir has a lib/ directory"));
        }
        assertTrue(out().matches("(?s)\\[\\d\\d:\\d\\d:\\d\\d\\] #1   \\(rescan\\) +QUIZ ERROR  work dir has a lib/ directory\n"),
                out());
        assertEquals(1, out().lines().count());
    }
}
