package dev.quiz.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What quiz asks git, asked of a real checkout. */
class GitTest {
    @TempDir
    Path tmp;

    private void git(Path dir, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("-c", "user.email=t@example.com", "-c", "user.name=t"));
        command.addAll(List.of(args));
        assertTrue(Git.run(dir, "", command).ok(), String.join(" ", args));
    }

    @Test
    void aCheckoutsBranchConfigHooksAndChanges() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("zfs"));
        git(repo, "init", "-q", "-b", "fix-raidz");
        Files.writeString(repo.resolve("spa.c"), "int spa;\n");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "init");
        Path sub = Files.createDirectories(repo.resolve("module"));

        Git g = Git.at(sub).orElseThrow();
        assertEquals(repo.toRealPath(), g.top());
        assertEquals(Optional.of("fix-raidz"), g.branch());
        assertFalse(g.busy());
        Files.writeString(g.index().resolveSibling("index.lock"), "");
        assertTrue(g.busy(), "git holds its index lock");
        Files.delete(g.index().resolveSibling("index.lock"));

        assertEquals(Optional.empty(), g.config("branch.fix-raidz.quizProfile"));
        assertEquals(Optional.empty(), g.setConfig("branch.fix-raidz.quizProfile", "ztest"));
        assertEquals(Optional.of("ztest"), g.config("branch.fix-raidz.quizProfile"));
        assertEquals(repo.toRealPath().resolve(".git/hooks"), g.hooksDir());

        assertFalse(g.uncommittedChanges());
        Files.writeString(repo.resolve("spa.c"), "int spa_edited;\n");
        assertTrue(g.uncommittedChanges());

        git(repo, "checkout", "-q", "--detach");
        assertEquals(Optional.empty(), g.branch(), "a detached HEAD has no branch");
    }

    @Test
    void outsideGitThereIsNoCheckout() {
        assertEquals(Optional.empty(), Git.at(tmp));
    }
}
