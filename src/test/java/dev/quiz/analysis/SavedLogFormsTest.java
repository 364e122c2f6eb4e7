package dev.quiz.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The recorded consoles (src/test/resources/consoles) turned into each form a kernel log is
 * saved in elsewhere, and judged whole as quiz analyze judges them.
 */
class SavedLogFormsTest {
    private static final Pattern STAMPED = Pattern.compile("^(\\[\\s*\\d+\\.\\d+\\]) ?(.*)$");
    private static final String EXIT_LINE = "quiz: command exited with status";

    /**
     * One form: what becomes of a kernel line, given its printk timestamp and message, and of
     * a line of program output.
     */
    private record Form(String name, BinaryOperator<String> kernelLine, UnaryOperator<String> programLine) {
        static Form keepingProgramOutput(String name, BinaryOperator<String> kernelLine) {
            return new Form(name, kernelLine, line -> line);
        }

        List<String> apply(List<String> console) {
            return console.stream().map(line -> {
                Matcher m = STAMPED.matcher(line);
                return m.matches() ? kernelLine.apply(m.group(1), m.group(2)) : programLine.apply(line);
            }).toList();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Form> FORMS = List.of(
            Form.keepingProgramOutput("printk.time=0", (time, message) -> message),
            Form.keepingProgramOutput("dmesg -T", (time, message) -> "[Sun Nov 22 07:00:00 2026] " + message),
            new Form("syslog", (time, message) -> "Nov 22 07:00:00 host kernel: " + message,
                    line -> "Nov 22 07:00:00 host sh[79]: " + line),
            new Form("syslog with printk time", (time, message) -> "Nov 22 07:00:00 host kernel: " + time + " " + message,
                    line -> "Nov 22 07:00:00 host sh[79]: " + line),
            new Form("journal, short-precise", (time, message) -> "Nov 22 07:00:00.123456 host kernel: " + message,
                    line -> "Nov 22 07:00:00.123456 host sh[79]: " + line),
            new Form("journal, short-iso", (time, message) -> "2026-11-22T07:00:00+0000 host kernel: " + message,
                    line -> "2026-11-22T07:00:00+0000 host sh[79]: " + line),
            new Form("busybox syslogd", (time, message) -> "Nov 22 07:00:00 host kern.warn kernel: " + time + " " + message,
                    line -> "Nov 22 07:00:00 host user.notice root: " + line),
            Form.keepingProgramOutput("dmesg -r", (time, message) -> "<4>" + time + " " + message),
            Form.keepingProgramOutput("dmesg -r -t", (time, message) -> "<4>" + message),
            Form.keepingProgramOutput("/dev/kmsg", (time, message) -> "4,1234,5678901,-;" + message),
            Form.keepingProgramOutput("dmesg -x", (time, message) -> "kern  :warn  : " + time + " " + message),
            new Form("CRLF, printk.time=0", (time, message) -> message + "\r", line -> line + "\r"),
            Form.keepingProgramOutput("dmesg --color=always",
                    (time, message) -> "\u001B[32m" + time + "\u001B[0m \u001B[1;31m" + message + "\u001B[0m"),
            Form.keepingProgramOutput("colour, printk.time=0", (time, message) -> "\u001B[1;31m" + message + "\u001B[0m"),
            Form.keepingProgramOutput("program output before each kernel line",
                    (time, message) -> "some output" + time + " " + message));

    private record Failing(String fixture, Verdict verdict, String header) {
        @Override
        public String toString() {
            return fixture;
        }
    }

    private static final List<Failing> FAILING = List.of(
            new Failing("quiztest-oops.log", Verdict.OOPS, "BUG: kernel NULL pointer dereference, address: 0000000000000008"),
            new Failing("quiztest-bug.log", Verdict.OOPS,
                    "kernel BUG at /tmp/junit-5967604557142702873/quiztest/quiztest.c:66!"),
            new Failing("quiztest-panic.log", Verdict.PANIC, "Kernel panic - not syncing: quiztest: panic on request"),
            new Failing("sysrq-panic.log", Verdict.PANIC, "Kernel panic - not syncing: sysrq triggered crash"),
            new Failing("quiztest-verify.log", Verdict.ASSERT, "VERIFY3(quiztest_value == 42) failed (41 == 42)"),
            new Failing("quiztest-hung.log", Verdict.HANG, "INFO: task sh:79 blocked for more than 3 seconds."),
            new Failing("quiztest-softlockup.log", Verdict.HANG, "watchdog: BUG: soft lockup - CPU#1 stuck for 5s! [sh:79]"),
            new Failing("quiztest-arm64-oops.log", Verdict.OOPS,
                    "Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008"),
            new Failing("quiztest-arm64-bug.log", Verdict.OOPS, "kernel BUG at /tmp/arm-rec/quiztest/quiztest.c:66!"),
            new Failing("quiztest-arm64-panic.log", Verdict.PANIC, "Kernel panic - not syncing: quiztest: panic on request"),
            new Failing("quiztest-arm64-verify.log", Verdict.ASSERT, "VERIFY3(quiztest_value == 42) failed (41 == 42)"),
            new Failing("quiztest-arm64-hung.log", Verdict.HANG, "INFO: task sh:37 blocked for more than 3 seconds."),
            new Failing("quiztest-arm64-softlockup.log", Verdict.HANG,
                    "watchdog: BUG: soft lockup - CPU#1 stuck for 5s! [sh:37]"));

    private static final List<String> RECORDED = List.of("quiztest-oops.log", "quiztest-bug.log", "quiztest-panic.log",
            "sysrq-panic.log", "quiztest-verify.log", "quiztest-hung.log", "quiztest-softlockup.log", "quiztest-ok.log",
            "quiztest-warn.log", "quiztest-arm64-oops.log", "quiztest-arm64-bug.log", "quiztest-arm64-panic.log",
            "quiztest-arm64-verify.log", "quiztest-arm64-hung.log", "quiztest-arm64-softlockup.log",
            "quiztest-arm64-ok.log", "quiztest-arm64-warn.log");

    private static List<String> recorded(String fixture) throws IOException {
        return ConsoleAnalyzerTest.fixture(fixture).lines().toList();
    }

    static Stream<Arguments> failingConsolesInEveryForm() {
        return FAILING.stream().flatMap(f -> FORMS.stream().map(form -> Arguments.of(f, form)));
    }

    static Stream<Arguments> consolesWithAFailingReportInEveryForm() {
        return inEveryForm(RECORDED.stream().filter(fixture -> judged(fixture).report().isPresent()));
    }

    static Stream<Arguments> consolesWithoutAFailingReportInEveryForm() {
        return inEveryForm(RECORDED.stream().filter(fixture -> judged(fixture).report().isEmpty()));
    }

    private static Stream<Arguments> inEveryForm(Stream<String> fixtures) {
        return fixtures.flatMap(fixture -> FORMS.stream().map(form -> Arguments.of(fixture, form)));
    }

    private static Outcome judged(String fixture) {
        try {
            return SavedConsole.judge(recorded(fixture)).outcome();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("failingConsolesInEveryForm")
    void theReportIsFoundWithItsHeaderLine(Failing failing, Form form) throws IOException {
        Outcome outcome = SavedConsole.judge(form.apply(recorded(failing.fixture()))).outcome();
        assertEquals(failing.verdict(), outcome.verdict(), outcome.reason());
        KernelReport report = outcome.report().orElseThrow();
        assertEquals(failing.header(), report.header());
        assertEquals(failing.header(), report.excerpt().get(0));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("consolesWithAFailingReportInEveryForm")
    void aLogWithAFailingReportIsNeverPass(String fixture, Form form) throws IOException {
        Outcome original = judged(fixture);
        Outcome transformed = SavedConsole.judge(form.apply(recorded(fixture))).outcome();
        assertNotEquals(Verdict.PASS, transformed.verdict(), transformed.reason());
        assertEquals(original.verdict(), transformed.verdict(), transformed.reason());
        assertEquals(original.report().orElseThrow().header(), transformed.report().orElseThrow().header());
        assertEquals(original.moreReports(), transformed.moreReports());
    }

    @ParameterizedTest(name = "{0} as {1}, without its exit line")
    @MethodSource("consolesWithoutAFailingReportInEveryForm")
    void aLogWithNoReportAndNoExitLineHasNoVerdict(String fixture, Form form) throws IOException {
        List<String> withoutExit = recorded(fixture).stream().filter(line -> !line.startsWith(EXIT_LINE)).toList();
        Outcome outcome = SavedConsole.judge(form.apply(withoutExit)).outcome();
        assertEquals(Verdict.NO_VERDICT, outcome.verdict(), outcome.reason());
        assertEquals(123, outcome.exitCode());
        assertEquals(judged(fixture).warnings().stream().map(KernelReport::header).toList(),
                outcome.warnings().stream().map(KernelReport::header).toList(), "warnings are kept");
    }
}
