package dev.quiz.cli;

import dev.quiz.analysis.SavedConsole;
import dev.quiz.analysis.Taints;
import dev.quiz.model.Event;
import dev.quiz.model.EventSink;
import dev.quiz.model.RunResult;
import dev.quiz.report.FileReports;
import dev.quiz.report.TerminalReporter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "analyze",
        description = {
            "Re-read a saved console log, from quiz or elsewhere, and print the same verdict, excerpt and counts.",
            "Kernel logs are read with or without printk timestamps, from dmesg (-T, -r, -x), /dev/kmsg, syslog"
                    + " or the journal. A quiz log carries the command's exit status; for other logs the verdict comes "
                    + "from the kernel's reports alone, and a log with neither gets NO VERDICT (123).",
            "",
            "Examples:",
            "  quiz analyze ~/.cache/quiz/runs/0002/console.log",
            "  dmesg | quiz analyze -"})
final class AnalyzeCommand implements Callable<Integer> {
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
        List<String> lines;
        try (BufferedReader in = file.equals("-")
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : open(Path.of(file))) {
            lines = in.lines().toList();
        }
        SavedConsole console = SavedConsole.judge(lines);
        RunResult result = new RunResult(0, Instant.now(), "analyze " + file, "", "", "", "", Map.of(), console.outcome(),
                file.equals("-") ? Optional.empty() : Optional.of(Path.of(file).toAbsolutePath()), Optional.empty(),
                Optional.empty(), console.tests(), Taints.describe(console.taints()), List.of(), Optional.empty());
        EventSink sink = EventSink.all(List.of(new TerminalReporter(System.out, color.style(), false, false),
                new FileReports(Optional.ofNullable(jsonReport), Optional.ofNullable(junitReport), Optional.empty(), Optional.empty())));
        sink.emit(new Event.Finished(result));
        return console.outcome().exitCode();
    }

    private static BufferedReader open(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new UserError(path + ": no such file");
        }
        return Files.newBufferedReader(path, StandardCharsets.ISO_8859_1);
    }
}
