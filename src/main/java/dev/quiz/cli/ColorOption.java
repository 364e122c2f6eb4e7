package dev.quiz.cli;

import dev.quiz.report.Style;
import picocli.CommandLine.Option;

/** {@code --color}, shared by every command that prints verdicts or progress. */
final class ColorOption {
    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour output: auto (only on a terminal, and never with NO_COLOR set), always or never.")
    Style.Mode when;

    Style style() {
        return Style.detect(when, System.getenv());
    }
}
