package dev.quiz.vm;

import dev.quiz.arch.Arch;
import dev.quiz.store.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The per-run initramfs: quiz's two-stage guest init (a static program, then a shell script in
 * the root), and the run's own mounts, config, setup and command. The kernel and root image stay
 * the same from run to run; this small archive is what carries one run's instructions into the
 * guest. The part that is the same for every run is built once and kept, keyed by its content; a
 * run's own files follow it as a second archive in the same file, which the kernel unpacks after
 * the first.
 */
public final class Initramfs {
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    private Initramfs() {
    }

    /** A run's initramfs: the shared part from {@link #base}, then the run's mounts, config, setup and command. */
    public static void write(Path target, Path base, GuestPlan plan, Arch arch, List<Share> shares, boolean outputDir)
            throws IOException {
        Cpio cpio = new Cpio();
        cpio.file("quiz/mounts", 0644, mounts(shares, outputDir).getBytes(StandardCharsets.UTF_8));
        cpio.file("quiz/config", 0644, config(plan, arch).getBytes(StandardCharsets.UTF_8));
        cpio.file("quiz/setup", 0644, plan.setupScript().getBytes(StandardCharsets.UTF_8));
        cpio.file("quiz/command", 0644, plan.commandScript().getBytes(StandardCharsets.UTF_8));
        Files.copy(base, target, StandardCopyOption.REPLACE_EXISTING);
        Files.write(target, cpio.finish(), StandardOpenOption.APPEND);
    }

    /**
     * The part of every run's initramfs that is the same each time (the guest init's two
     * stages), built once into {@code cache} and kept, under a name made from what it holds.
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

    /**
     * What the init's first stage mounts: the layers of the root, top layer first, the dirs at
     * their mount points, and the output share.
     */
    static String mounts(List<Share> shares, boolean outputDir) {
        StringBuilder sb = new StringBuilder();
        for (Share s : shares) {
            if (s.mountPoint().isEmpty()) {
                sb.append("share ").append(s.tag()).append(' ').append(s.transport().guestName()).append('\n');
            } else {
                sb.append("dir ").append(s.tag()).append(' ').append(s.transport().guestName()).append(' ')
                        .append(s.mountPoint().get()).append(s.writable() ? " rw" : " ro").append('\n');
            }
        }
        if (outputDir) {
            sb.append("output ").append(QemuCommandLine.OUTPUT_TAG).append('\n');
        }
        return sb.toString();
    }

    /** The config of the init's second stage: shell variable assignments and the guest's environment. */
    static String config(GuestPlan plan, Arch arch) {
        Map<String, String> vars = new TreeMap<>();
        vars.put("QUIZ_CONSOLE", "/dev/" + arch.console());
        vars.put("QUIZ_SHELL", plan.shell() ? "1" : "0");
        vars.put("QUIZ_WAIT_GO", plan.waitForGo() ? "1" : "0");
        if (plan.terminalRows() > 0) {
            vars.put("QUIZ_ROWS", String.valueOf(plan.terminalRows()));
            vars.put("QUIZ_COLS", String.valueOf(plan.terminalColumns()));
        }
        StringBuilder sb = new StringBuilder();
        vars.forEach((k, v) -> sb.append(k).append('=').append(GuestPlan.shellQuote(v)).append('\n'));
        plan.environment().forEach((k, v) -> sb.append("export ").append(k).append('=')
                .append(GuestPlan.shellQuote(v)).append('\n'));
        return sb.toString();
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
