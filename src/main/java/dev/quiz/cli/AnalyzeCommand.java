package dev.quiz.cli;

import dev.quiz.analysis.ConsoleAnalyzer;
import dev.quiz.analysis.Outcome;
import dev.quiz.analysis.Taints;
import dev.quiz.analysis.TestOutput;
import dev.quiz.analysis.Verdict;
import dev.quiz.analysis.Verdicts;
import dev.quiz.report.EventSink;
import dev.quiz.report.Event;
import dev.quiz.report.FileReports;
import dev.quiz.report.RunResult;
import dev.quiz.report.TerminalReporter;
import dev.quiz.vm.VmExit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "analyze",
        description = {
            "Re-read a saved console log, from quiz or elsewhere, and print the same verdict, excerpt and counts.",
            "A quiz log carries the command's exit status; for other logs the verdict comes from the kernel's",
            "reports alone.",
            "",
            "Examples:",
            "  quiz analyze ~/.cache/quiz/runs/0002/console.log",
            "  dmesg | quiz analyze -"})
final class AnalyzeCommand implements Callable<Integer> {
    private static final Pattern EXIT_LINE = Pattern.compile("^quiz: command exited with status (\\d+)$");

    @Mixin
    ColorOption color;

    @Parameters(paramLabel = "FILE", description = "The console log, or - for standard input.")
    String file;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Also write the result as JSON.")
    Path jsonReport;

    @Option(names = "--junit", paramLabel = "FILE.xml", description = "Also write JUnit XML.")
    Path junitReport;

    @Override
    public Integer call() throws IOException {
        ConsoleAnalyzer analyzer = new ConsoleAnalyzer();
        TestOutput tests = new TestOutput();
        Integer status = null;
        try (BufferedReader in = file.equals("-")
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : open(Path.of(file))) {
            String line;
            while ((line = in.readLine()) != null) {
                analyzer.accept(line);
                tests.accept(line);
                Matcher m = EXIT_LINE.matcher(line.strip());
                if (m.matches() && status == null) {
                    status = Integer.parseInt(m.group(1));
                }
            }
        }
        VmExit exit = new VmExit(VmExit.End.QEMU_EXITED, 0, Optional.ofNullable(status), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(Duration.ZERO), Duration.ZERO,
                Path.of(file.equals("-") ? "(stdin)" : file));
        Outcome outcome = Verdicts.decide(exit, analyzer.finish(), Verdicts.Policy.DEFAULT);
        if (status == null && !outcome.verdict().kernelCrash()) {
            // A log from elsewhere: without an exit status, the kernel's reports are all there is to judge.
            outcome = new Outcome(Verdict.PASS, "no kernel crash in the log (it records no exit status)", 0,
                    outcome.report(), outcome.moreReports(), outcome.warnings());
        }
        RunResult result = new RunResult(0, Instant.now(), "analyze " + file, "", "", "", Map.of(), outcome,
                file.equals("-") ? Optional.empty() : Optional.of(Path.of(file).toAbsolutePath()), Optional.empty(),
                Optional.empty(), tests.tests(), Taints.describe(analyzer.taints()));
        EventSink sink = EventSink.all(List.of(new TerminalReporter(System.out, color.style(), false, false),
                new FileReports(Optional.ofNullable(jsonReport), Optional.ofNullable(junitReport), Optional.empty(), Optional.empty())));
        sink.emit(new Event.Finished(result));
        return outcome.exitCode();
    }

    private static BufferedReader open(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new UserError(path + ": no such file");
        }
        return Files.newBufferedReader(path, StandardCharsets.ISO_8859_1);
    }
}
