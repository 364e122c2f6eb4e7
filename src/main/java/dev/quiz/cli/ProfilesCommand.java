package dev.quiz.cli;

import dev.quiz.exec.Git;
import dev.quiz.profile.Profile;
import dev.quiz.profile.ProfileException;
import dev.quiz.profile.ProfileKey;
import dev.quiz.profile.ProfileKeys;
import dev.quiz.profile.ProfileLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "profiles",
        description = {"List the profiles quiz finds, show one resolved, or choose the current branch's.",
            "They come from the tree's .quiz/profiles, ~/.config/quiz/profiles, and the shipped ones."},
        subcommands = {ProfilesCommand.Show.class, ProfilesCommand.Use.class})
final class ProfilesCommand implements Callable<Integer> {
    @Override
    public Integer call() throws IOException {
        ProfileLoader loader = Profiles.loader(Path.of("").toAbsolutePath());
        for (Map.Entry<String, String> e : loader.available().entrySet()) {
            String description;
            try {
                description = loader.load(e.getKey()).description();
            } catch (ProfileException ex) {
                description = "BROKEN: " + ex.getMessage();
            }
            System.out.printf("%-14s %s%n%-14s   %s%n", e.getKey(), description, "", e.getValue());
        }
        return 0;
    }

    @Command(name = "show", description = "Print a profile as quiz resolves it (with what it extends).")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            lines(Profiles.load(name, Path.of("").toAbsolutePath())).forEach(System.out::println);
            return 0;
        }

        /** What quiz profiles show prints for a profile, line by line: what it is, then each key. */
        static List<String> lines(Profile p) {
            List<String> lines = new ArrayList<>();
            lines.add("name        = " + p.name());
            lines.add("description = " + p.description());
            lines.add("source      = " + p.source());
            for (ProfileKey<?> key : ProfileKeys.ALL) {
                lines.addAll(key.show(p));
            }
            return lines;
        }
    }

    @Command(name = "use", description = "Make NAME the current branch's profile (git config branch.BRANCH.quizProfile).")
    static final class Use implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Path tree = Path.of("").toAbsolutePath();
            Profiles.load(name, tree);
            Git git = Host.git(tree);
            String b = git.branch().orElseThrow(() -> new UserError(
                    "not on a git branch here: quiz profiles use sets git config branch.BRANCH.quizProfile"));
            git.setConfig("branch." + b + ".quizProfile", name).ifPresent(failure -> {
                throw new UserError("git config " + failure);
            });
            System.out.println("quiz: branch " + b + " now uses profile " + name);
            return 0;
        }
    }
}
