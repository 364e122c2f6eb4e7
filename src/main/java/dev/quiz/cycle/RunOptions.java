package dev.quiz.cycle;

import dev.quiz.arch.Arch;
import dev.quiz.profile.HostDir;
import dev.quiz.vm.AccelRequest;
import dev.quiz.vm.Share;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the command line asked of a run, empty where it said nothing: {@link Settings} fills
 * the rest from the profile and the defaults. {@code coldBoot}: the kernel boots even where a saved
 * boot of it could be resumed. {@code shellAllowed}: the command can open a shell
 * in the guest (quiz run can; quiz watch cannot).
 */
public record RunOptions(Optional<Arch> arch, Optional<AccelRequest> accel, Optional<Share.Transport> share,
        List<HostDir> dirs, Optional<Boolean> vmcore, boolean coldBoot, Optional<Long> memoryBytes,
        Optional<Integer> cpus, List<String> append, List<String> qemuArgs, OptionalInt gdbPort,
        Optional<Duration> timeout, Optional<Duration> silence, List<String> command, boolean shellAfter,
        boolean shellAllowed) {

    public RunOptions {
        dirs = List.copyOf(dirs);
        append = List.copyOf(append);
        qemuArgs = List.copyOf(qemuArgs);
        command = List.copyOf(command);
    }

    // One option changed, the rest as they are: for a command that asks for a few, and for tests.

    public RunOptions withArch(Optional<Arch> value) {
        return new RunOptions(value, accel, share, dirs, vmcore, coldBoot, memoryBytes, cpus, append, qemuArgs, gdbPort,
                timeout, silence, command, shellAfter, shellAllowed);
    }

    public RunOptions withAccel(Optional<AccelRequest> value) {
        return new RunOptions(arch, value, share, dirs, vmcore, coldBoot, memoryBytes, cpus, append, qemuArgs, gdbPort,
                timeout, silence, command, shellAfter, shellAllowed);
    }

    public RunOptions withShare(Optional<Share.Transport> value) {
        return new RunOptions(arch, accel, value, dirs, vmcore, coldBoot, memoryBytes, cpus, append, qemuArgs, gdbPort,
                timeout, silence, command, shellAfter, shellAllowed);
    }

    public RunOptions withDirs(List<HostDir> value) {
        return new RunOptions(arch, accel, share, value, vmcore, coldBoot, memoryBytes, cpus, append, qemuArgs, gdbPort,
                timeout, silence, command, shellAfter, shellAllowed);
    }

    public RunOptions withMemoryBytes(Optional<Long> value) {
        return new RunOptions(arch, accel, share, dirs, vmcore, coldBoot, value, cpus, append, qemuArgs, gdbPort,
                timeout, silence, command, shellAfter, shellAllowed);
    }

    public RunOptions withCpus(Optional<Integer> value) {
        return new RunOptions(arch, accel, share, dirs, vmcore, coldBoot, memoryBytes, value, append, qemuArgs, gdbPort,
                timeout, silence, command, shellAfter, shellAllowed);
    }

    public RunOptions withAppend(List<String> value) {
        return new RunOptions(arch, accel, share, dirs, vmcore, coldBoot, memoryBytes, cpus, value, qemuArgs, gdbPort,
                timeout, silence, command, shellAfter, shellAllowed);
    }

    public RunOptions withQemuArgs(List<String> value) {
        return new RunOptions(arch, accel, share, dirs, vmcore, coldBoot, memoryBytes, cpus, append, value, gdbPort,
                timeout, silence, command, shellAfter, shellAllowed);
    }

    public RunOptions withGdbPort(OptionalInt value) {
        return new RunOptions(arch, accel, share, dirs, vmcore, coldBoot, memoryBytes, cpus, append, qemuArgs, value,
                timeout, silence, command, shellAfter, shellAllowed);
    }

    public RunOptions withTimeout(Optional<Duration> value) {
        return new RunOptions(arch, accel, share, dirs, vmcore, coldBoot, memoryBytes, cpus, append, qemuArgs, gdbPort,
                value, silence, command, shellAfter, shellAllowed);
    }

    public RunOptions withSilence(Optional<Duration> value) {
        return new RunOptions(arch, accel, share, dirs, vmcore, coldBoot, memoryBytes, cpus, append, qemuArgs, gdbPort,
                timeout, value, command, shellAfter, shellAllowed);
    }

    /** The command, whether a shell follows it, and whether the command can open a shell at all (quiz run can). */
    public RunOptions withCommand(List<String> value, boolean after, boolean allowed) {
        return new RunOptions(arch, accel, share, dirs, vmcore, coldBoot, memoryBytes, cpus, append, qemuArgs, gdbPort,
                timeout, silence, value, after, allowed);
    }

    /** Nothing asked: the profile's values and the defaults, with no shell. */
    public static RunOptions none() {
        return new RunOptions(Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(), false,
                Optional.empty(), Optional.empty(), List.of(), List.of(),
                OptionalInt.empty(), Optional.empty(), Optional.empty(), List.of(), false, false);
    }
}
