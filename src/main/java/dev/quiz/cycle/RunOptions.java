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
 * the rest from the profile and the defaults. {@code shellAllowed}: the command can open a shell
 * in the guest (quiz run can; quiz watch cannot).
 */
public record RunOptions(Optional<Arch> arch, Optional<AccelRequest> accel, Optional<Share.Transport> share,
        List<HostDir> dirs, Optional<Long> memoryBytes,
        Optional<Integer> cpus, List<String> append, List<String> qemuArgs, OptionalInt gdbPort,
        Optional<Duration> timeout, Optional<Duration> silence, List<String> command, boolean shellAfter,
        boolean shellAllowed) {

    public RunOptions {
        dirs = List.copyOf(dirs);
        append = List.copyOf(append);
        qemuArgs = List.copyOf(qemuArgs);
        command = List.copyOf(command);
    }

    /** Nothing asked: the profile's values and the defaults, with no shell. */
    public static RunOptions none() {
        return new RunOptions(Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), List.of(), List.of(),
                OptionalInt.empty(), Optional.empty(), Optional.empty(), List.of(), false, false);
    }
}
