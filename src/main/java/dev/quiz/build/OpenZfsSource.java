package dev.quiz.build;

import dev.quiz.exec.ChildProcess;
import dev.quiz.store.FileTrees;
import dev.quiz.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The OpenZFS release source quiz can get without the internet: the orig tarball of Debian's
 * zfs-linux source package (contrib; bookworm-backports carries 2.3.2), unpacked into the store.
 * This is the tree {@code quiz watch} uses when the user has none.
 */
public final class OpenZfsSource {
    private final Store store;
    private final BuildListener listener;

    public OpenZfsSource(Store store, BuildListener listener) {
        this.store = store;
        this.listener = listener;
    }

    /** The unpacked tree, fetching and unpacking it first if needed. */
    public Path ensure() throws BuildException, IOException, InterruptedException {
        Optional<Path> tree = existing();
        if (tree.isPresent()) {
            return tree.get();
        }
        Path downloads = Files.createDirectories(store.downloads().resolve("zfs-linux"));
        Optional<Path> tarball = newestTarball(downloads);
        if (tarball.isEmpty()) {
            listener.progress("apt-get source --download-only zfs-linux");
            List<String> out = new ArrayList<>();
            // apt-get may exit 100 for a missing .dsc of backports while the orig tarball arrived: check the file.
            ChildProcess.run(ChildProcess.Spec.of(List.of("apt-get", "source", "--download-only", "zfs-linux"))
                    .in(downloads), out::add);
            out.forEach(listener::line);
            tarball = newestTarball(downloads);
            if (tarball.isEmpty()) {
                throw new BuildException("apt-get found no OpenZFS source (zfs-linux); quiz setup adds the deb-src "
                        + "entries for contrib it needs, or give your own tree with --tree");
            }
        }
        Path source = tarball.get();
        Path root = Files.createDirectories(store.root().resolve("openzfs"));
        Path partial = root.resolve(".unpacking");
        Tarballs.unpack(source, partial, listener);
        try (Stream<Path> list = Files.list(partial)) {
            Path top = list.filter(p -> Files.isRegularFile(p.resolve("META"))).findFirst()
                    .orElseThrow(() -> new BuildException(source + " holds no OpenZFS tree (no META)"));
            Path target = root.resolve(top.getFileName());
            TreeSources.markPristine(store, target);
            Files.move(top, target);
            FileTrees.delete(partial);
            return target;
        }
    }

    /** The tree already unpacked, newest version first. */
    public Optional<Path> existing() throws IOException {
        Path root = store.root().resolve("openzfs");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> list = Files.list(root)) {
            return list.filter(p -> p.getFileName().toString().startsWith("zfs-") && Files.isRegularFile(p.resolve("META")))
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        }
    }

    private static Optional<Path> newestTarball(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().matches("zfs-linux_.*\\.orig\\.tar\\.gz"))
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        }
    }
}
