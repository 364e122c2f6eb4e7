package dev.quiz.cli;

import dev.quiz.exec.Which;
import dev.quiz.store.Store;
import dev.quiz.vm.Initramfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The host programs quiz drives, found once, with the fix when one is missing. */
final class Host {
    static final Path DEBIAN_VIRTIOFSD = Path.of("/usr/lib/qemu/virtiofsd");

    private Host() {
    }

    static Store store() {
        return Store.fromEnvironment();
    }

    static Path qemu() {
        return Which.find("qemu-system-x86_64").orElseThrow(() -> new UserError(
                "qemu-system-x86_64 not found: run quiz setup (or apt-get install qemu-system-x86)"));
    }

    static Path busybox() {
        if (!Files.isExecutable(Initramfs.BUSYBOX)) {
            throw new UserError("/bin/busybox not found: run quiz setup (or apt-get install busybox-static)");
        }
        return Initramfs.BUSYBOX;
    }

    static Optional<Path> virtiofsd() {
        return Which.firstExecutable(DEBIAN_VIRTIOFSD, Path.of("/usr/libexec/virtiofsd"))
                .or(() -> Which.find("virtiofsd"));
    }

    static int jobs() {
        return Runtime.getRuntime().availableProcessors();
    }
}
