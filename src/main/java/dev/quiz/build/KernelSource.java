package dev.quiz.build;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where a kernel's source comes from. */
public sealed interface KernelSource {
    /** Debian's {@code linux-source-X.Y} package: {@code /usr/src/linux-source-X.Y.tar.xz}. */
    record Debian(String series) implements KernelSource {
        public Path tarball() {
            return Path.of("/usr/src/linux-source-" + series + ".tar.xz");
        }
    }

    /** A release from kernel.org, checked against its published SHA-256. */
    record KernelOrg(String version) implements KernelSource {
    }

    /** A local source tarball. */
    record Tarball(Path file) implements KernelSource {
    }

    /** A local source tree, built out of tree so that it is never modified. */
    record Tree(Path dir) implements KernelSource {
    }

    String DEFAULT_KERNEL_ORG_VERSION = "6.12.30";
    String DEFAULT_DEBIAN_SERIES = "6.1";

    /**
     * Reads {@code --source}: {@code debian} or {@code debian:6.1}, a kernel.org version such as
     * {@code 6.12.30}, or the path of a tarball or source tree.
     */
    static KernelSource parse(String text) {
        if (text.equals("debian")) {
            return new Debian(DEFAULT_DEBIAN_SERIES);
        }
        if (text.startsWith("debian:")) {
            String series = text.substring("debian:".length());
            if (!series.matches("\\d+\\.\\d+")) {
                throw new IllegalArgumentException("--source " + text + ": Debian's series looks like debian:6.1");
            }
            return new Debian(series);
        }
        if (text.matches("\\d+\\.\\d+(\\.\\d+)?(-rc\\d+)?")) {
            return new KernelOrg(text);
        }
        Path path = Path.of(text).toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            if (!Files.isRegularFile(path.resolve("Makefile")) || !Files.isDirectory(path.resolve("kernel"))) {
                throw new IllegalArgumentException("--source " + text + ": not a kernel source tree (no Makefile and kernel/)");
            }
            return new Tree(path);
        }
        if (Files.isRegularFile(path)) {
            return new Tarball(path);
        }
        throw new IllegalArgumentException("--source " + text
                + ": not a version (6.12.30), debian[:X.Y], a tarball or a source tree");
    }

    /** A readable name, also the first part of the store directory. */
    default String label() {
        if (this instanceof Debian d) {
            return "debian-" + d.series();
        }
        if (this instanceof KernelOrg k) {
            return k.version();
        }
        if (this instanceof Tarball t) {
            return t.file().getFileName().toString().replaceAll("\\.tar(\\.[a-z0-9]+)?$", "");
        }
        return "tree-" + ((Tree) this).dir().getFileName();
    }
}
