package dev.quiz.cli;

import dev.quiz.exec.Git;
import java.nio.file.Path;
import java.util.Optional;

/** The few git questions the hooks ask, answered by git itself. */
final class GitRepo {
    private GitRepo() {
    }

    static Optional<String> git(Path dir, String... args) {
        try {
            return Git.output(dir, args);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static Path topLevel(Path dir) {
        return git(dir, "rev-parse", "--show-toplevel").map(Path::of)
                .orElseThrow(() -> new UserError(dir + " is not in a git repository"));
    }

    static Optional<String> branch(Path tree) {
        return git(tree, "symbolic-ref", "--short", "-q", "HEAD");
    }

    static Optional<String> branchProfile(Path tree, String branch) {
        return git(tree, "config", "--get", "branch." + branch + ".quizProfile");
    }

    static Path hooksDir(Path tree) {
        Path hooks = git(tree, "rev-parse", "--git-path", "hooks").map(Path::of)
                .orElseThrow(() -> new UserError(tree + " is not in a git repository"));
        return hooks.isAbsolute() ? hooks : tree.resolve(hooks);
    }
}
