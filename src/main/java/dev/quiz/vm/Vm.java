package dev.quiz.vm;

import dev.quiz.exec.ChildProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One fresh VM: starts qemu (and virtiofsd where asked), streams its console, listens on the
 * status port, hands the guest init the run's files once the kernel has booted, and ends it on
 * exit, timeout, silence or request. Where its {@link Boot} says so it saves the booted VM at
 * that point, or resumes one saved before, and boots the kernel after all should that fail.
 * {@link #run()} blocks in the calling thread, which must stay alive until it returns;
 * {@link #stop()} and {@link #go()} may be called from any thread.
 */
public final class Vm {
    private static final Duration POLL = Duration.ofMillis(100);
    /** How long quiz tries to reach qemu's monitor after starting it. */
    private static final Duration MONITOR_WAIT = Duration.ofSeconds(30);
    /** How long the console stays quiet before a boot is saved: its reader has caught up by then. */
    private static final Duration CONSOLE_SETTLE = Duration.ofMillis(30);

    /** When quiz ends a VM: overall time limit, console silence limit, and how long the guest gets to power off. */
    public record Limits(Optional<Duration> timeout, Optional<Duration> silence, Duration exitGrace) {
    }

    private volatile VmSpec spec;
    private final Limits limits;
    private final VmListener listener;
    private final Path virtiofsd;

    private volatile boolean stopRequested;
    private volatile long lastOutputNanos;
    private volatile SocketChannel statusChannel;
    private volatile long startNanos;
    private volatile long readyNanos;
    private volatile long exitNanos;
    private volatile Integer guestStatus;
    private volatile String bootFailure;
    private volatile Integer setupFailure;
    private volatile boolean goSent;
    private volatile long goNanos;
    private volatile boolean goWanted;
    private volatile boolean guestWaiting;
    private volatile boolean guestPanicked;
    private volatile Qmp qmp;
    private volatile ChildProcess qemuProcess;
    private volatile boolean resumed;
    private volatile String resumeFailure;
    /** What qemu said of itself while a saved boot was being resumed: why it could not be, when it could not. */
    private volatile String qemuComplaint;
    /** What the console showed before the init said the kernel had booted: a saved boot keeps it. */
    private final List<String> bootLines = new ArrayList<>();
    private volatile boolean booted;
    private volatile VmTimeline timeline = new VmTimeline();

    public Vm(VmSpec spec, Limits limits, VmListener listener, Path virtiofsd) {
        this.spec = spec;
        this.limits = limits;
        this.listener = listener;
        this.virtiofsd = virtiofsd;
    }

    /** Asks the VM to stop now; {@link #run()} then returns with {@link VmExit.End#STOPPED}. */
    public void stop() {
        stopRequested = true;
    }

    /** Lets a guest that waits for the host (see {@link GuestPlan#waitForGo()}) run its command. */
    public synchronized void go() {
        goWanted = true;
        sendGoIfReady();
    }

    /** Sends go once both sides are ready: the guest drops anything sent before it said it waits. */
    private synchronized void sendGoIfReady() {
        SocketChannel channel = statusChannel;
        if (goWanted && guestWaiting && !goSent && channel != null) {
            try {
                channel.write(ByteBuffer.wrap("go\n".getBytes(StandardCharsets.US_ASCII)));
                goSent = true;
                goNanos = System.nanoTime();
                timeline.go(goNanos);
            } catch (IOException e) {
                // The guest is gone; run() sees qemu exit.
            }
        }
    }

    public VmExit run() throws IOException, InterruptedException {
        if (!spec.boot().resumes()) {
            return runOnce();
        }
        SavedBoot saved = spec.boot().saved().orElseThrow();
        VmExit exit = runOnce();
        if (resumed || stopRequested) {
            return exit;
        }
        // Nothing of the guest ran: start again, booting, and save a boot that resumes.
        String why = qemuComplaint != null ? qemuComplaint
                : resumeFailure != null ? resumeFailure : "qemu exited with status " + exit.qemuStatus();
        listener.note("the saved boot could not be resumed (" + why + "); booting the kernel");
        saved.discard();
        qmp = null;
        statusChannel = null;
        timeline = new VmTimeline();
        spec = spec.withBoot(Boot.from(saved));
        return runOnce();
    }

    private VmExit runOnce() throws IOException, InterruptedException {
        VmSpec spec = this.spec;
        booted = false;
        synchronized (bootLines) {
            bootLines.clear();
        }
        Files.deleteIfExists(spec.statusSocket());
        if (spec.boot().resumes()) {
            // The saved boot's console, as if it had just been printed: the log and the verdict see the same.
            Path lines = spec.boot().saved().orElseThrow().console();
            Files.copy(lines, spec.consoleLog(), StandardCopyOption.REPLACE_EXISTING);
            for (String line : Files.readAllLines(lines, StandardCharsets.UTF_8)) {
                listener.consoleLine(line);
            }
        }
        List<ChildProcess> daemons = new ArrayList<>();
        long t0 = System.nanoTime();
        lastOutputNanos = t0;
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(spec.statusSocket()));
            Thread statusReader = new Thread(() -> readStatus(server), "quiz-vm-status");
            statusReader.setDaemon(true);
            statusReader.start();
            for (Share share : spec.shares()) {
                if (share.transport() == Share.Transport.VIRTIOFS) {
                    daemons.add(startVirtiofsd(share));
                }
            }
            ChildProcess.Spec qemuSpec = ChildProcess.Spec.of(QemuCommandLine.build(spec));
            if (spec.interactive()) {
                qemuSpec = qemuSpec.inheritingIo();
            }
            timeline.qemuStarted(System.nanoTime());
            try (ChildProcess qemu = ChildProcess.start(qemuSpec, this::consoleLine)) {
                qemuProcess = qemu;
                Thread monitor = new Thread(() -> {
                    connectMonitor(qemu);
                    if (spec.boot().resumes()) {
                        resume(qemu, spec.boot().saved().orElseThrow());
                    }
                }, "quiz-vm-monitor");
                monitor.setDaemon(true);
                monitor.start();
                return superviseUntilEnd(qemu, daemons, t0);
            }
        } finally {
            Qmp q = qmp;
            if (q != null) {
                q.close();
            }
            daemons.forEach(ChildProcess::close);
            SocketChannel channel = statusChannel;
            if (channel != null) {
                channel.close();
            }
            Files.deleteIfExists(spec.statusSocket());
        }
    }

    /** Loads the saved boot into qemu, then hands the resumed init the run's files; ends qemu should that fail. */
    private void resume(ChildProcess qemu, SavedBoot saved) {
        try {
            Qmp q = qmp;
            if (q == null) {
                throw new IOException("qemu's monitor was not reachable");
            }
            saved.resume(q);
            resumed = true;
            timeline.resumed(System.nanoTime());
            long deadline = System.nanoTime() + MONITOR_WAIT.toNanos();
            while (statusChannel == null && qemu.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            sendRunFiles();
        } catch (IOException e) {
            resumeFailure = e.getMessage();
            qemu.kill();
        } catch (InterruptedException e) {
            qemu.kill();
        }
    }

    /**
     * Once the kernel has booted: saves the VM where asked and the boot was clean, then hands the
     * init the run's files.
     */
    private void booted() {
        booted = true;
        if (spec.boot().saves()) {
            try {
                saveBoot(spec.boot().saved().orElseThrow());
            } catch (IOException e) {
                listener.note("the booted VM could not be saved for later runs: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        sendRunFiles();
    }

    private void saveBoot(SavedBoot saved) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + MONITOR_WAIT.toNanos();
        while (qmp == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        // The console's reader may be a line or two behind the guest, which printed the boot before its init ran.
        long settle = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() - lastOutputNanos < CONSOLE_SETTLE.toNanos() && System.nanoTime() < settle) {
            Thread.sleep(10);
        }
        Qmp q = qmp;
        ChildProcess qemu = qemuProcess;
        if (q == null || qemu == null) {
            throw new IOException("qemu's monitor was not reachable");
        }
        if (!listener.bootIsClean()) {
            return;
        }
        List<String> lines;
        synchronized (bootLines) {
            lines = List.copyOf(bootLines);
        }
        long t0 = System.nanoTime();
        saved.save(q, qemu.pid(), lines);
        timeline.saved(t0, System.nanoTime());
    }

    /** The run's files, the host's clock and a seed, for the init that waits after booting. */
    private synchronized void sendRunFiles() {
        SocketChannel channel = statusChannel;
        if (channel == null) {
            return;
        }
        try (InputStream random = Files.newInputStream(Path.of("/dev/urandom"))) {
            byte[] handover = spec.runFiles().handover(Instant.now(), random.readNBytes(32));
            ByteBuffer buffer = ByteBuffer.wrap(handover);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            // The guest is gone; run() sees qemu exit.
        }
    }

    /** Connects to qemu's monitor once it listens, for its events (a panic) and for a dump. */
    private void connectMonitor(ChildProcess qemu) {
        long deadline = System.nanoTime() + MONITOR_WAIT.toNanos();
        while (qemu.isAlive() && System.nanoTime() < deadline) {
            if (Files.exists(spec.qmpSocket())) {
                try {
                    qmp = Qmp.connect(spec.qmpSocket(), event -> {
                        if (event.equals("GUEST_PANICKED")) {
                            guestPanicked = true;
                            listener.guestPanicked();
                        }
                    });
                    return;
                } catch (IOException e) {
                    // not listening yet
                } catch (InterruptedException e) {
                    return;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Saves the guest's memory to {@code file} as a compressed kdump vmcore, for crash and drgn;
     * the guest is paused meanwhile, and the dump names the kernel its console's banner named, and
     * the task that {@code panicked} (when the kernel panicked) as the one its CPU was running. It
     * never takes longer than {@code limit}, and a failure is said, not thrown: the run goes on to
     * its end either way.
     */
    public Vmcore dump(Path file, Duration limit, Optional<RunningTask> panicked) throws InterruptedException {
        long t0 = System.nanoTime();
        Qmp q = qmp;
        if (q == null) {
            return Vmcore.failed(Duration.ZERO, "qemu's monitor was not reachable");
        }
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(part);
            q.command("{\"execute\": \"dump-guest-memory\", \"arguments\": {\"paging\": false, \"protocol\": "
                    + Qmp.quote("file:" + part) + ", \"format\": \"kdump-zlib\"}}", limit);
            if (FlatDump.isFlat(part)) {
                FlatDump.reassemble(part, file);
                Files.delete(part);
            } else {
                Files.move(part, file);
            }
            KdumpHeader.nameKernel(file, KdumpHeader.banner(spec.consoleLog()), spec.arch().machine());
            KdumpHeader.nameTasks(file, panicked);
            return Vmcore.written(file, Duration.ofNanos(System.nanoTime() - t0), Files.size(file));
        } catch (IOException e) {
            try {
                Files.deleteIfExists(part);
                Files.deleteIfExists(file);
            } catch (IOException gone) {
                // nothing half-written is presented as a vmcore
            }
            return Vmcore.failed(Duration.ofNanos(System.nanoTime() - t0), e.getMessage());
        }
    }

    private VmExit superviseUntilEnd(ChildProcess qemu, List<ChildProcess> daemons, long t0)
            throws InterruptedException {
        VmExit.End end = null;
        Optional<Integer> status = Optional.empty();
        while (status.isEmpty()) {
            status = qemu.waitFor(POLL);
            if (status.isPresent()) {
                end = VmExit.End.QEMU_EXITED;
                break;
            }
            long now = System.nanoTime();
            // A guest that waits for the build is not slow or silent: the wait is the build's time.
            long waited = waitedForGo(now);
            boolean waiting = guestWaiting && !goSent;
            if (stopRequested) {
                end = VmExit.End.STOPPED;
            } else if (guestStatus == null && daemons.stream().anyMatch(d -> !d.isAlive())) {
                // (After the command's exit, virtiofsd ends by itself as the guest powers off.)
                bootFailure = "virtiofsd exited; its messages are above (try --share 9p)";
                end = VmExit.End.STOPPED;
            } else if (limits.timeout().isPresent() && now - t0 - waited > limits.timeout().get().toNanos()) {
                end = VmExit.End.TIMEOUT;
            } else if (!spec.interactive() && !waiting && limits.silence().isPresent()
                    && now - Math.max(lastOutputNanos, goNanos) > limits.silence().get().toNanos()) {
                end = VmExit.End.SILENT;
            } else if (exitNanos != 0 && now - exitNanos > limits.exitGrace().toNanos()) {
                // The command has ended and reported; the guest did not power off in time.
                end = VmExit.End.QEMU_EXITED;
            }
            if (end != null) {
                qemu.kill();
                status = Optional.of(qemu.waitFor());
            }
        }
        long t1 = System.nanoTime();
        timeline.ended(t1);
        // Time the ready guest spent waiting for the host's go is the build's, not the boot's.
        long waited = waitedForGo(t1);
        Optional<Duration> boot = startNanos == 0 ? Optional.empty()
                : Optional.of(Duration.ofNanos(startNanos - t0 - waited));
        Optional<Duration> command = startNanos == 0 ? Optional.empty()
                : Optional.of(Duration.ofNanos((exitNanos == 0 ? t1 : exitNanos) - startNanos));
        Optional<Duration> ready = readyNanos == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(readyNanos - t0));
        return new VmExit(end, status.get(), Optional.ofNullable(guestStatus), Optional.ofNullable(bootFailure),
                Optional.ofNullable(setupFailure), ready, boot, command, Duration.ofNanos(t1 - t0), spec.consoleLog(),
                timeline.qemuStartedNanos(), timeline.breakdown(), guestPanicked);
    }

    /** How long the guest has waited for the host's go, up to {@code now}. */
    private long waitedForGo(long now) {
        if (!guestWaiting) {
            return 0;
        }
        return (goSent ? goNanos : now) - readyNanos;
    }

    private void consoleLine(String line) {
        if (spec.boot().resumes() && !resumed && line.startsWith("qemu-system-")) {
            qemuComplaint = line;
        }
        if (!booted) {
            synchronized (bootLines) {
                bootLines.add(line);
            }
        }
        lastOutputNanos = System.nanoTime();
        timeline.consoleLine(lastOutputNanos);
        listener.consoleLine(line);
    }

    private void readStatus(ServerSocketChannel server) {
        try {
            SocketChannel channel = server.accept();
            statusChannel = channel;
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                GuestMessage.parse(line).ifPresent(this::guestMessage);
            }
        } catch (IOException e) {
            // qemu closed the port: the VM has ended.
        }
    }

    private void guestMessage(GuestMessage message) {
        long now = System.nanoTime();
        lastOutputNanos = now;
        switch (message.kind()) {
            case START, SHELL -> {
                if (startNanos == 0) {
                    startNanos = now;
                }
                timeline.commandStarted(now);
            }
            case EXIT -> {
                if (guestStatus == null) {
                    guestStatus = message.status();
                    exitNanos = now;
                }
                timeline.commandEnded(now);
            }
            case MARK -> timeline.mark(message.argument(), now);
            case BOOTED -> booted();
            case BOOT_FAILED -> bootFailure = message.argument();
            case SETUP_FAILED -> setupFailure = message.status();
            case UP, WAITING -> {
                if (readyNanos == 0 || message.kind() == GuestMessage.Kind.WAITING) {
                    readyNanos = now;
                }
                if (message.kind() == GuestMessage.Kind.WAITING) {
                    timeline.waiting(now);
                    guestWaiting = true;
                    sendGoIfReady();
                }
            }
        }
        listener.guestMessage(message);
    }

    private ChildProcess startVirtiofsd(Share share) throws IOException, InterruptedException {
        if (virtiofsd == null || !Files.isExecutable(virtiofsd)) {
            throw new IllegalStateException("virtiofs asked for, but no virtiofsd found; use --share 9p");
        }
        Path socket = spec.virtiofsSocket(share);
        Files.deleteIfExists(socket);
        ChildProcess daemon = ChildProcess.start(ChildProcess.Spec.of(List.of(virtiofsd.toString(),
                "--socket-path=" + socket, "-o", "source=" + share.hostPath().toString().replace(",", "\\,"), "-o", "cache=none",
                "-o", "sandbox=chroot")), line -> listener.consoleLine("virtiofsd: " + line));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(socket)) {
            if (!daemon.isAlive() || System.nanoTime() > deadline) {
                daemon.close();
                throw new UncheckedIOException(new IOException("virtiofsd did not start for " + share.hostPath()));
            }
            Thread.sleep(10);
        }
        return daemon;
    }
}
