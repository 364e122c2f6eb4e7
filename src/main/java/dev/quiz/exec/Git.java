package dev.quiz.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** git, run in a directory with a time limit: a git that hangs (a stale NFS mount, a prompt) fails instead. */
public final class Git {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Git() {
    }

    /** Runs {@code git -C dir ARGS} with {@code input} on its stdin. */
    public static ChildProcess.Captured run(Path dir, String input, List<String> args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(args);
        return ChildProcess.capture(ChildProcess.Spec.of(command).withInput(input)
                .withEnvironment(java.util.Map.of("GIT_TERMINAL_PROMPT", "0", "LC_ALL", "C")), TIMEOUT);
    }

    /** What git printed, stripped, when it succeeded and printed something. */
    public static Optional<String> output(Path dir, String... args) throws InterruptedException {
        ChildProcess.Captured r = run(dir, "", List.of(args));
        String out = r.stdout().strip();
        return r.ok() && !out.isEmpty() ? Optional.of(out) : Optional.empty();
    }

    /** The branch checked out in {@code dir}, empty on a detached HEAD or outside git. */
    public static Optional<String> branch(Path dir) throws InterruptedException {
        return output(dir, "symbolic-ref", "--short", "-q", "HEAD");
    }
}
