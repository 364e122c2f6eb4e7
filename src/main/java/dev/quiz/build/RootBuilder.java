package dev.quiz.build;

import dev.quiz.arch.Arch;
import dev.quiz.exec.ChildProcess;
import dev.quiz.store.AtomicFiles;
import dev.quiz.store.Hashing;
import dev.quiz.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Builds the guest's read-only root: a minbase Debian made by mmdebstrap (the mirror taken from
 * the host's apt configuration), turned into an ext4 image by {@code mke2fs -d} inside mmdebstrap,
 * so no root privileges are needed beyond what mmdebstrap needs (its unshare mode works for a
 * user with subordinate ids). The image is keyed by suite and package list and replaced
 * atomically.
 */
public final class RootBuilder {
    public static final String DEFAULT_SUITE = "bookworm";
    private static final String RECIPE = "root-recipe-2";
    private static final String IMAGE_IN_CHROOT = "quiz-root.ext4";
    private static final Path HOST_DEBIAN_SOURCES = Path.of("/etc/apt/sources.list.d/debian.sources");
    private static final Path HOST_SOURCES_LIST = Path.of("/etc/apt/sources.list");

    private final Store store;
    private final BuildListener listener;

    public RootBuilder(Store store, BuildListener listener) {
        this.store = store;
        this.listener = listener;
    }

    public static List<String> packages() {
        try (InputStream in = RootBuilder.class.getResourceAsStream("/quiz/root/packages")) {
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::strip).filter(s -> !s.isEmpty() && !s.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The root for these inputs, built unless it already is. A foreign architecture's root is
     * made through qemu-user-static, which binfmt_misc runs for its programs.
     */
    public Path prepare(String suite, List<String> extraPackages, Optional<String> mirror, Arch arch)
            throws BuildException, IOException, InterruptedException {
        Path dir = dir(suite, extraPackages, arch);
        Path image = dir.resolve("root.ext4");
        if (Files.isRegularFile(image)) {
            markDefault(dir, arch);
            return image;
        }
        Files.createDirectories(dir);
        Path partialImage = dir.resolve("root.ext4.partial");
        if (partialImage.toString().matches(".*\\s.*")) {
            throw new BuildException("the store's path has a space, which mmdebstrap's hooks cannot take: "
                    + "set QUIZ_HOME to a path without one");
        }
        Path log = dir.resolve("build.log");
        List<String> logLines = new ArrayList<>();
        try {
            List<String> all = new ArrayList<>(packages());
            all.addAll(extraPackages);
            // The image is made inside mmdebstrap's hook, where files still have their in-guest
            // owners even when mmdebstrap runs unprivileged in a user namespace. The hook sees
            // /proc and /sys mounted in the chroot, so it copies one file system only, without
            // /dev's nodes (a user namespace cannot make them; the guest mounts devtmpfs there),
            // to a scratch dir of its own: the namespace's root may not write to the user's store.
            // The image goes into the chroot, and mmdebstrap's download hook hands it out as the user.
            String makeImage = "set -e; tree=$(mktemp -d); trap 'rm -rf \"$tree\"' EXIT; mkdir \"$tree/root\";"
                    + " { tar -C \"$1\" --one-file-system --exclude='./dev/*' -cf - . || touch \"$tree/failed\"; }"
                    + " | tar -C \"$tree/root\" -xpf -; test ! -e \"$tree/failed\";"
                    + " size=$(du -sk \"$tree/root\" | cut -f1);"
                    + " mke2fs -q -F -t ext4 -O ^has_journal -L quizroot -d \"$tree/root\" \"$1/" + IMAGE_IN_CHROOT
                    + "\" $((size + size / 4 + 65536))k";
            List<String> command = new ArrayList<>(List.of("mmdebstrap", "--variant=minbase",
                    "--architectures=" + arch.debian(), "--include=" + String.join(",", all),
                    "--dpkgopt=path-exclude=/usr/share/man/*", "--dpkgopt=path-exclude=/usr/share/doc/*",
                    "--dpkgopt=path-exclude=/usr/share/locale/*",
                    "--customize-hook=echo quiz > \"$1/etc/hostname\"",
                    "--customize-hook=rm -rf \"$1\"/var/lib/apt/lists/* \"$1\"/var/cache/apt/*",
                    "--customize-hook=" + makeImage,
                    "--customize-hook=download /" + IMAGE_IN_CHROOT + " " + partialImage,
                    "--format=null", suite, "/dev/null"));
            mirror.or(RootBuilder::hostMirror).ifPresent(command::add);
            listener.progress("mmdebstrap " + suite + " " + arch.debian() + " (" + all.size() + " packages beyond minbase)");
            Files.deleteIfExists(partialImage);
            run(command, logLines, "mmdebstrap");
            AtomicFiles.move(partialImage, image);
            markDefault(dir, arch);
            return image;
        } finally {
            Files.deleteIfExists(partialImage);
            Files.write(log, logLines, StandardCharsets.UTF_8);
        }
    }

    /** The image that {@code quiz prepare root} made last for this architecture. */
    public static Optional<Path> defaultImage(Store store, Arch arch) {
        Path image = defaultLink(store, arch).resolve("root.ext4");
        return Files.isRegularFile(image) ? Optional.of(image) : Optional.empty();
    }

    private static Path defaultLink(Store store, Arch arch) {
        return store.roots().resolve("default" + arch.storeSuffix());
    }

    private Path dir(String suite, List<String> extraPackages, Arch arch) {
        List<String> all = new ArrayList<>(packages());
        all.addAll(extraPackages);
        return store.roots().resolve(suite + arch.storeSuffix() + "-"
                + Hashing.key(RECIPE, suite, String.join(",", all) + arch.storeSuffix()));
    }

    private void markDefault(Path dir, Arch arch) throws IOException {
        Path tmp = store.roots().resolve(".default.tmp");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, dir.getFileName());
        AtomicFiles.move(tmp, defaultLink(store, arch));
    }

    /** The host's own Debian sources, so the guest root comes from the mirror the host already uses. */
    static Optional<String> hostMirror() {
        if (Files.isRegularFile(HOST_DEBIAN_SOURCES)) {
            return Optional.of(HOST_DEBIAN_SOURCES.toString());
        }
        try {
            if (Files.isRegularFile(HOST_SOURCES_LIST) && Files.readAllLines(HOST_SOURCES_LIST).stream()
                    .anyMatch(l -> l.startsWith("deb "))) {
                return Optional.of(HOST_SOURCES_LIST.toString());
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private void run(List<String> command, List<String> logLines, String what) throws BuildException,
            InterruptedException {
        List<String> tail = new ArrayList<>();
        int status = ChildProcess.run(ChildProcess.Spec.of(command), line -> {
            logLines.add(line);
            listener.line(line);
            tail.add(line);
            if (tail.size() > 3) {
                tail.remove(0);
            }
        });
        if (status != 0) {
            throw new BuildException(what + " failed with status " + status + ": " + String.join(" | ", tail));
        }
    }
}
