package dev.quiz.cli;

import dev.quiz.vm.GuestPlan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "hooks",
        description = {
            "Install quiz's git hooks into a repository, or take them out again.",
            "post-commit, post-checkout and post-merge test the new HEAD in the background (or ask a running "
                    + "quiz watch for a cycle); pre-push runs the branch's profile and blocks the push on anything but "
                    + "PASS (git push --no-verify skips it). A hook that was already there keeps running, first."},
        subcommands = {HooksCommand.Install.class, HooksCommand.Uninstall.class})
final class HooksCommand implements Runnable {
    static final List<String> HOOKS = List.of("post-commit", "post-checkout", "post-merge", "pre-push");
    static final String MARK = "# installed by quiz hooks install";
    static final String CHAINED = ".quiz-chained";

    @Override
    public void run() {
        throw new UserError("say what to do: quiz hooks install, or quiz hooks uninstall");
    }

    /** {@code --repo}, for install and uninstall alike. */
    static final class Repo {
        @Option(names = "--repo", paramLabel = "DIR", description = "The repository. Default: the current directory's.")
        Path dir;

        /** The hooks directory of --repo, or of the current directory's repository. */
        Path hooksDir() {
            return Host.git(dir != null ? dir.toAbsolutePath() : Path.of("").toAbsolutePath()).hooksDir();
        }
    }

    static boolean ours(Path hook) throws IOException {
        return Files.isRegularFile(hook) && Files.readString(hook, StandardCharsets.ISO_8859_1).contains(MARK);
    }

    static String script() throws IOException {
        try (InputStream in = HooksCommand.class.getResourceAsStream("/quiz/hooks/quiz-hook")) {
            String quiz = String.join(" ", Host.selfCommand().stream().map(GuestPlan::shellQuote).toList());
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@QUIZ@", quiz);
        }
    }

    @Command(name = "install", description = "Install the hooks; an existing hook is kept as HOOK.quiz-chained and runs first.")
    static final class Install implements Callable<Integer> {
        @Mixin
        Repo repo;

        @Override
        public Integer call() throws IOException {
            Path dir = repo.hooksDir();
            Files.createDirectories(dir);
            String script = script();
            for (String name : HOOKS) {
                Path hook = dir.resolve(name);
                Path chained = dir.resolve(name + CHAINED);
                if (Files.exists(hook) && !ours(hook)) {
                    if (Files.exists(chained)) {
                        throw new UserError(chained + " already exists: move one of " + hook + " and " + chained + " away");
                    }
                    Files.move(hook, chained);
                    System.out.println("quiz: kept your " + name + " hook as " + chained + "; it runs first");
                }
                Files.writeString(hook, script);
                Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            System.out.println("quiz: installed " + String.join(", ", HOOKS) + " into " + dir);
            return 0;
        }
    }

    @Command(name = "uninstall", description = "Remove quiz's hooks and put back the ones they replaced, byte for byte.")
    static final class Uninstall implements Callable<Integer> {
        @Mixin
        Repo repo;

        @Override
        public Integer call() throws IOException {
            Path dir = repo.hooksDir();
            for (String name : HOOKS) {
                Path hook = dir.resolve(name);
                Path chained = dir.resolve(name + CHAINED);
                if (ours(hook)) {
                    Files.delete(hook);
                }
                if (Files.exists(chained) && !Files.exists(hook)) {
                    Files.move(chained, hook);
                }
            }
            System.out.println("quiz: removed quiz's hooks from " + dir);
            return 0;
        }
    }
}
