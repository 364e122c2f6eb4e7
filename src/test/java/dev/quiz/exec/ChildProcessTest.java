package dev.quiz.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Children through exec/: output captured, time limits that fire, nothing left running. */
class ChildProcessTest {
    @TempDir
    Path tmp;

    @Test
    void captureKeepsStdoutAndStderrApartAndFeedsStdin() throws Exception {
        ChildProcess.Captured r = ChildProcess.capture(ChildProcess.Spec.of("sh", "-c", "cat; echo oops >&2; exit 3")
                .withInput("hello\n"), Duration.ofSeconds(10));
        assertEquals(3, r.status());
        assertEquals("hello\n", r.stdout());
        assertEquals("oops\n", r.stderr());
        assertFalse(r.ok());
        assertEquals("exited with status 3: oops", r.failure());
    }

    @Test
    void aMissingProgramIsAFailureNotAnException() throws Exception {
        ChildProcess.Captured r = ChildProcess.capture(ChildProcess.Spec.of("/nonexistent/program"), Duration.ofSeconds(5));
        assertFalse(r.ok());
    }

    /**
     * The old way (read the output to its end, then waitFor(timeout)) never reached its timeout
     * when a grandchild kept the pipe open: a hung git froze the watcher.
     */
    @Test
    void aTimeoutFiresEvenWhenAGrandchildHoldsTheOutputOpen() throws Exception {
        Path pids = tmp.resolve("pids");
        long start = System.nanoTime();
        ChildProcess.Captured r = ChildProcess.capture(ChildProcess.Spec.of("sh", "-c",
                "sleep 300 & echo $! > " + pids + "; echo $$ >> " + pids + "; echo started; wait"), Duration.ofSeconds(1));
        double took = (System.nanoTime() - start) / 1e9;
        assertTrue(r.timedOut(), r.toString());
        assertTrue(r.stdout().contains("started"), "what it printed before the limit is kept: " + r);
        assertTrue(took < 10, "returned " + took + "s after a 1s limit");
        for (String pid : Files.readAllLines(pids)) {
            assertFalse(alive(Long.parseLong(pid.strip())), "process " + pid + " of the timed-out tree was killed");
        }
    }

    @Test
    void killEndsTheWholeTree() throws Exception {
        Path pids = tmp.resolve("pids");
        ChildProcess child = ChildProcess.start(ChildProcess.Spec.of("sh", "-c",
                "sh -c 'sleep 300' & echo $! > " + pids + "; wait"), line -> { });
        waitForFile(pids);
        long grandchild = Long.parseLong(Files.readString(pids).strip());
        List<ProcessHandle> tree = Stream.concat(Stream.of(ProcessHandle.of(child.pid()).orElseThrow()),
                ProcessHandle.of(child.pid()).orElseThrow().descendants()).toList();
        child.kill();
        assertFalse(alive(grandchild));
        assertTrue(tree.stream().noneMatch(ProcessHandle::isAlive), "no process of the tree is left");
    }

    /** Every child goes through exec/: nothing else in quiz starts processes. */
    @Test
    void noProcessIsStartedOutsideExec() throws IOException {
        Path main = Path.of("src/main/java/dev/quiz");
        try (Stream<Path> files = Files.walk(main)) {
            List<Path> offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(main.resolve("exec")))
                    .filter(p -> {
                        try {
                            String s = Files.readString(p);
                            return s.contains("ProcessBuilder") || s.contains("Runtime.getRuntime().exec");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).toList();
            assertEquals(List.of(), offenders);
        }
    }

    private static boolean alive(long pid) throws InterruptedException {
        // A killed process may need a moment to be reaped.
        for (int i = 0; i < 50; i++) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                Thread.sleep(100);
            } else {
                return false;
            }
        }
        return true;
    }

    private static void waitForFile(Path file) throws Exception {
        for (int i = 0; i < 100 && (!Files.exists(file) || Files.size(file) == 0); i++) {
            Thread.sleep(50);
        }
    }
}
