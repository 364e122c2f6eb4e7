package dev.quiz.build;

import dev.quiz.arch.Arch;
import dev.quiz.exec.ChildProcess;
import dev.quiz.store.FileTrees;
import dev.quiz.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A static busybox for a foreign architecture, for quiz bench's bare guest: taken from Debian's
 * busybox-static package of that architecture and unpacked into the store. It is never installed:
 * dpkg would replace the host's own busybox with it.
 */
public final class ForeignBusybox {
    private ForeignBusybox() {
    }

    /** Where it is kept. */
    public static Path path(Store store, Arch arch) {
        return dir(store, arch).resolve("bin/busybox");
    }

    private static Path dir(Store store, Arch arch) {
        return store.downloads().resolve("busybox-static-" + arch.debian());
    }

    /** Downloads and unpacks it unless it is there (apt must know the architecture: dpkg --add-architecture). */
    public static Path fetch(Store store, Arch arch, BuildListener listener) throws BuildException, IOException,
            InterruptedException {
        Path busybox = path(store, arch);
        if (Files.isExecutable(busybox)) {
            return busybox;
        }
        Path partial = dir(store, arch).resolveSibling(".busybox-static-" + arch.debian());
        FileTrees.delete(partial);
        Files.createDirectories(partial);
        try {
            String pkg = "busybox-static:" + arch.debian();
            listener.progress("apt-get download " + pkg);
            List<String> out = new ArrayList<>();
            int status = ChildProcess.run(ChildProcess.Spec.of("apt-get", "download", pkg).in(partial), out::add);
            out.forEach(listener::line);
            Optional<Path> deb;
            try (Stream<Path> list = Files.list(partial)) {
                deb = list.filter(p -> p.toString().endsWith(".deb")).findFirst();
            }
            if (status != 0 || deb.isEmpty()) {
                throw new BuildException("apt-get download " + pkg + " failed: " + String.join(" | ", out));
            }
            if (ChildProcess.run(ChildProcess.Spec.of("dpkg-deb", "-x", deb.get().toString(), partial.toString()),
                    listener::line) != 0 || !Files.isExecutable(partial.resolve("bin/busybox"))) {
                throw new BuildException(deb.get() + " holds no bin/busybox");
            }
            Files.delete(deb.get());
            FileTrees.delete(dir(store, arch));
            Files.move(partial, dir(store, arch));
            return busybox;
        } finally {
            FileTrees.delete(partial);
        }
    }
}
