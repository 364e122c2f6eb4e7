package dev.quiz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad option values are one line naming the option, exit 250, before anything starts: never a stack trace. */
class UsageErrorsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "run --cpus 100 -- true       | --cpus': must be between 1 and 64, got 100",
        "run --cpus 0 -- true         | --cpus': must be between 1 and 64, got 0",
        "run --cpus two -- true       | --cpus': 'two' is not a whole number",
        "run --mem 64M -- true        | --mem': must be at least 128M, got 64M",
        "run --mem 100T -- true       | --mem': 100T is more than this host's memory",
        "run --mem lots -- true       | --mem': 'lots' is not a size",
        "run --timeout soon -- true   | --timeout': 'soon' is not a duration",
        "watch --cpus 65              | --cpus': must be between 1 and 64, got 65",
        "watch --mem 1M               | --mem': must be at least 128M, got 1M",
        "watch --quiet-period x       | --quiet-period': 'x' is not a duration",
        "watch --share nfs            | --share': 'nfs': use 9p or virtiofs",
        "run --share 9P2000 -- true   | --share': '9P2000': use 9p or virtiofs",
        "run --accel fast -- true     | --accel': expected one of [AUTO, KVM, TCG] (case-insensitive) but was 'fast'",
        "watch --on-busy later        | --on-busy': expected one of [RESTART, QUEUE] (case-insensitive)",
        "history --color sometimes    | --color': expected one of [AUTO, ALWAYS, NEVER] (case-insensitive)"})
    void badValuesAreOneLine(String args, String expected) {
        CommandLine cl = new CommandLine(args);
        assertEquals(250, cl.exit, cl.err);
        assertEquals(1, cl.err.strip().lines().count(), "one line: " + cl.err);
        assertTrue(cl.err.startsWith("quiz: "), cl.err);
        assertTrue(cl.err.contains(expected), cl.err);
        assertFalse(cl.err.contains("internal error") || cl.err.contains("Exception"), cl.err);
    }

    /** One run of the real command line, in process, with its stderr kept. */
    private static final class CommandLine {
        final int exit;
        final String err;

        CommandLine(String args) {
            picocli.CommandLine cl = Main.commandLine();
            StringWriter errors = new StringWriter();
            cl.setErr(new PrintWriter(errors));
            cl.setOut(new PrintWriter(new StringWriter()));
            exit = cl.execute(List.of(args.strip().split("\\s+")).toArray(String[]::new));
            err = errors.toString();
        }
    }
}
