package dev.quiz.cli;

import dev.quiz.watch.Keys;

/** The controlling terminal's rows and columns, so an interactive guest shell wraps lines correctly. */
final class TerminalSize {
    private TerminalSize() {
    }

    /** {rows, columns}, or {0, 0} when there is no terminal: the guest keeps its default size. */
    static int[] probe() {
        String out = Keys.stty("size");
        if (out != null && out.matches("\\d+ \\d+")) {
            String[] parts = out.split(" ");
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        }
        return new int[] {0, 0};
    }
}
