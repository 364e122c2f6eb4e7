package dev.quiz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.report.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

    private static String fixture(String name) {
        return Path.of("src/test/resources/consoles", name).toAbsolutePath().toString();
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
    void foreignLogWithoutStatusSaysSo() throws Exception {
        Path log = tmp.resolve("dmesg.txt");
        Files.writeString(log, "[    1.000000] Linux version 6.1.0\n[    2.000000] all fine\n");
        Ran r = analyze("analyze", "--color=never", log.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("PASS"), r.out());
        Ran missing = analyze("analyze", tmp.resolve("nope.log").toString());
        assertEquals(250, missing.exit());
    }
}
