package dev.quiz.cli;

import dev.quiz.cycle.RunOptions;
import dev.quiz.profile.HostDir;
import dev.quiz.vm.AccelRequest;
import dev.quiz.vm.Share;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The guest's machine and limits, the same options for quiz run and quiz watch. */
final class VmOptions {
    @Mixin
    ArchOption arch;

    @Option(names = "--kernel", paramLabel = "VERSION|PATH",
            description = "Kernel to boot: a prepared release (6.1), or a kernel image (bzImage, arm64's Image) or "
                    + "kernel build tree. Default: the profile's, or the last prepared for the architecture.")
    String kernel;

    @Option(names = "--accel", paramLabel = "auto|kvm|tcg",
            description = "CPU acceleration. auto (the default, unless the profile says) uses KVM only where it really "
                    + "works, and says why not otherwise.")
    AccelRequest accel;

    @Option(names = "--share", paramLabel = "9p|virtiofs", converter = Converters.ShareTransport.class,
            description = "How the work dir reaches the guest (default: 9p); virtiofs needs virtiofsd.")
    Share.Transport share;

    @Option(names = "--dir", paramLabel = "HOST[:GUEST][:ro|rw]", converter = Converters.Dir.class,
            description = "Share a host directory with the guest at GUEST (default: the same path), over --share's "
                    + "transport (repeatable; a profile adds its vm.dirs). It is read-only unless :rw is given: nothing "
                    + "of the host is ever writable by default. GUEST may not hide the guest's own directories (/usr, /etc, "
                    + "/lib, ...).")
    List<HostDir> dirs = new ArrayList<>();

    @Option(names = "--no-vmcore", description = "Do not save the guest's memory when it panics or asserts (by default "
            + "it is saved as a vmcore in the run's directory, for crash and drgn). A profile's verdict.vmcore = false "
            + "does the same.")
    boolean noVmcore;

    @Option(names = "--cold-boot", description = "Boot the kernel, even where a boot of it saved by an earlier run "
            + "could be resumed. Under TCG quiz saves the VM once its kernel has booted, before the run's files reach "
            + "it, and resumes that for later runs of the same kernel, root and machine: a second or so less per run.")
    boolean coldBoot;

    @Option(names = "--mem", paramLabel = "SIZE", converter = Converters.GuestMemory.class,
            description = "Guest memory, such as 1G or 2048M (at least 128M). Default: the profile's, or 1G.")
    Long memory;

    @Option(names = "--cpus", paramLabel = "N", converter = Converters.GuestCpus.class,
            description = "Guest CPUs, 1 to 64. Default: the profile's, or 2.")
    Integer cpus;

    @Option(names = "--append", paramLabel = "ARG", description = "Extra kernel command line argument (repeatable).")
    List<String> append = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Converters.Span.class,
            description = "Kill the VM and report TIMEOUT after this long (such as 90s or 10m); the time a VM waits for "
                    + "a build does not count. Default: the profile's, or 10m (none for a shell or --gdb).")
    Duration timeout;

    @Option(names = "--silence", paramLabel = "DURATION", converter = Converters.Span.class,
            description = "Report HANG when the console is silent this long. Default: the profile's, or 5m "
                    + "(none for a shell or --gdb).")
    Duration silence;

    /** What these options ask of a run, with what only the command knows. */
    RunOptions options(List<String> qemuArgs, OptionalInt gdbPort, List<String> command, boolean shellAfter,
            boolean shellAllowed) {
        return new RunOptions(arch.asked(), Optional.ofNullable(accel), Optional.ofNullable(share), dirs,
                noVmcore ? Optional.of(false) : Optional.empty(), coldBoot, Optional.ofNullable(memory),
                Optional.ofNullable(cpus), append, qemuArgs, gdbPort, Optional.ofNullable(timeout),
                Optional.ofNullable(silence), command, shellAfter, shellAllowed);
    }
}
