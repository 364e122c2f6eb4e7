package dev.quiz.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A git checkout, as quiz asks about it: git itself answers, under a time limit, so a git that
 * hangs (a stale NFS mount, a prompt) fails instead, as does one interrupted (the interrupt is
 * kept for the caller to see). Only the checked-out branch and whether git is busy are read from
 * files: a watcher polls them.
 */
public final class Git {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path top;
    private final Path gitDir;

    private Git(Path top, Path gitDir) {
        this.top = top;
        this.gitDir = gitDir;
    }

    /** The checkout {@code dir} is in, if any. */
    public static Optional<Git> at(Path dir) {
        ChildProcess.Captured r = run(dir, "", List.of("rev-parse", "--show-toplevel", "--absolute-git-dir"));
        List<String> lines = r.stdout().lines().toList();
        if (!r.ok() || lines.size() != 2) {
            return Optional.empty();
        }
        return Optional.of(new Git(Path.of(lines.get(0)), Path.of(lines.get(1))));
    }

    /** Runs {@code git -C dir ARGS} with {@code input} on its stdin. */
    public static ChildProcess.Captured run(Path dir, String input, List<String> args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(args);
        try {
            return ChildProcess.capture(ChildProcess.Spec.of(command).withInput(input)
                    .withEnvironment(Map.of("GIT_TERMINAL_PROMPT", "0", "LC_ALL", "C")), TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ChildProcess.Captured(-1, "", "interrupted", false);
        }
    }

    /** What git printed in the checkout's top, stripped, when it succeeded and printed something. */
    public Optional<String> output(String... args) {
        ChildProcess.Captured r = run(top, "", List.of(args));
        String out = r.stdout().strip();
        return r.ok() && !out.isEmpty() ? Optional.of(out) : Optional.empty();
    }

    public Path top() {
        return top;
    }

    /** The index: git rewrites it for every add, commit and checkout. */
    public Path index() {
        return gitDir.resolve("index");
    }

    /** The branch checked out, empty on a detached HEAD. */
    public Optional<String> branch() {
        try {
            String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).strip();
            return head.startsWith("ref: refs/heads/") ? Optional.of(head.substring("ref: refs/heads/".length()))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** git is writing its index (checkout, commit, rebase): its changes are not all on disk yet. */
    public boolean busy() {
        return Files.exists(gitDir.resolve("index.lock"));
    }

    public Optional<String> config(String key) {
        return output("config", "--get", key);
    }

    /** Sets a config value; the failure, when git refuses. */
    public Optional<String> setConfig(String key, String value) {
        ChildProcess.Captured r = run(top, "", List.of("config", key, value));
        return r.ok() ? Optional.empty() : Optional.of(r.failure());
    }

    public Path hooksDir() {
        Path hooks = output("rev-parse", "--git-path", "hooks").map(Path::of).orElse(gitDir.resolve("hooks"));
        return hooks.isAbsolute() ? hooks : top.resolve(hooks);
    }

    /** Whether files git tracks differ from the last commit. */
    public boolean uncommittedChanges() {
        return output("status", "--porcelain", "--untracked-files=no").isPresent();
    }
}
