package dev.quiz.build;

import dev.quiz.exec.ChildProcess;
import dev.quiz.exec.Which;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The index (modules.dep and the rest) of the modules installed into a work dir, made on the
 * host with {@code depmod -b}, where it takes milliseconds, rather than in every guest, where
 * it takes a good part of a second under TCG. It is remade only when a module is newer than it.
 * The kernel's own lists of built-in modules are copied in first: the work dir's index hides
 * the kernel's in the guest, and modprobe needs to know what is built in.
 */
public final class ModuleIndex {
    private static final List<String> KERNEL_LISTS = List.of("modules.builtin", "modules.builtin.modinfo");
    private static final Duration DEPMOD_LIMIT = Duration.ofSeconds(60);

    private ModuleIndex() {
    }

    /**
     * Makes the index if a module is newer than it. When the host cannot (no depmod), no index
     * is left behind, and the guest makes one.
     */
    public static void refresh(Path workDir, PreparedKernel kernel) throws IOException, InterruptedException {
        Path dir = WorkDir.modules(workDir, kernel.release());
        if (!Files.isDirectory(dir)) {
            return;
        }
        Path dep = dir.resolve("modules.dep");
        Optional<FileTime> newest;
        try (Stream<Path> walk = Files.walk(dir)) {
            newest = walk.filter(p -> p.getFileName().toString().matches(".*\\.ko(\\.[gx]z|\\.zst)?"))
                    .map(ModuleIndex::modified).max(FileTime::compareTo);
        }
        if (newest.isEmpty() || Files.exists(dep) && modified(dep).compareTo(newest.get()) >= 0
                && KERNEL_LISTS.stream().allMatch(l -> Files.exists(dir.resolve(l)) || !kernelHas(kernel, l))) {
            return;
        }
        Optional<Path> depmod = Which.find("depmod");
        if (depmod.isPresent()) {
            for (String list : KERNEL_LISTS) {
                Optional<Path> own = kernel.modulesRoot().map(m -> WorkDir.modules(m, kernel.release()).resolve(list));
                if (own.isPresent() && Files.isRegularFile(own.get())) {
                    Files.copy(own.get(), dir.resolve(list), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (ChildProcess.capture(ChildProcess.Spec.of(depmod.get().toString(), "-b", workDir.resolve("usr").toString(),
                    kernel.release()), DEPMOD_LIMIT).ok()) {
                return;
            }
        }
        // A stale index would be worse than none: the guest indexes the modules itself.
        Files.deleteIfExists(dep);
    }

    /** The module objects installed under a modules dir (usr/lib/modules/RELEASE), with their debug info. */
    public static List<Path> objects(Path modulesDir) {
        if (!Files.isDirectory(modulesDir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(modulesDir)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".ko")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean kernelHas(PreparedKernel kernel, String list) {
        return kernel.modulesRoot().map(m -> Files.isRegularFile(WorkDir.modules(m, kernel.release()).resolve(list)))
                .orElse(false);
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(Long.MAX_VALUE);
        }
    }
}
