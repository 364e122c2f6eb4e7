package dev.quiz.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where quiz keeps what it prepares and records: kernels, root images, work dirs, runs.
 * Everything lives outside the user's source tree. {@code QUIZ_HOME} moves all of it;
 * the default is {@code $XDG_CACHE_HOME/quiz} or {@code ~/.cache/quiz}.
 */
public record Store(Path root) {

    public static Store fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static Store fromEnvironment(Map<String, String> env, Path home) {
        String quizHome = env.get("QUIZ_HOME");
        if (quizHome != null && !quizHome.isBlank()) {
            return new Store(Path.of(quizHome).toAbsolutePath());
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache");
        return new Store(cache.resolve("quiz").toAbsolutePath());
    }

    public Path kernels() {
        return root.resolve("kernels");
    }

    public Path roots() {
        return root.resolve("roots");
    }

    public Path works() {
        return root.resolve("work");
    }

    public Path work(String name) {
        return works().resolve(name);
    }

    public Path runs() {
        return root.resolve("runs");
    }

    /** What quiz remembers about the trees it builds: snapshots, configure stamps, config caches, logs. */
    public Path builds() {
        return root.resolve("builds");
    }

    /** What is the same for every run and made once: the initramfs's shared part, the host's TSC rate. */
    public Path cache() {
        return root.resolve("cache");
    }

    public Path downloads() {
        return root.resolve("downloads");
    }

    public Path history() {
        return root.resolve("history.jsonl");
    }

    /**
     * The lock a quiz watch of this tree holds: one watcher per tree and architecture, told apart
     * by {@code variant} (empty for x86_64, whose names were there first).
     */
    public Path watchLock(Path tree, String variant) {
        return root.resolve("watch").resolve(Hashing.key(tree.toString()) + variant + ".lock");
    }

    /** Where a quiz watch of this tree for an architecture ({@code variant}, as for the lock) listens for git hooks. */
    public Path watchSocket(Path tree, String variant) {
        return root.resolve("watch").resolve(Hashing.key(tree.toString()) + variant + ".sock");
    }

    /** A name for a file or directory of the store made from anything, such as a branch name. */
    public static String fileName(String anything) {
        return anything.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
