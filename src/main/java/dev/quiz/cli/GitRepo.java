package dev.quiz.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The few git questions the hooks ask, answered by git itself. */
final class GitRepo {
    private GitRepo() {
    }

    static Optional<String> git(Path dir, String... args) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
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
        return git(tree, "symbolic-ref", "--short", "HEAD");
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
