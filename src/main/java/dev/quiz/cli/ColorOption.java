package dev.quiz.cli;

import dev.quiz.report.Style;
import picocli.CommandLine.Option;

/** {@code --color}, shared by every command that prints verdicts or progress. */
final class ColorOption {
    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour output: auto (only on a terminal, and never with NO_COLOR set), always or never.")
    String when;

    Style style() {
        Style.Mode mode = switch (when) {
            case "auto" -> Style.Mode.AUTO;
            case "always" -> Style.Mode.ALWAYS;
            case "never" -> Style.Mode.NEVER;
            default -> throw new UserError("--color " + when + ": use auto, always or never");
        };
        return Style.detect(mode, System.getenv());
    }
}
