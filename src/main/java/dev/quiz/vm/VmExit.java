package dev.quiz.vm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a VM ended. {@code guestStatus} is present only when the guest init reported the
 * command's exit over the status port: a status is never guessed from console text.
 * {@code readyTime} is when the guest was up and (if asked) waiting for the host's go;
 * {@code bootTime} when the command started; {@code timings} where the VM's time went, and
 * {@code qemuStartedNanos} when qemu was started (System.nanoTime); {@code guestPanicked}: the
 * guest's kernel said through pvpanic that it panicked.
 */
public record VmExit(
        End end,
        int qemuStatus,
        Optional<Integer> guestStatus,
        Optional<String> bootFailure,
        Optional<Integer> setupFailure,
        Optional<Duration> readyTime,
        Optional<Duration> bootTime,
        Optional<Duration> commandTime,
        Duration total,
        Path consoleLog,
        long qemuStartedNanos,
        List<VmTimeline.Timing> timings,
        boolean guestPanicked) {

    public VmExit {
        timings = List.copyOf(timings);
    }

    public enum End {
        /** qemu exited by itself: the guest rebooted after its command, or the kernel panicked. */
        QEMU_EXITED,
        /** The run went past its time limit and quiz killed the VM. */
        TIMEOUT,
        /** The console stayed silent past the idle limit and quiz killed the VM. */
        SILENT,
        /** quiz stopped the VM on purpose (a crash report seen on the console, or a cancel). */
        STOPPED
    }

    /** Whether the guest said its command started. */
    public boolean commandStarted() {
        return commandTime.isPresent() || guestStatus.isPresent();
    }
}
