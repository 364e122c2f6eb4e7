package dev.quiz.cycle;

import dev.quiz.analysis.Verdicts;
import dev.quiz.arch.Arch;
import dev.quiz.build.BuildOptions;
import dev.quiz.profile.Profile;
import dev.quiz.profile.ProfileKeys;
import dev.quiz.vm.Accel;
import dev.quiz.vm.AccelRequest;
import dev.quiz.vm.KvmHost;
import dev.quiz.vm.Share;
import java.time.Duration;
import dev.quiz.profile.HostDir;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The one place a run's and a build's settings are decided: the command line over the profile
 * over quiz's defaults, for quiz run, quiz watch, the git hooks and the benchmarks alike.
 */
public final class Settings {
    public static final long DEFAULT_MEMORY = 1L << 30;
    public static final int DEFAULT_CPUS = 2;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_SILENCE = Duration.ofMinutes(5);

    private Settings() {
    }

    /** What the host offers, asked only when a run needs it. */
    public interface Host {
        /** The accelerator a request gets for an architecture, or IllegalArgumentException saying why it cannot be had. */
        KvmHost.AccelChoice accel(AccelRequest request, Arch arch);

        /** The host's TSC rate in kHz, for a TCG guest. */
        OptionalLong tscKhz();

        boolean virtiofsd();

        /** Whether quiz has a terminal, which a shell in the guest needs. */
        boolean terminal();

        /** The terminal's {rows, columns}, for a shell in the guest. */
        int[] terminalSize();
    }

    /**
     * A run's settings. A command that is not possible here (KVM where it does not work, virtiofs
     * without virtiofsd, a shell without a terminal) is an IllegalArgumentException that says what to do.
     */
    public static RunSettings run(RunOptions options, Profile profile, Host host) {
        List<String> command = !options.command().isEmpty() ? options.command()
                : profile.get(ProfileKeys.TEST).map(List::of)
                        .orElse(options.shellAllowed() ? List.of() : List.of("true"));
        boolean interactive = options.shellAllowed() && (command.isEmpty() || options.shellAfter());
        if (interactive && !host.terminal()) {
            throw new IllegalArgumentException(
                    "a shell in the guest needs a terminal; give a command instead, such as quiz run -- uname -a");
        }
        Share.Transport share = options.share().orElse(Share.Transport.NINE_P);
        if (share == Share.Transport.VIRTIOFS && !host.virtiofsd()) {
            throw new IllegalArgumentException("--share virtiofs: no virtiofsd found (Debian ships it in qemu-system-common);"
                    + " use --share 9p");
        }
        Arch arch = arch(options.arch(), profile);
        KvmHost.AccelChoice accel = host.accel(options.accel().orElseGet(() -> profile.get(ProfileKeys.ACCEL)
                .map(a -> AccelRequest.valueOf(a.toUpperCase(Locale.ROOT))).orElse(AccelRequest.AUTO)), arch);
        List<String> kernelArgs = new ArrayList<>(profile.get(ProfileKeys.APPEND));
        kernelArgs.addAll(options.append());
        List<HostDir> dirs = new ArrayList<>(profile.get(ProfileKeys.DIRS));
        dirs.addAll(options.dirs());
        Set<String> mountPoints = new HashSet<>();
        for (HostDir dir : dirs) {
            if (!mountPoints.add(dir.guest())) {
                throw new IllegalArgumentException("--dir: two dirs at " + dir.guest() + " (the profile's vm.dirs and the "
                        + "command line's add up); give each its own guest path");
            }
        }
        RunSettings.Vm vm = new RunSettings.Vm(arch, accel, share, dirs,
                (int) (options.memoryBytes().or(() -> profile.get(ProfileKeys.MEMORY)).orElse(DEFAULT_MEMORY) >> 20),
                options.cpus().or(() -> profile.get(ProfileKeys.CPUS)).orElse(DEFAULT_CPUS), kernelArgs,
                options.qemuArgs(), options.gdbPort(),
                accel.accel() == Accel.TCG && arch.usesHostTsc() ? host.tscKhz() : OptionalLong.empty(),
                options.vmcore().or(() -> profile.get(ProfileKeys.VMCORE)).orElse(true), !options.coldBoot());
        // A person at a shell or a debugger sets the pace: no limits unless asked for.
        boolean unattended = !interactive && options.gdbPort().isEmpty();
        RunSettings.Limits limits = new RunSettings.Limits(
                options.timeout().or(() -> profile.get(ProfileKeys.TIMEOUT))
                        .or(() -> unattended ? Optional.of(DEFAULT_TIMEOUT) : Optional.empty()),
                options.silence().or(() -> profile.get(ProfileKeys.SILENCE))
                        .or(() -> unattended ? Optional.of(DEFAULT_SILENCE) : Optional.empty()));
        int[] size = interactive ? host.terminalSize() : new int[] {0, 0};
        RunSettings.Guest guest = new RunSettings.Guest(command, options.shellAfter(), interactive, size[0], size[1]);
        return new RunSettings(vm, limits, guest,
                new Verdicts.Policy(profile.get(ProfileKeys.FAIL_ON_WARNING).orElse(false)));
    }

    /** The guest's architecture: the command line's, else the profile's, else the host's. */
    public static Arch arch(Optional<Arch> option, Profile profile) {
        return option.or(() -> profile.get(ProfileKeys.ARCH)).orElseGet(Arch::byDefault);
    }

    /** What the command line asked of a build, empty or false where it said nothing. */
    public record BuildFlags(Optional<Integer> jobs, boolean debug, List<String> configureArgs, boolean cleanWork) {
        public BuildFlags {
            configureArgs = List.copyOf(configureArgs);
        }
    }

    /**
     * A build's settings: the command line over the profile's [build], jobs defaulting to the
     * host's CPUs, every step wrapped in {@code prefix} (QUIZ_BUILD_PREFIX).
     */
    public static BuildOptions build(BuildFlags flags, Profile profile, int hostCpus, List<String> prefix) {
        return new BuildOptions(flags.jobs().or(() -> profile.get(ProfileKeys.JOBS)).orElse(hostCpus),
                flags.debug() || profile.get(ProfileKeys.DEBUG).orElse(false),
                flags.configureArgs().isEmpty() ? profile.get(ProfileKeys.CONFIGURE_ARGS) : flags.configureArgs(),
                profile.get(ProfileKeys.TARGETS), prefix, profile.get(ProfileKeys.USERLAND_USES_MODULE).orElse(false),
                flags.cleanWork());
    }
}
