package dev.quiz.build;

import dev.quiz.arch.Arch;
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
 * Finds the kernel a run boots, for an architecture: the default one, one prepared by version, or
 * an external image.
 */
public final class Kernels {
    private Kernels() {
    }

    /** Every kernel in the store for this architecture, newest first. */
    public static List<PreparedKernel> all(Store store, Arch arch) throws IOException {
        List<Path> dirs = new ArrayList<>();
        if (Files.isDirectory(store.kernels())) {
            try (Stream<Path> list = Files.list(store.kernels())) {
                list.filter(p -> !Files.isSymbolicLink(p) && Files.isRegularFile(p.resolve(PreparedKernel.METADATA)))
                        .forEach(dirs::add);
            }
        }
        dirs.sort(Comparator.comparing((Path p) -> p.resolve(PreparedKernel.METADATA).toFile().lastModified()).reversed());
        List<PreparedKernel> kernels = new ArrayList<>();
        for (Path dir : dirs) {
            PreparedKernel.read(dir).filter(k -> k.arch() == arch).ifPresent(kernels::add);
        }
        return kernels;
    }

    /** The link to the kernel quiz prepared last for this architecture. */
    static Path defaultLink(Store store, Arch arch) {
        return store.kernels().resolve("default" + arch.storeSuffix());
    }

    /**
     * {@code spec} may be empty (the kernel quiz prepared last), a release or its prefix
     * ("6.1", "6.1.192-quiz"), a store directory name, or a path to a kernel image or build tree.
     */
    public static PreparedKernel resolve(Store store, Optional<String> spec, Arch arch) throws IOException {
        if (spec.isEmpty()) {
            Path link = defaultLink(store, arch);
            Optional<PreparedKernel> kernel = Files.exists(link) ? PreparedKernel.read(link.toRealPath()) : Optional.empty();
            return kernel.orElseThrow(() -> new IllegalArgumentException(
                    "no " + arch + " kernel prepared yet: run quiz prepare kernel" + arch.option() + " (or quiz setup"
                            + arch.option() + ")"));
        }
        String s = spec.get();
        Path path = Path.of(s);
        if (s.contains("/") || Files.exists(path)) {
            return external(path.toAbsolutePath().normalize(), arch);
        }
        for (PreparedKernel k : all(store, arch)) {
            Path dir = k.image().getParent();
            if (dir.getFileName().toString().equals(s) || k.release().equals(s) || k.release().startsWith(s + ".")
                    || k.release().startsWith(s + "-")) {
                return k;
            }
        }
        throw new IllegalArgumentException("--kernel " + s + ": no such kernel prepared for " + arch + "; "
                + "quiz prepare kernel" + arch.option() + " --source " + s + " builds it (or give a path to a kernel image)");
    }

    private static PreparedKernel external(Path path, Arch arch) throws IOException {
        if (Files.isDirectory(path)) {
            Optional<PreparedKernel> prepared = PreparedKernel.read(path);
            if (prepared.isPresent()) {
                if (prepared.get().arch() != arch) {
                    throw new IllegalArgumentException("--kernel " + path + ": an " + prepared.get().arch()
                            + " kernel, but the run is " + arch + "'s; give --arch " + prepared.get().arch());
                }
                return prepared.get();
            }
            Path image = path.resolve(arch.bootImage());
            if (!Files.isRegularFile(image)) {
                throw new IllegalArgumentException("--kernel " + path + ": neither a quiz kernel dir nor a built "
                        + arch + " kernel tree (no " + arch.bootImage() + ")");
            }
            BootImage.requireArch(image, arch);
            Path vmlinux = path.resolve("vmlinux");
            return new PreparedKernel(arch, BootImage.release(image, arch), image,
                    Optional.of(vmlinux).filter(Files::exists), Optional.empty(), Optional.of(path), Optional.empty(),
                    "kernel tree " + path);
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("--kernel " + path + ": no such file");
        }
        BootImage.requireArch(path, arch);
        return new PreparedKernel(arch, BootImage.release(path, arch), path, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), "external image " + path);
    }
}
