package dev.quiz.cli;

import dev.quiz.analysis.Verdict;
import dev.quiz.arch.Arch;
import dev.quiz.build.TreeBuilder;
import dev.quiz.exec.ChildProcess;
import dev.quiz.exec.Git;
import dev.quiz.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "hook", hidden = true,
        description = "What quiz's git hooks run (see quiz hooks). Not for typing by hand.")
final class HookCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "HOOK")
    String hook;

    @Parameters(index = "1..*", paramLabel = "ARG")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Git git = Host.git(Path.of("").toAbsolutePath());
        Path tree = git.top();
        Store store = Host.store();
        Optional<String> branch = git.branch();
        String profile = Profiles.forBranch(tree, branch, defaultProfile(tree));
        // A watcher per architecture may run on the tree: each is asked.
        List<Path> sockets = Arrays.stream(Arch.values()).map(a -> store.watchSocket(tree, a.storeSuffix()))
                .filter(Files::exists).toList();
        switch (hook) {
            case "post-checkout" -> {
                if (args.size() >= 3 && args.get(2).equals("0")) {
                    return 0; // a file checkout, not a new HEAD
                }
                return background(git, store, branch, profile, sockets);
            }
            case "post-commit", "post-merge" -> {
                return background(git, store, branch, profile, sockets);
            }
            case "pre-push" -> {
                return prePush(git, branch, profile, sockets);
            }
            default -> throw new UserError("unknown hook " + hook + "; quiz's hooks are " + HooksCommand.HOOKS);
        }
    }

    private static String defaultProfile(Path tree) {
        try {
            return TreeBuilder.kind(tree).equals("openzfs") ? "zfs-smoke" : "module";
        } catch (IOException | IllegalArgumentException e) {
            return "zfs-smoke";
        }
    }

    /** Never holds up git: asks a running watcher for a cycle, or starts a detached run. */
    private int background(Git git, Store store, Optional<String> branch, String profile, List<Path> sockets)
            throws IOException {
        Path tree = git.top();
        if (sockets.stream().map(socket -> ask(socket, "cycle")).filter(Optional::isPresent).count() > 0) {
            System.out.println("quiz: asked the quiz watch running for this tree for a cycle; its verdict appears there");
            return 0;
        }
        String head = git.output("rev-parse", "--short", "HEAD").orElse("HEAD");
        Path log = store.root().resolve("hooks").resolve(hook + "-" + head + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(Host.selfCommand());
        command.addAll(List.of("run", "--color=never", "--build", "--tree", tree.toString(),
                "--work", "hook-" + Store.fileName(branch.orElse("detached")), "-p", profile));
        // It must outlive this hook, which git waits for.
        ChildProcess.startDetached(ChildProcess.Spec.of(command).in(tree), log);
        System.out.println("quiz: testing " + head + " with profile " + profile + " in the background; verdict in "
                + log + " and quiz history");
        return 0;
    }

    private int prePush(Git git, Optional<String> branch, String profile, List<Path> sockets)
            throws IOException {
        Path tree = git.top();
        // The hook script passes on what git said is being pushed.
        String refs = System.getenv("QUIZ_PUSH_REFS");
        if (refs != null) {
            PushedRefs pushed = PushedRefs.of(refs, git.output("rev-parse", "HEAD").orElse(""));
            if (!pushed.untested().isEmpty()) {
                System.out.println("quiz: pre-push: quiz tests only the checked-out HEAD; not tested: "
                        + String.join(", ", pushed.untested()));
            }
            if (!pushed.includesHead()) {
                System.out.println("quiz: pre-push: the push does not include the checked-out HEAD; nothing tested");
                return 0;
            }
        }
        if (git.uncommittedChanges()) {
            System.out.println("quiz: pre-push: note: the working tree has uncommitted changes, and they are tested too");
        }
        int code = 0;
        boolean asked = false;
        for (Path socket : sockets) {
            Optional<String> answer = ask(socket, "cycle-wait");
            if (answer.isPresent()) {
                asked = true;
                String[] parts = answer.get().split(" ", 3);
                int said = parts.length >= 2 && parts[0].equals("verdict") ? Integer.parseInt(parts[1]) : Verdict.QUIZ_ERROR;
                code = code != 0 ? code : said;
                System.out.println("quiz: the running quiz watch says: " + (parts.length == 3 ? parts[2] : answer.get()));
            }
        }
        if (!asked) {
            System.out.println("quiz: pre-push: testing " + branch.orElse("HEAD") + " with profile " + profile);
            code = Main.commandLine().execute("run", "--color=never", "--build", "--tree", tree.toString(),
                    "--work", "push-" + Store.fileName(branch.orElse("detached")), "-p", profile);
        }
        if (code != 0) {
            System.err.println("quiz: push blocked: the branch did not PASS (exit " + code + "); "
                    + "git push --no-verify pushes anyway");
        }
        return code;
    }

    /** Sends a request to a watcher's trigger socket; empty when no watcher listens. */
    static Optional<String> ask(Path socket, String request) {
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            return Optional.ofNullable(in.readLine());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
