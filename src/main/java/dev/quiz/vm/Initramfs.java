package dev.quiz.vm;

import dev.quiz.store.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The initramfs: quiz's two-stage guest init (a static program, then a shell script in the
 * root). It is the same for every run, so it is built once and kept, keyed by its content; a
 * run's own instructions reach the guest later, over the status port ({@link RunFiles}).
 */
public final class Initramfs {
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    private Initramfs() {
    }

    /**
     * The initramfs (the guest init's two stages), built once into {@code cache} and kept, under a
     * name made from what it holds.
     */
    public static Path base(Path cache, Path init) throws IOException {
        byte[] run = resource("run");
        // A checksum names it: a cache key, not a check against tampering, and cheaper to start than SHA-256.
        CRC32 key = new CRC32();
        key.update((init + "\0" + Files.size(init) + "\0" + Files.getLastModifiedTime(init).toMillis() + "\0")
                .getBytes(StandardCharsets.UTF_8));
        key.update(run);
        Path base = cache.resolve(String.format("base-%08x-%d.cpio", key.getValue(), run.length));
        if (!Files.isRegularFile(base)) {
            Cpio cpio = new Cpio();
            for (String dir : List.of("dev", "proc", "sys", "mnt", "quiz")) {
                cpio.directory(dir);
            }
            cpio.characterDevice("dev/console", 0600, 5, 1);
            cpio.file("init", 0755, Files.readAllBytes(init));
            cpio.file("quiz/run", 0755, run);
            Files.createDirectories(cache);
            Path partial = Files.createTempFile(cache, ".base-", ".cpio");
            Files.write(partial, cpio.finish());
            AtomicFiles.move(partial, base);
        }
        return base;
    }

    /**
     * The smallest useful guest, for measuring qemu and the kernel alone: busybox runs these
     * commands (busybox applets, such as echo or insmod) and reboots at once.
     */
    public static void writeBare(Path target, Path busybox, List<String> commands) throws IOException {
        Cpio cpio = new Cpio();
        for (String dir : List.of("bin", "dev", "proc", "mnt")) {
            cpio.directory(dir);
        }
        cpio.characterDevice("dev/console", 0600, 5, 1);
        cpio.file("bin/busybox", 0755, Files.readAllBytes(busybox));
        StringBuilder init = new StringBuilder("#!/bin/busybox sh\n");
        commands.forEach(c -> init.append("/bin/busybox ").append(c).append('\n'));
        init.append("/bin/busybox reboot -f\n");
        cpio.file("init", 0755, init.toString().getBytes(StandardCharsets.UTF_8));
        Files.write(target, cpio.finish());
    }

    static byte[] resource(String name) {
        try (InputStream in = Initramfs.class.getResourceAsStream("/quiz/guest/" + name)) {
            if (in == null) {
                throw new IllegalStateException("quiz is missing its guest file " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
