package dev.quiz.cycle;

import dev.quiz.analysis.Verdicts;
import dev.quiz.arch.Arch;
import dev.quiz.profile.HostDir;
import dev.quiz.vm.KvmHost;
import dev.quiz.vm.Share;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A run's settings, every command-line option and profile value resolved and checked and every
 * default applied, by {@link Settings}: the machine, when quiz ends the run, what the guest runs,
 * and how the run is judged.
 */
public record RunSettings(Vm vm, Limits limits, Guest guest, Verdicts.Policy verdict) {

    /**
     * The machine: its architecture, its accelerator (and why that one), how the work dir and the
     * host dirs reach it, the host dirs, its size, the kernel command line quiz adds to, extra qemu
     * arguments, a gdb stub, the host's TSC rate under TCG, whether its memory is saved when it
     * panics or asserts (a vmcore), and whether it may resume a saved boot of its kernel.
     */
    public record Vm(Arch arch, KvmHost.AccelChoice accel, Share.Transport share, List<HostDir> dirs, int memoryMiB,
            int cpus, List<String> kernelArgs, List<String> qemuArgs, OptionalInt gdbPort, OptionalLong tscKhz,
            boolean vmcore, boolean resume) {
        public Vm {
            dirs = List.copyOf(dirs);
            kernelArgs = List.copyOf(kernelArgs);
            qemuArgs = List.copyOf(qemuArgs);
        }
    }

    /** When quiz ends the run: past the timeout, or after this long without a line on the console. */
    public record Limits(Optional<Duration> timeout, Optional<Duration> silence) {
    }

    /** What the guest runs: the command (none: a shell), a shell after it, on a terminal of this size. */
    public record Guest(List<String> command, boolean shellAfter, boolean interactive, int rows, int columns) {
        public Guest {
            command = List.copyOf(command);
        }
    }
}
