package dev.quiz.vm;

import dev.quiz.arch.Arch;
import dev.quiz.profile.VmLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Everything one fresh VM is made of. Shares are listed top layer first: the first share's
 * files hide those of the next and of the root image. The output dir ($QUIZ_OUT in the guest)
 * and the shares mounted writable are the only host directories the guest may write to.
 * {@code pauseOnPanic}: a panic pauses the guest for quiz to save its memory, rather than ending qemu.
 * {@code runFiles}: what the guest init is sent once the kernel has booted; {@code boot}: whether
 * the kernel boots, or a saved boot of it is resumed.
 */
public record VmSpec(
        Arch arch,
        Path qemu,
        Accel accel,
        Path kernelImage,
        Path initramfs,
        Path rootImage,
        int memoryMiB,
        int cpus,
        List<Share> shares,
        List<Path> scratchDisks,
        List<String> kernelArgs,
        List<String> extraQemuArgs,
        Path statusSocket,
        Path consoleLog,
        Optional<Path> outputDir,
        boolean interactive,
        OptionalInt gdbPort,
        OptionalLong tscKhz,
        boolean pauseOnPanic,
        RunFiles runFiles,
        Boot boot) {

    public VmSpec {
        shares = List.copyOf(shares);
        scratchDisks = List.copyOf(scratchDisks);
        kernelArgs = List.copyOf(kernelArgs);
        extraQemuArgs = List.copyOf(extraQemuArgs);
        VmLimits.memory((long) memoryMiB << 20);
        VmLimits.cpus(cpus);
    }

    /** The same VM, coming up another way. */
    public VmSpec withBoot(Boot other) {
        return new VmSpec(arch, qemu, accel, kernelImage, initramfs, rootImage, memoryMiB, cpus, shares, scratchDisks,
                kernelArgs, extraQemuArgs, statusSocket, consoleLog, outputDir, interactive, gdbPort, tscKhz,
                pauseOnPanic, runFiles, other);
    }

    public boolean usesVirtiofs() {
        return shares.stream().anyMatch(s -> s.transport() == Share.Transport.VIRTIOFS);
    }

    /** qemu's monitor (QMP), for the events it reports and a dump of the guest's memory. */
    public Path qmpSocket() {
        return statusSocket.resolveSibling("qmp.sock");
    }

    /** The socket qemu talks to virtiofsd on for a share. */
    public Path virtiofsSocket(Share share) {
        return statusSocket.resolveSibling("virtiofs-" + share.tag() + ".sock");
    }
}
