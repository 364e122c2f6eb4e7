package dev.quiz.cli;

import dev.quiz.analysis.Verdict;
import dev.quiz.report.Json;
import dev.quiz.report.Style;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "history", description = "List recent runs with their verdicts (from $QUIZ_HOME/history.jsonl).")
final class HistoryCommand implements Callable<Integer> {
    @Mixin
    ColorOption color;

    @Option(names = {"-n", "--count"}, defaultValue = "20", paramLabel = "N", description = "How many runs (default: ${DEFAULT-VALUE}).")
    int count;

    @Override
    public Integer call() throws IOException {
        Style style = color.style();
        Path history = Host.store().history();
        if (!Files.isRegularFile(history)) {
            System.out.println("quiz: no runs yet");
            return 0;
        }
        List<String> lines = Files.readAllLines(history, java.nio.charset.StandardCharsets.UTF_8);
        List<Map<?, ?>> runs = new ArrayList<>();
        for (int i = Math.max(0, lines.size() - count); i < lines.size(); i++) {
            try {
                if (Json.parse(lines.get(i)) instanceof Map<?, ?> m) {
                    runs.add(m);
                    continue;
                }
            } catch (IllegalArgumentException e) {
                // below
            }
            // A line cut short, as a crash in the middle of an append leaves it.
            System.err.println("quiz: " + history + ":" + (i + 1) + ": not a run record, skipped");
        }
        for (Map<?, ?> run : runs) {
            String verdictName = String.valueOf(run.get("verdict"));
            String verdict;
            try {
                verdict = style.verdict(Verdict.valueOf(verdictName));
            } catch (IllegalArgumentException e) {
                verdict = verdictName;
            }
            String started = String.valueOf(run.get("started"));
            System.out.printf("#%-5s %s  %-12s %s%s%n", run.get("id"),
                    started.length() >= 19 ? started.substring(0, 19).replace('T', ' ') : started,
                    verdict, run.get("command"),
                    "none".equals(run.get("profile")) || "".equals(run.get("profile")) ? ""
                            : "  [" + run.get("profile") + "]");
        }
        return 0;
    }
}
