package dev.quiz.build;

import dev.quiz.exec.ChildProcess;
import dev.quiz.exec.Which;
import dev.quiz.store.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The copies of a work dir's modules that the guest loads: the same objects without their debug
 * info, in a directory layered over the work dir in the guest. OpenZFS's zfs.ko is 86 MB with the
 * debug info that drgn and crash need and 6 MB without; reading and loading the larger one cost
 * every zfs guest about a third of a second under TCG, where stripping it costs the host a tenth.
 * The host keeps the full objects for symbolised traces, gdb and vmcores: stripping the debug
 * info leaves every section the kernel loads as it was.
 */
public final class GuestModules {
    private static final Duration STRIP_LIMIT = Duration.ofSeconds(60);

    private GuestModules() {
    }

    /** The directory of a work dir's stripped modules for this kernel, under quiz's cache. */
    public static Path dir(Path cache, Path workDir, PreparedKernel kernel) {
        return cache.resolve("guest-modules").resolve(Hashing.key(workDir.toAbsolutePath().normalize().toString(),
                kernel.arch().id(), kernel.release()));
    }

    /**
     * Brings {@code dir} in line with the work dir's modules: a stripped copy of each module that
     * changed since its copy was made, and no copy of a module that is gone. A module that cannot
     * be stripped gets no copy, and the guest loads the full one from the work dir; when the
     * copies cannot be brought in line at all, none is left, as a stale one would be loaded.
     */
    public static synchronized void refresh(Path dir, Path workDir, PreparedKernel kernel) throws InterruptedException {
        // One refresh at a time (zts shards share a work dir): the lock beside the directory
        // holds other processes off, the method's monitor this one's other threads.
        try {
            Files.createDirectories(dir.getParent());
            try (FileChannel lock = FileChannel.open(dir.resolveSibling(dir.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = lock.lock()) {
                refreshLocked(dir, workDir, kernel);
            }
        } catch (IOException e) {
            removeCopies(dir);
        }
    }

    private static void removeCopies(Path dir) {
        try {
            removeFilesBut(dir, Set.of());
        } catch (IOException | UncheckedIOException e) {
            // nothing there, or nothing more to be done
        }
    }

    /** Deletes every file under {@code dir} but those in {@code kept}. */
    private static void removeFilesBut(Path dir, Set<Path> kept) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(p -> Files.isRegularFile(p) && !kept.contains(p)).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void refreshLocked(Path dir, Path workDir, PreparedKernel kernel)
            throws IOException, InterruptedException {
        Path from = WorkDir.modules(workDir, kernel.release());
        Path to = WorkDir.modules(dir, kernel.release());
        List<Path> modules = ModuleIndex.objects(from);
        Optional<Path> objcopy = Which.find(kernel.arch().crossPrefix() + "objcopy");
        Set<Path> kept = new HashSet<>();
        for (Path module : modules) {
            Path copy = to.resolve(from.relativize(module).toString());
            FileTime made = Files.getLastModifiedTime(module);
            if (Files.isRegularFile(copy) && Files.getLastModifiedTime(copy).equals(made)
                    || objcopy.isPresent() && strip(objcopy.get(), module, copy, made)) {
                kept.add(copy);
            }
        }
        removeFilesBut(to, kept);
    }

    /** Writes {@code module} without its debug info to {@code copy}, dated as the module is; false if it cannot. */
    private static boolean strip(Path objcopy, Path module, Path copy, FileTime made)
            throws IOException, InterruptedException {
        Files.createDirectories(copy.getParent());
        Path part = copy.resolveSibling(copy.getFileName() + ".part");
        boolean ok = ChildProcess.capture(ChildProcess.Spec.of(objcopy.toString(), "--strip-debug", module.toString(),
                part.toString()), STRIP_LIMIT).ok();
        if (!ok) {
            Files.deleteIfExists(part);
            return false;
        }
        Files.setLastModifiedTime(part, made);
        Files.move(part, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }
}
