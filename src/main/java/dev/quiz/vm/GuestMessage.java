package dev.quiz.vm;

import java.util.Optional;

/** One line the guest init sent over the status port. */
public record GuestMessage(Kind kind, String argument) {

    public enum Kind {
        /** The kernel has booted; the init waits for the run's files (a VM may be saved now). */
        BOOTED,
        /** Stage 2 is running: the root is mounted and modules are indexed. */
        UP,
        /** The guest waits for the host's go before running the command. */
        WAITING,
        /** The command (or test) starts now. */
        START,
        /** The command ended; the argument is its exit status. */
        EXIT,
        /** An interactive shell starts. */
        SHELL,
        /** The guest could not be set up; the argument says why. */
        BOOT_FAILED,
        /** The profile's setup script failed; the argument is its status. */
        SETUP_FAILED,
        /** The guest reached a point of its init; the argument is its name and the guest's uptime then. */
        MARK
    }

    public static Optional<GuestMessage> parse(String line) {
        if (!line.startsWith("quiz:")) {
            return Optional.empty();
        }
        String body = line.substring(5).strip();
        int space = body.indexOf(' ');
        String word = space < 0 ? body : body.substring(0, space);
        String argument = space < 0 ? "" : body.substring(space + 1).strip();
        Kind kind = switch (word) {
            case "booted" -> Kind.BOOTED;
            case "up" -> Kind.UP;
            case "waiting" -> Kind.WAITING;
            case "start" -> Kind.START;
            case "exit" -> Kind.EXIT;
            case "shell" -> Kind.SHELL;
            case "boot-failed" -> Kind.BOOT_FAILED;
            case "setup-failed" -> Kind.SETUP_FAILED;
            case "mark" -> Kind.MARK;
            default -> null;
        };
        return kind == null ? Optional.empty() : Optional.of(new GuestMessage(kind, argument));
    }

    /** The exit status of an EXIT or SETUP_FAILED message. */
    public int status() {
        try {
            return Integer.parseInt(argument);
        } catch (NumberFormatException e) {
            return 255;
        }
    }
}
