package dev.quiz.build;

import java.nio.file.Path;

/** What a changed file of an OpenZFS tree affects, which decides the least build that is correct. */
public enum ChangeKind {
    /** configure.ac, *.m4, Makefile.am, META, config/: autogen and configure again. */
    BUILD_SYSTEM,
    /** module/os/linux/: the kernel modules only. */
    KERNEL,
    /** The rest of module/ and include/: the kernel modules, and userland libraries built from the same sources (libzpool). */
    SHARED,
    /** cmd/, lib/, and everything else that is compiled: userland. */
    USERLAND,
    /** tests/: the test suite's scripts, installed but not compiled. */
    TESTS,
    /** Documentation and other files that nothing is built from. */
    NOTHING;

    public static ChangeKind of(Path relative) {
        String p = relative.toString().replace('\\', '/');
        String name = relative.getFileName() == null ? "" : relative.getFileName().toString();
        if (name.equals("configure.ac") || name.endsWith(".m4") || name.equals("Makefile.am") || name.endsWith(".am")
                || p.equals("META") || p.startsWith("config/") || name.equals("autogen.sh")) {
            return BUILD_SYSTEM;
        }
        if (p.startsWith("module/os/linux/")) {
            return KERNEL;
        }
        if (p.startsWith("module/") || p.startsWith("include/")) {
            return SHARED;
        }
        if (p.startsWith("tests/")) {
            return TESTS;
        }
        if (name.endsWith(".md") || p.startsWith("man/") || p.startsWith(".github/") || name.equals("AUTHORS")
                || name.equals("NEWS") || name.equals("COPYRIGHT") || name.startsWith("LICENSE")) {
            return NOTHING;
        }
        return USERLAND;
    }
}
