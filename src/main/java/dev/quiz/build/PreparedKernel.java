package dev.quiz.build;

import dev.quiz.arch.Arch;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * A kernel ready to boot: its architecture, its image, and where quiz built it. {@code modulesRoot} is a
 * directory whose {@code usr/lib/modules/RELEASE} the guest sees; {@code buildDir} is the kbuild
 * tree that {@code make M=} and OpenZFS's {@code --with-linux-obj} use. An external bzImage has
 * neither.
 */
public record PreparedKernel(
        Arch arch,
        String release,
        Path image,
        Optional<Path> vmlinux,
        Optional<Path> modulesRoot,
        Optional<Path> buildDir,
        Optional<Path> sourceDir,
        String description) {

    static final String METADATA = "kernel.properties";

    /** Reads a kernel quiz prepared, from its store directory. */
    static Optional<PreparedKernel> read(Path dir) throws IOException {
        Optional<Properties> metadata = metadata(dir);
        if (metadata.isEmpty()) {
            return Optional.empty();
        }
        Properties p = metadata.get();
        Path build = dir.resolve("build");
        // Kernels prepared before quiz knew other architectures are x86_64's.
        Arch arch = Arch.parse(p.getProperty("arch", Arch.X86_64.id()));
        return Optional.of(new PreparedKernel(
                arch,
                p.getProperty("release"),
                dir.resolve(arch.imageName()),
                Optional.of(build.resolve("vmlinux")).filter(Files::exists),
                Optional.of(dir.resolve("modules")),
                Optional.of(build),
                Optional.of(Path.of(p.getProperty("source.dir"))),
                p.getProperty("source")));
    }

    /** The store key this kernel was built from, for an up-to-date check. */
    static Optional<String> storedKey(Path dir) throws IOException {
        return metadata(dir).map(p -> p.getProperty("key"));
    }

    private static Optional<Properties> metadata(Path dir) throws IOException {
        Path file = dir.resolve(METADATA);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return Optional.of(p);
    }
}
