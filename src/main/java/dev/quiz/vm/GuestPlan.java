package dev.quiz.vm;

import java.util.List;
import java.util.Map;

/**
 * What the guest does once booted: the profile's setup script, the command, whether an
 * interactive shell follows, and whether it waits for the host's "go" before the command.
 */
public record GuestPlan(
        String setupScript,
        String commandScript,
        boolean shell,
        boolean waitForGo,
        Map<String, String> environment,
        int terminalRows,
        int terminalColumns) {

    public GuestPlan {
        environment = Map.copyOf(environment);
    }

    /**
     * The script for a command given as arguments. One argument is a shell command line
     * ({@code quiz run 'make check && dmesg'}); several are run as they are, each word quoted.
     */
    public static String commandScript(List<String> argv) {
        if (argv.isEmpty()) {
            return "";
        }
        if (argv.size() == 1) {
            return argv.get(0) + "\n";
        }
        StringBuilder sb = new StringBuilder("exec");
        for (String arg : argv) {
            sb.append(' ').append(shellQuote(arg));
        }
        return sb.append('\n').toString();
    }

    public static String shellQuote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
