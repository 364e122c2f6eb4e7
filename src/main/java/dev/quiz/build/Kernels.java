package dev.quiz.build;

import dev.quiz.store.Store;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the kernel a run boots: the default one, one prepared by version, or an external bzImage. */
public final class Kernels {
    private Kernels() {
    }

    /** Every kernel in the store, newest first. */
    public static List<PreparedKernel> all(Store store) throws IOException {
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
            PreparedKernel.read(dir).ifPresent(kernels::add);
        }
        return kernels;
    }

    /**
     * {@code spec} may be empty (the kernel quiz prepared last), a release or its prefix
     * ("6.1", "6.1.192-quiz"), a store directory name, or a path to a bzImage or kernel build tree.
     */
    public static PreparedKernel resolve(Store store, Optional<String> spec) throws IOException {
        if (spec.isEmpty()) {
            Path link = store.kernels().resolve("default");
            Optional<PreparedKernel> kernel = Files.exists(link) ? PreparedKernel.read(link.toRealPath()) : Optional.empty();
            return kernel.orElseThrow(() -> new IllegalArgumentException(
                    "no kernel prepared yet: run quiz prepare kernel (or quiz setup)"));
        }
        String s = spec.get();
        Path path = Path.of(s);
        if (s.contains("/") || Files.exists(path)) {
            return external(path.toAbsolutePath().normalize());
        }
        for (PreparedKernel k : all(store)) {
            Path dir = k.image().getParent();
            if (dir.getFileName().toString().equals(s) || k.release().equals(s) || k.release().startsWith(s + ".")
                    || k.release().startsWith(s + "-")) {
                return k;
            }
        }
        throw new IllegalArgumentException("--kernel " + s + ": no such kernel prepared; "
                + "quiz prepare kernel --source " + s + " builds it (or give a path to a bzImage)");
    }

    private static PreparedKernel external(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            Optional<PreparedKernel> prepared = PreparedKernel.read(path);
            if (prepared.isPresent()) {
                return prepared.get();
            }
            Path image = path.resolve("arch/x86/boot/bzImage");
            if (!Files.isRegularFile(image)) {
                throw new IllegalArgumentException("--kernel " + path + ": neither a quiz kernel dir nor a built kernel tree"
                        + " (no arch/x86/boot/bzImage)");
            }
            Path vmlinux = path.resolve("vmlinux");
            return new PreparedKernel(release(image), image, Optional.of(vmlinux).filter(Files::exists),
                    Optional.empty(), Optional.of(path), Optional.empty(), "kernel tree " + path);
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("--kernel " + path + ": no such file");
        }
        return new PreparedKernel(release(path), path, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), "external image " + path);
    }

    /**
     * The release string a bzImage carries: the x86 boot header points at it (offset 0x20e, plus
     * 0x200). It needs the image to be a real bzImage.
     */
    static String release(Path bzImage) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(bzImage.toFile(), "r")) {
            byte[] magic = new byte[4];
            f.seek(0x202);
            f.readFully(magic);
            if (!new String(magic, StandardCharsets.US_ASCII).equals("HdrS")) {
                throw new IllegalArgumentException(bzImage + " is not an x86 bzImage (no HdrS boot header)");
            }
            f.seek(0x20e);
            int offset = Short.toUnsignedInt(Short.reverseBytes(f.readShort())) + 0x200;
            byte[] version = new byte[128];
            f.seek(offset);
            int n = f.read(version);
            String text = new String(version, 0, Math.max(0, n), StandardCharsets.US_ASCII);
            int end = text.indexOf(' ');
            return end > 0 ? text.substring(0, end) : "unknown";
        }
    }
}
