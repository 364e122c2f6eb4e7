package dev.quiz.cli;

import dev.quiz.arch.Arch;
import dev.quiz.build.ForeignBusybox;
import dev.quiz.build.Kernels;
import dev.quiz.build.PreparedKernel;
import dev.quiz.cycle.RunOptions;
import dev.quiz.cycle.RunSettings;
import dev.quiz.cycle.Settings;
import dev.quiz.exec.Git;
import dev.quiz.exec.Which;
import dev.quiz.profile.Profile;
import dev.quiz.profile.ProfileKeys;
import dev.quiz.store.Store;
import dev.quiz.vm.AccelRequest;
import dev.quiz.vm.HostTsc;
import dev.quiz.vm.Initramfs;
import dev.quiz.vm.KvmHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The host programs quiz drives, found once, with the fix when one is missing. */
final class Host {
    static final Path DEBIAN_VIRTIOFSD = Path.of("/usr/lib/qemu/virtiofsd");

    private Host() {
    }

    static Store store() {
        return Store.fromEnvironment();
    }

    static Path qemu(Arch arch) {
        return Which.find(arch.qemu()).orElseThrow(() -> new UserError(arch.qemu() + " not found: run quiz setup"
                + arch.option() + " (or apt-get install " + arch.qemuPackage() + ")"));
    }

    /**
     * A static busybox for the architecture, for quiz bench's bare guest: the host's own, or for a
     * foreign architecture the one quiz setup --arch took from Debian's package for it.
     */
    static Path busybox(Arch arch) {
        if (arch.foreign()) {
            Path busybox = ForeignBusybox.path(store(), arch);
            if (!Files.isExecutable(busybox)) {
                throw new UserError("no " + arch + " busybox at " + busybox + ": run quiz setup" + arch.option());
            }
            return busybox;
        }
        if (!Files.isExecutable(Initramfs.BUSYBOX)) {
            throw new UserError("/bin/busybox not found: run quiz setup (or apt-get install busybox-static)");
        }
        return Initramfs.BUSYBOX;
    }

    static Optional<Path> virtiofsd() {
        return Which.firstExecutable(DEBIAN_VIRTIOFSD, Path.of("/usr/libexec/virtiofsd"))
                .or(() -> Which.find("virtiofsd"));
    }

    /** The launcher file this quiz was started through, when it was. */
    static Optional<Path> launcher() {
        String launcher = System.getProperty("quiz.launcher");
        return launcher != null && Files.isExecutable(Path.of(launcher))
                ? Optional.of(Path.of(launcher).toAbsolutePath()) : Optional.empty();
    }

    /** The command that starts this same quiz: its launcher, or java with this class path. */
    static List<String> selfCommand() {
        Optional<Path> launcher = launcher();
        if (launcher.isPresent()) {
            return List.of(launcher.get().toString());
        }
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName());
    }

    /** The kernel: --kernel, else the profile's vm.kernel, else the last prepared for the architecture. */
    static PreparedKernel kernel(Store store, String option, Profile profile, Arch arch)
            throws IOException {
        try {
            return Kernels.resolve(store,
                    Optional.ofNullable(option).or(() -> profile.get(ProfileKeys.KERNEL)), arch);
        } catch (IllegalArgumentException e) {
            throw new UserError(option == null && profile.get(ProfileKeys.KERNEL).isPresent()
                    ? profile.source() + ": vm.kernel: " + e.getMessage().replaceFirst("^--kernel ", "") : e.getMessage());
        }
    }

    /** What this host offers a run, asked only when the run needs it. */
    static final Settings.Host FACTS = new Settings.Host() {
        @Override
        public KvmHost.AccelChoice accel(AccelRequest request, Arch arch) {
            return KvmHost.probe().choose(request, arch);
        }

        @Override
        public OptionalLong tscKhz() {
            return HostTsc.probeKhz(store().cache());
        }

        @Override
        public boolean virtiofsd() {
            return Host.virtiofsd().isPresent();
        }

        @Override
        public boolean terminal() {
            return System.console() != null;
        }

        @Override
        public int[] terminalSize() {
            return TerminalSize.probe();
        }
    };

    /** A run's settings (see {@link Settings#run}), or a one-line error saying what to do. */
    static RunSettings settings(RunOptions options, Profile profile) {
        try {
            return Settings.run(options, profile, FACTS);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The git checkout {@code dir} is in, or a one-line error. */
    static Git git(Path dir) {
        return Git.at(dir).orElseThrow(() -> new UserError(dir + " is not in a git repository"));
    }

    static int jobs() {
        return Runtime.getRuntime().availableProcessors();
    }
}
