package dev.quiz.analysis;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A console log judged after the fact, read whole: quiz's own console.log, which records the
 * command's exit status, or a kernel log from elsewhere (dmesg, the journal, syslog, a serial
 * capture), judged by the kernel's reports alone.
 */
public record SavedConsole(Outcome outcome, List<TestCase> tests, SortedSet<Character> taints) {
    private static final Pattern EXIT_LINE = Pattern.compile("^quiz: command exited with status (\\d{1,3})$");

    public SavedConsole {
        tests = List.copyOf(tests);
        taints = Collections.unmodifiableSortedSet(new TreeSet<>(taints));
    }

    public static SavedConsole judge(List<String> lines) {
        ConsoleAnalyzer analyzer = ConsoleAnalyzer.forSavedLog(lines);
        TestOutput tests = new TestOutput();
        Optional<Integer> status = Optional.empty();
        for (String line : lines) {
            analyzer.accept(line);
            tests.accept(line);
            if (status.isEmpty()) {
                status = exitStatus(line);
            }
        }
        Outcome outcome = Verdicts.decideSavedLog(status, analyzer.finish());
        return new SavedConsole(outcome, tests.tests(), analyzer.taints());
    }

    private static Optional<Integer> exitStatus(String line) {
        Matcher m = EXIT_LINE.matcher(ConsoleLine.of(line).text().strip());
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }
}
