package dev.quiz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.report.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** quiz analyze re-reads saved consoles and judges them as a live run would. */
class AnalyzeCommandTest {
    @TempDir
    Path tmp;

    private record Ran(int exit, String out) {
    }

    private static Ran analyze(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.commandLine().execute(args);
            return new Ran(exit, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
    }

    private static Ran analyzeStdin(String input, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return analyze(args);
        } finally {
            System.setIn(saved);
        }
    }

    private static String fixture(String name) {
        return Path.of("src/test/resources/consoles", name).toAbsolutePath().toString();
    }

    /** A recorded console as a serial capture of a printk.time=0 kernel: no timestamps, CRLF, no program output. */
    private static String withoutTimestamps(String name) throws IOException {
        return Files.readAllLines(Path.of(fixture(name))).stream()
                .filter(line -> line.startsWith("["))
                .map(line -> line.replaceFirst("^\\[\\s*\\d+\\.\\d+\\] ?", ""))
                .collect(Collectors.joining("\r\n", "", "\r\n"));
    }

    @Test
    void recordedOopsGivesTheSameVerdictAndExcerpt() throws Exception {
        Path json = tmp.resolve("r.json");
        Path junit = tmp.resolve("r.xml");
        Ran r = analyze("analyze", "--color=never", "--report", json.toString(), "--junit", junit.toString(),
                fixture("quiztest-oops.log"));
        assertEquals(121, r.exit(), r.out());
        assertTrue(r.out().startsWith("OOPS"), r.out());
        assertTrue(r.out().contains("    BUG: kernel NULL pointer dereference, address: 0000000000000008"), r.out());
        assertTrue(r.out().contains("kernel tainted during the run: O (out-of-tree module)"), r.out());
        assertEquals("OOPS", ((Map<?, ?>) Json.parse(Files.readString(json))).get("verdict"));
        assertTrue(Files.readString(junit).contains("<failure message=\"OOPS: BUG: kernel NULL pointer dereference"));
    }

    @Test
    void passingQuizLogCarriesItsExitStatus() {
        Ran r = analyze("analyze", "--color=never", fixture("quiztest-ok.log"));
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().startsWith("PASS"), r.out());
    }

    @Test
    void foreignLogWithoutTimestampsGivesTheCrash() throws Exception {
        Path log = tmp.resolve("serial.txt");
        Files.writeString(log, withoutTimestamps("quiztest-oops.log"));
        Path junit = tmp.resolve("r.xml");
        Ran r = analyze("analyze", "--color=never", "--junit", junit.toString(), log.toString());
        assertEquals(121, r.exit(), r.out());
        assertTrue(r.out().startsWith("OOPS"), r.out());
        assertTrue(r.out().contains("\n    BUG: kernel NULL pointer dereference, address: 0000000000000008\n"), r.out());
        assertTrue(Files.readString(junit).contains("<failure message=\"OOPS: BUG: kernel NULL pointer dereference"));
    }

    @Test
    void standardInputIsReadWhole() throws Exception {
        Ran r = analyzeStdin(Files.readString(Path.of(fixture("handwritten-root-mount-panic.log"))),
                "analyze", "--color=never", "-");
        assertEquals(122, r.exit(), r.out());
        assertTrue(r.out().startsWith("PANIC  analyze -"), r.out());
        assertTrue(r.out().contains(
                "\n    Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\n"), r.out());
    }

    @Test
    void foreignLogWithNothingToJudgeHasNoVerdict() throws Exception {
        Path log = tmp.resolve("dmesg.txt");
        Files.writeString(log, "[    1.000000] Linux version 6.1.0\n[    2.000000] all fine\n");
        Path json = tmp.resolve("r.json");
        Path junit = tmp.resolve("r.xml");
        Ran r = analyze("analyze", "--color=never", "--report", json.toString(), "--junit", junit.toString(),
                log.toString());
        assertEquals(123, r.exit(), r.out());
        assertTrue(r.out().startsWith("NO VERDICT"), r.out());
        assertTrue(r.out().contains("  nothing to judge: no command exit status and no kernel report in the log"), r.out());
        assertEquals("NO_VERDICT", ((Map<?, ?>) Json.parse(Files.readString(json))).get("verdict"));
        assertTrue(Files.readString(junit).contains("failures=\"1\""), Files.readString(junit));

        Ran untimestamped = analyzeStdin(withoutTimestamps("quiztest-ok.log"), "analyze", "--color=never", "-");
        assertEquals(123, untimestamped.exit(), untimestamped.out());

        Ran missing = analyze("analyze", tmp.resolve("nope.log").toString());
        assertEquals(250, missing.exit());
    }
}
