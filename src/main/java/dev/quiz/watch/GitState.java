package dev.quiz.watch;

import dev.quiz.exec.ChildProcess;
import dev.quiz.exec.Git;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What git knows about a watched tree: the branch (read from HEAD, which is polled, since the
 * watcher does not look inside .git) and whether git is busy (index.lock). A tree that is not a
 * git checkout has no branch.
 */
public final class GitState {
    private final Path tree;
    private final Optional<Path> gitDir;

    private GitState(Path tree, Optional<Path> gitDir) {
        this.tree = tree;
        this.gitDir = gitDir;
    }

    public static GitState of(Path tree) {
        List<String> out = git(tree, List.of("rev-parse", "--absolute-git-dir"), null);
        Optional<Path> dir = out.size() == 1 && Files.isDirectory(Path.of(out.get(0)))
                ? Optional.of(Path.of(out.get(0))) : Optional.empty();
        return new GitState(tree, dir);
    }

    /** The current branch, "detached" for a detached HEAD, or empty outside git. */
    public Optional<String> branch() {
        if (gitDir.isEmpty()) {
            return Optional.empty();
        }
        try {
            String head = Files.readString(gitDir.get().resolve("HEAD"), StandardCharsets.UTF_8).strip();
            return Optional.of(branchOf(head));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String branchOf(String head) {
        return head.startsWith("ref: refs/heads/") ? head.substring("ref: refs/heads/".length())
                : head.startsWith("ref: ") ? head.substring(5) : "detached";
    }

    /** git is writing its index (checkout, commit, rebase): wait rather than build a half-switched tree. */
    public boolean busy() {
        return gitDir.map(d -> Files.exists(d.resolve("index.lock"))).orElse(false);
    }

    /** Runs git in the tree; its output split on newlines or NULs, empty on any failure. */
    static List<String> git(Path tree, List<String> args, String stdin) {
        try {
            ChildProcess.Captured r = Git.run(tree, stdin == null ? "" : stdin, args);
            if (!r.ok()) {
                return List.of();
            }
            List<String> lines = new ArrayList<>();
            for (String s : r.stdout().split("[\n\0]")) {
                if (!s.isEmpty()) {
                    lines.add(s);
                }
            }
            return lines;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
