package dev.quiz.cli;

import dev.quiz.exec.Git;
import dev.quiz.profile.Profile;
import dev.quiz.profile.ProfileException;
import dev.quiz.profile.ProfileLoader;
import dev.quiz.profile.Units;
import java.io.IOException;
import java.nio.file.Path;
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
            Profile p = Profiles.load(name, Path.of("").toAbsolutePath());
            System.out.println("name        = " + p.name());
            System.out.println("description = " + p.description());
            System.out.println("source      = " + p.source());
            printList("watch.include", p.watch().include());
            printList("watch.exclude", p.watch().exclude());
            p.kernel().ifPresent(k -> System.out.println("vm.kernel   = " + k));
            p.accel().ifPresent(a -> System.out.println("vm.accel    = " + a));
            p.memoryBytes().ifPresent(m -> System.out.println("vm.memory   = " + Units.formatSize(m)));
            p.cpus().ifPresent(c -> System.out.println("vm.cpus     = " + c));
            p.disks().ifPresent(d -> System.out.println("vm.disks    = " + d.count() + " x " + Units.formatSize(d.sizeBytes())));
            printList("vm.append  ", p.kernelArgs());
            p.timeout().ifPresent(t -> System.out.println("guest.timeout = " + t.toSeconds() + "s"));
            p.environment().forEach((k, v) -> System.out.println("guest.env." + k + " = " + v));
            p.debugBuild().ifPresent(d -> System.out.println("build.debug = " + d));
            printList("build.configure_args", p.configureArgs());
            printList("build.targets", p.makeTargets());
            p.jobs().ifPresent(j -> System.out.println("build.jobs = " + j));
            p.userlandUsesModule().ifPresent(u -> System.out.println("build.userland_uses_module = " + u));
            p.failOnWarning().ifPresent(f -> System.out.println("verdict.fail_on_warning = " + f));
            p.silence().ifPresent(s -> System.out.println("verdict.silence = " + s.toSeconds() + "s"));
            System.out.println("guest.setup:\n" + indent(p.setup()));
            p.test().ifPresent(t -> System.out.println("guest.test:\n" + indent(t)));
            return 0;
        }

        private static void printList(String key, java.util.List<String> values) {
            if (!values.isEmpty()) {
                System.out.println(key + " = " + String.join(" ", values));
            }
        }

        private static String indent(String script) {
            return script.lines().map(l -> "    " + l).reduce((a, b) -> a + "\n" + b).orElse("    (none)");
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
