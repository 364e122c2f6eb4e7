package dev.quiz.build;

import dev.quiz.store.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host directory that {@code make install DESTDIR=} fills and the guest sees layered over its
 * root. It mirrors the guest's "/", which has merged /usr: modules go to usr/lib/modules, so a
 * top-level lib/ or bin/ directory here would hide the root's own symlinks and is refused.
 */
public final class WorkDir {
    private static final List<String> MERGED_USR_LINKS = List.of("bin", "sbin", "lib", "lib64");
    static final String MARKER = ".quiz-work";
    private static final String INSTALLING = ".quiz-install-incomplete";

    private WorkDir() {
    }

    public static Path prepare(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("usr/local/bin"));
        Files.createDirectories(dir.resolve("usr/lib/modules"));
        Path marker = dir.resolve(MARKER);
        if (!Files.exists(marker)) {
            Files.writeString(marker, "This directory is a quiz work dir: install into it with DESTDIR=" + dir
                    + " (modules with INSTALL_MOD_PATH=" + dir.resolve("usr") + ").\n");
        }
        return dir;
    }

    /** Where the modules of a kernel release are under a directory that mirrors the guest's "/". */
    public static Path modules(Path root, String release) {
        return root.resolve("usr/lib/modules/" + release);
    }

    /** Marks an install as under way: until {@link #endInstall} the work dir is not presented as good. */
    public static void beginInstall(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(INSTALLING), "an install started here and did not finish\n");
    }

    public static void endInstall(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(INSTALLING));
    }

    /** Whether the last install into this work dir failed or was cut short: it may mix old and new files. */
    public static boolean installIncomplete(Path dir) {
        return Files.exists(dir.resolve(INSTALLING));
    }

    /** Empties the work dir (for --clean-work), so files of removed targets do not linger. */
    public static void clean(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var list = Files.list(dir)) {
                for (Path p : list.toList()) {
                    if (!p.getFileName().toString().equals(MARKER)) {
                        FileTrees.delete(p);
                    }
                }
            }
        }
        prepare(dir);
    }

    /** What makes this work dir unusable, each with what to do; empty when it is fine. */
    public static List<String> problems(Path dir) {
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            problems.add("work dir " + dir + " does not exist: run quiz prepare work");
            return problems;
        }
        for (String name : MERGED_USR_LINKS) {
            Path p = dir.resolve(name);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                problems.add("work dir has a " + name + "/ directory, which would hide the guest's /" + name
                        + " -> usr/" + name + " link: move it to " + dir.resolve("usr/" + name)
                        + " (for modules, install with INSTALL_MOD_PATH=" + dir.resolve("usr") + ")");
            }
        }
        return problems;
    }
}
