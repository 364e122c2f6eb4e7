package dev.quiz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/** Every command, however deep, answers --help and -h with its usage and exit code 0. */
class HelpTest {
    @TestFactory
    Stream<DynamicTest> everyCommandAnswersHelp() {
        List<String[]> paths = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), paths);
        assertTrue(paths.size() > 20, "commands found: " + paths.size());
        return paths.stream().flatMap(path -> Stream.of("--help", "-h").map(flag -> DynamicTest.dynamicTest(
                "quiz " + String.join(" ", path) + " " + flag, () -> {
                    CommandLine cl = Main.commandLine();
                    StringWriter out = new StringWriter();
                    StringWriter err = new StringWriter();
                    cl.setOut(new PrintWriter(out));
                    cl.setErr(new PrintWriter(err));
                    List<String> args = new ArrayList<>(List.of(path));
                    args.add(flag);
                    int exit = cl.execute(args.toArray(String[]::new));
                    String usage = "Usage: quiz" + (path.length == 0 ? "" : " " + String.join(" ", path));
                    assertEquals(0, exit, err.toString());
                    assertTrue(out.toString().contains(usage + " "), "usage of " + String.join(" ", path) + ":\n" + out);
                    assertEquals("", err.toString());
                })));
    }

    /**
     * picocli wraps each description line to the terminal's width, so a line broken by hand in the
     * source prints as a long line and a stray word under it: each line is a whole paragraph,
     * ending as a sentence or a list's lead-in does, or an indented example.
     */
    @TestFactory
    Stream<DynamicTest> descriptionsAreWholeParagraphs() {
        List<String[]> paths = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), paths);
        return paths.stream().map(path -> DynamicTest.dynamicTest("quiz " + String.join(" ", path), () -> {
            CommandLine cl = Main.commandLine();
            for (String name : path) {
                cl = cl.getSubcommands().get(name);
            }
            for (String line : cl.getCommandSpec().usageMessage().description()) {
                assertTrue(line.isEmpty() || line.startsWith("  ") || line.matches("(?s).*[.:)](%n)?"),
                        "quiz " + String.join(" ", path) + ": a description line broken mid-sentence: " + line);
            }
        }));
    }

    /** The path of every command and subcommand, the top level included, hidden ones too. */
    private static void collect(CommandLine command, List<String> path, List<String[]> into) {
        into.add(path.toArray(String[]::new));
        command.getSubcommands().forEach((name, sub) -> {
            // Aliases name the same command twice; the help command is picocli's own.
            if (sub.getCommandName().equals(name)) {
                List<String> deeper = new ArrayList<>(path);
                deeper.add(name);
                collect(sub, deeper, into);
            }
        });
    }
}
