package dev.quiz.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Which files of a tree are sources a person edits, as opposed to what builds and editors write:
 * object files, libtool and dependency dirs, autotools caches and generated scripts, editor swap
 * and backup files. The watcher ignores the latter, and a build's change detection looks only at
 * the former.
 */
public final class SourceFilter {
    private static final Set<String> IGNORED_DIRS = Set.of(".git", ".deps", ".libs", "autom4te.cache", ".quiz-build",
            ".tmp_versions", "__pycache__", ".idea", ".vscode");
    private static final Set<String> GENERATED_NAMES = Set.of("configure", "config.status", "config.log", "libtool",
            "Makefile.in", "aclocal.m4", "zfs_config.h", "zfs_config.h.in", "stamp-h1", "Module.symvers",
            "modules.order", "zfs.release", "zfs_gitrev.h", "config.h", "config.h.in", "compile", "depcomp",
            "install-sh", "ltmain.sh", "missing", "test-driver", "config.guess", "config.sub", "ar-lib", "tmp");
    private static final Set<String> EXTENSIONLESS_SOURCES = Set.of("Kbuild", "Kconfig", "META", "Makefile");
    private static final String[] GENERATED_SUFFIXES = {".o", ".ko", ".lo", ".la", ".a", ".so", ".mod", ".mod.c",
        ".cmd", ".d", ".tmp", ".swp", ".swo", ".swx", "~", ".orig", ".rej", ".gcno", ".gcda", ".pyc", ".dwo",
        ".dirstamp", ".order", ".symvers", ".log", ".trs"};

    private SourceFilter() {
    }

    /** Whether a directory (by name) holds only generated files, so it is neither watched nor scanned. */
    public static boolean ignoredDir(String name) {
        // .tmp_NNN: kbuild's try-run scratch dirs, left behind when a build is killed.
        return IGNORED_DIRS.contains(name) || name.startsWith(".tmp");
    }

    /**
     * Whether a file of this tree is a source: {@link #isSource(Path)}, and not made by configure:
     * X is generated when X.in exists, and an autotools tree's top-level build/ holds configure's
     * kernel probes.
     */
    public static boolean isSource(Path tree, Path relative) {
        if (!isSource(relative)) {
            return false;
        }
        if (relative.getNameCount() > 1 && relative.getName(0).toString().equals("build")
                && Files.isRegularFile(tree.resolve("configure.ac"))) {
            return false;
        }
        if (Files.exists(tree.resolve(relative + ".in"))) {
            return false;
        }
        String name = relative.getFileName().toString();
        return name.contains(".") || EXTENSIONLESS_SOURCES.contains(name) || handWritten(tree.resolve(relative));
    }

    /**
     * Whether a file without an extension is a person's: builds leave programs (ztest, zdb),
     * libtool wrapper scripts, symlinks and short-lived temporaries without one. Such a file
     * counts only while it exists as plain text that libtool did not write.
     */
    private static boolean handWritten(Path file) {
        if (Files.isSymbolicLink(file) || !Files.isRegularFile(file)) {
            return false;
        }
        byte[] head = new byte[512];
        int n;
        try (var in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (head[i] == 0) {
                return false; // a binary (ELF and the like)
            }
        }
        return !new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).contains("libtool");
    }

    /** Whether a file (relative to the tree) is a source: not generated, not an editor's temporary. */
    public static boolean isSource(Path relative) {
        for (Path part : relative) {
            if (ignoredDir(part.toString())) {
                return false;
            }
        }
        Path fileName = relative.getFileName();
        if (fileName == null) {
            return false;
        }
        String name = fileName.toString();
        if (GENERATED_NAMES.contains(name) || name.startsWith(".#") || name.startsWith(".tmp") || name.startsWith("#") || name.endsWith("#")
                || name.startsWith(".goutputstream-") || name.equals("4913") || name.matches(".*\\.so(\\.\\d+)*")
                || name.matches("\\.[^.].*\\.sw[a-p]") || name.startsWith(".nfs")) {
            return false;
        }
        for (String suffix : GENERATED_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return false;
            }
        }
        return true;
    }
}
