package dev.quiz.vm;

import dev.quiz.exec.ChildProcess;
import dev.quiz.store.AtomicFiles;
import dev.quiz.store.FileTrees;
import dev.quiz.store.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A VM saved just after its kernel booted, at the point where the guest init waits for the run's
 * files: qemu's device state ({@code state}), the guest's memory ({@code ram}, a sparse file) and
 * what the boot printed ({@code console}). Resuming it skips qemu's start-up, the kernel's
 * decompression and its boot, which under TCG are most of a short run; under KVM they take a
 * tenth of a second, and VMs there always boot.
 *
 * <p>The guest's memory is a memfd that qemu shares, and the migration stream leaves it out
 * (x-ignore-shared): saving copies only the pages the boot touched, and a resumed VM maps the
 * file copy-on-write, so its pages are read in as the guest touches them. Nothing from one run
 * reaches the next: the file is never written once saved, and the init reseeds the kernel's
 * random generator and sets its clock from the host in every run.
 *
 * <p>The directory's name is a key of everything the guest could have seen by then: qemu, the
 * kernel, the initramfs, the root image, the devices and their order, memory, CPUs and the
 * kernel's command line. A run's own paths (its sockets, console log, shares' host directories)
 * are left out: the guest reads none of them before it is resumed.
 */
public record SavedBoot(Path dir) {
    /** Saved boots kept, the newest: each is the boot's memory, some 50 MB for OpenZFS's kernel. */
    public static final int KEPT = 4;
    /** Saving or resuming that takes longer than this has failed. */
    static final Duration LIMIT = Duration.ofSeconds(60);
    private static final Pattern MIGRATION_ERROR =
            Pattern.compile("\"error-desc\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    public Path state() {
        return dir.resolve("state");
    }

    public Path ram() {
        return dir.resolve("ram");
    }

    public Path console() {
        return dir.resolve("console");
    }

    public boolean isComplete() {
        return Files.isRegularFile(state()) && Files.isRegularFile(ram()) && Files.isRegularFile(console());
    }

    /**
     * Whether a VM like this one may be saved and resumed: only under TCG, where booting is slow;
     * not with virtiofs, whose vhost-user device qemu cannot save; not for a shell or gdb, where a
     * person may want to watch or debug the boot itself.
     */
    public static boolean possible(VmSpec spec) {
        return spec.accel() == Accel.TCG && !spec.usesVirtiofs() && !spec.interactive() && spec.gdbPort().isEmpty();
    }

    /** Where the boot of a VM like {@code spec} is saved, under {@code cache}. */
    public static SavedBoot of(Path cache, VmSpec spec) throws IOException {
        return new SavedBoot(cache.resolve("boots").resolve(key(spec)));
    }

    /** The key: the command line a VM like this boots with, its run's own paths left out, and what its files hold. */
    static String key(VmSpec spec) throws IOException {
        List<Share> shares = new ArrayList<>();
        for (int i = 0; i < spec.shares().size(); i++) {
            Share s = spec.shares().get(i);
            shares.add(new Share(s.tag(), Path.of("/share" + i), s.transport(), s.mountPoint(), s.writable()));
        }
        List<Path> disks = new ArrayList<>();
        List<String> parts = new ArrayList<>(List.of("1", identity(spec.qemu()), identity(spec.kernelImage()),
                identity(spec.initramfs()), identity(spec.rootImage())));
        for (int i = 0; i < spec.scratchDisks().size(); i++) {
            disks.add(Path.of("/disk" + i));
            parts.add(String.valueOf(Files.size(spec.scratchDisks().get(i))));
        }
        VmSpec like = new VmSpec(spec.arch(), spec.qemu(), spec.accel(), spec.kernelImage(), spec.initramfs(),
                spec.rootImage(), spec.memoryMiB(), spec.cpus(), shares, disks, spec.kernelArgs(), spec.extraQemuArgs(),
                Path.of("/status.sock"), Path.of("/console.log"), spec.outputDir().map(o -> Path.of("/out")),
                spec.interactive(), spec.gdbPort(), spec.tscKhz(), spec.pauseOnPanic(), spec.runFiles(), Boot.cold());
        parts.addAll(QemuCommandLine.build(like));
        return Hashing.key(parts.toArray(String[]::new));
    }

    private static String identity(Path file) throws IOException {
        Path real = file.toRealPath();
        BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
        return real + ":" + a.size() + ":" + a.lastModifiedTime().toMillis() + ":" + a.fileKey();
    }

    /**
     * Saves the running VM here: qemu writes its device state while the guest's memory, which
     * it leaves out, is copied from its memfd, with the guest stopped in between. The guest
     * runs on afterwards, either way. Nothing half-saved is left: the directory appears whole.
     */
    void save(Qmp qmp, long qemuPid, List<String> consoleLines) throws IOException, InterruptedException {
        Files.createDirectories(dir.getParent());
        Path part = Files.createTempDirectory(dir.getParent(), ".boot-");
        try {
            qmp.command("{\"execute\": \"migrate-set-capabilities\", \"arguments\": {\"capabilities\": "
                    + "[{\"capability\": \"x-ignore-shared\", \"state\": true}]}}", LIMIT);
            qmp.command("{\"execute\": \"migrate\", \"arguments\": {\"uri\": "
                    + Qmp.quote("exec:cat > " + shellQuote(part.resolve("state"))) + "}}", LIMIT);
            awaitMigration(qmp);
            Path memory = memfd(qemuPid);
            ChildProcess.Captured copied = ChildProcess.capture(ChildProcess.Spec.of("cp", "--sparse=always",
                    memory.toString(), part.resolve("ram").toString()), LIMIT);
            if (!copied.ok()) {
                throw new IOException("cannot copy the guest's memory: " + copied.failure());
            }
            Files.write(part.resolve("console"), consoleLines, StandardCharsets.UTF_8);
            if (!Files.isDirectory(dir)) {
                AtomicFiles.move(part, dir);
            }
        } finally {
            try {
                qmp.command("{\"execute\": \"cont\"}", LIMIT);
            } finally {
                FileTrees.delete(part);
            }
        }
        prune(dir.getParent(), KEPT);
    }

    /** Loads the saved device state into a qemu started with {@code -incoming defer}, which then runs the guest. */
    void resume(Qmp qmp) throws IOException, InterruptedException {
        qmp.command("{\"execute\": \"migrate-set-capabilities\", \"arguments\": {\"capabilities\": "
                + "[{\"capability\": \"x-ignore-shared\", \"state\": true}]}}", LIMIT);
        qmp.command("{\"execute\": \"migrate-incoming\", \"arguments\": {\"uri\": "
                + Qmp.quote("exec:cat " + shellQuote(state())) + "}}", LIMIT);
        awaitMigration(qmp);
        // Saved from a running guest, it runs again by itself once loaded. The directory's time
        // marks it used, for pruning.
        Files.setLastModifiedTime(dir, FileTime.from(Instant.now()));
    }

    /** Removes this saved boot, which could not be resumed. */
    void discard() throws IOException {
        FileTrees.delete(dir);
    }

    private static void awaitMigration(Qmp qmp) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            String answer = qmp.command("{\"execute\": \"query-migrate\"}", LIMIT);
            if (answer.contains("\"completed\"")) {
                return;
            }
            if (answer.contains("\"failed\"") || answer.contains("\"cancelled\"")) {
                Matcher why = MIGRATION_ERROR.matcher(answer);
                throw new IOException(why.find() ? why.group(1) : "qemu could not save or load the VM");
            }
            Thread.sleep(5);
        }
        throw new IOException("qemu did not save or load the VM in " + LIMIT.toSeconds() + "s");
    }

    /** The guest's memory: the memfd qemu holds open (memory-backend-memfd). */
    private static Path memfd(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("/memfd:")) {
                        return fd;
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        throw new IOException("qemu holds no memfd for the guest's memory");
    }

    /** A path as one word for the shell qemu runs an exec: migration through. */
    private static String shellQuote(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }

    /**
     * Keeps the {@code kept} most recently used saved boots in {@code boots}, and removes what a
     * quiz killed while saving left: a save being written is younger than an hour.
     */
    static void prune(Path boots, int kept) throws IOException {
        FileTrees.keepNewest(boots, p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."), kept);
        long hourAgo = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        Predicate<Path> abandoned = p -> p.getFileName().toString().startsWith(".boot-")
                && FileTrees.modified(p).toMillis() < hourAgo;
        FileTrees.keepNewest(boots, abandoned, 0);
    }
}
