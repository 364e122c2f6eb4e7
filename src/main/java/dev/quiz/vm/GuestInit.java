package dev.quiz.vm;

import dev.quiz.arch.Arch;
import dev.quiz.exec.ChildProcess;
import dev.quiz.exec.Which;
import dev.quiz.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.CRC32;

/**
 * The guest's PID 1, stage 1 of its init (quiz/guest/init.c): a static program compiled on the
 * host for the guest's architecture the first time a run needs it, and kept in the cache under a
 * name made from its source and the compiler, so a new quiz or a new compiler builds it again.
 */
public final class GuestInit {
    private static final Duration COMPILE_LIMIT = Duration.ofMinutes(2);

    private GuestInit() {
    }

    /** The compiled init for an architecture, built into {@code cache} when it is not there yet. */
    public static Path binary(Path cache, Arch arch) throws IOException, InterruptedException {
        byte[] source = Initramfs.resource("init.c");
        String gcc = arch.crossPrefix() + "gcc";
        Path compiler = Which.find(gcc).orElseThrow(() -> new IllegalStateException(
                "no " + gcc + " to build the guest's init with: run quiz setup" + arch.option()));
        Path real = compiler.toRealPath();
        // A checksum names it: a cache key, not a check against tampering.
        CRC32 key = new CRC32();
        key.update((real + "\0" + Files.size(real) + "\0" + Files.getLastModifiedTime(real).toMillis() + "\0")
                .getBytes(StandardCharsets.UTF_8));
        key.update(source);
        Path binary = cache.resolve(String.format("init-%s-%08x-%d", arch.id(), key.getValue(), source.length));
        if (Files.isRegularFile(binary)) {
            return binary;
        }
        Files.createDirectories(cache);
        Path src = Files.createTempFile(cache, ".init-", ".c");
        Path partial = Files.createTempFile(cache, ".init-", ".partial");
        try {
            Files.write(src, source);
            ChildProcess.Captured built = ChildProcess.capture(ChildProcess.Spec.of(compiler.toString(), "-static",
                    "-Os", "-s", "-o", partial.toString(), src.toString()), COMPILE_LIMIT);
            if (!built.ok()) {
                throw new IllegalStateException(gcc + " could not build the guest's init (a static program: it needs "
                        + "a static libc, which quiz setup" + arch.option() + " installs): " + built.failure());
            }
            AtomicFiles.move(partial, binary);
            return binary;
        } finally {
            Files.deleteIfExists(src);
            Files.deleteIfExists(partial);
        }
    }
}
