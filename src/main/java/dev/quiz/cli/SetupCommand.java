package dev.quiz.cli;

import dev.quiz.analysis.Verdict;
import dev.quiz.arch.Arch;
import dev.quiz.build.Binfmt;
import dev.quiz.build.BuildException;
import dev.quiz.build.BuildListener;
import dev.quiz.build.ForeignBusybox;
import dev.quiz.exec.ChildProcess;
import dev.quiz.exec.Which;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "setup",
        description = {
            "Install what quiz needs on Debian, then prepare the kernel, the root image and the work dir.",
            "It prints the apt-get command before running it; only that step needs root (through sudo when you "
                    + "are not root). Run it again at any time: what is already prepared is kept.",
            "With --arch arm64 on an x86_64 host it also adds Debian's arm64 architecture and installs the cross "
                    + "compiler, qemu-system-aarch64, qemu-user-static (registered with binfmt_misc where nothing has "
                    + "done so) and the arm64 libraries OpenZFS's userland links against; then it prepares arm64's "
                    + "kernel, root and work dir. No host package is removed: it checks first and stops if one would "
                    + "be."})
final class SetupCommand implements Callable<Integer> {
    /**
     * What quiz drives: qemu's tools, the root's maker, the guest's and the host's helpers, and
     * what opens a crashed guest's vmcore (drgn, crash) and debugs a live one (gdb).
     */
    static final List<String> TOOLS = List.of("qemu-utils", "mmdebstrap", "busybox-static", "e2fsprogs", "util-linux",
            "cpio", "xz-utils", "kmod", "ccache", "git", "gdb", "python3-drgn", "crash", "dpkg-dev");
    /** What a kernel build and OpenZFS's build system need on the host. */
    static final List<String> BUILD = List.of("build-essential", "flex", "bison", "bc", "libelf-dev", "libssl-dev",
            "dwarves", "python3", "autoconf", "automake", "libtool", "pkg-config", "python3-dev", "python3-cffi",
            "python3-setuptools");
    /** What OpenZFS's userland links against: for a cross build, the guest architecture's too. */
    static final List<String> OPENZFS_LIBRARIES = List.of("uuid-dev", "libblkid-dev", "libudev-dev", "libtirpc-dev",
            "zlib1g-dev", "libaio-dev", "libattr1-dev", "libffi-dev", "libssl-dev", "libcurl4-openssl-dev");

    @Mixin
    ColorOption color;

    @Mixin
    ArchOption archOption;

    @Option(names = "--packages-only", description = "Only install the packages; prepare nothing.")
    boolean packagesOnly;

    @Option(names = "--kernel-source", paramLabel = "SOURCE", defaultValue = "debian",
            description = "Where the kernel comes from (see quiz prepare kernel --source). Default: ${DEFAULT-VALUE},"
                    + " Debian's linux-source package, which needs no access beyond Debian's mirrors.")
    String kernelSource;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Arch arch = archOption.orDefault();
        List<String> packages = packages(arch, kernelSource);
        if (!Files.isRegularFile(Path.of("/etc/debian_version"))) {
            throw new UserError("quiz setup installs packages with apt on Debian; on other systems install the "
                    + "equivalents of: " + String.join(" ", packages));
        }
        addSourceEntries();
        if (arch.foreign()) {
            addArchitecture(arch);
        }
        apt(List.of("apt-get", "update", "-q"));
        refuseRemovals(packages);
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
        install.addAll(packages);
        apt(install);
        if (arch.foreign()) {
            if (Files.isExecutable(CCACHE_SYMLINKS)) {
                // ccache's compiler links, which builds put first on PATH, for the cross compiler too.
                apt(List.of(CCACHE_SYMLINKS.toString()));
            }
            try {
                Binfmt.register(arch);
                ForeignBusybox.fetch(Host.store(), arch, BuildListener.SILENT);
            } catch (BuildException e) {
                throw new UserError(e.getMessage());
            }
        }
        if (packagesOnly) {
            return 0;
        }
        CommandLine cl = Main.commandLine();
        String colorArg = "--color=" + color.when.name().toLowerCase(Locale.ROOT);
        String archArg = "--arch=" + arch.id();
        for (String[] step : List.of(
                new String[] {"prepare", "kernel", colorArg, archArg, "--source", kernelSource},
                new String[] {"prepare", "root", colorArg, archArg},
                new String[] {"prepare", "work", archArg},
                new String[] {"prepare", "openzfs", colorArg})) {
            int status = cl.execute(step);
            if (status != 0) {
                return status;
            }
        }
        int booted = firstRun(arch);
        if (booted != 0) {
            return booted;
        }
        System.out.println("quiz: ready. Try: quiz run" + arch.option() + " -- uname -a");
        return 0;
    }

    /**
     * Boots one VM, as a last check that a run works. Started through the launcher, that run also
     * lists the classes it loads, which go into the class archive the launcher names, for every
     * later start.
     */
    private int firstRun(Arch arch) throws IOException, InterruptedException {
        List<String> args = List.of("run", "--color=never", "--arch=" + arch.id(), "--", "true");
        System.out.println("quiz: a first run: quiz run" + arch.option() + " -- true");
        Duration limit = Duration.ofMinutes(10);
        Optional<Path> archive = ClassArchive.named();
        Optional<Path> launcher = Host.launcher();
        ChildProcess.Captured r;
        if (archive.isPresent() && launcher.isPresent()) {
            // The first run reads no profile, which took a third of quiz's own start in a profile run.
            r = ClassArchive.saving(archive.get(), launcher.get(), args, List.of(List.of("profiles", "show", "zfs")),
                    limit);
        } else {
            List<String> run = new ArrayList<>(Host.selfCommand());
            run.addAll(args);
            r = ChildProcess.capture(ChildProcess.Spec.of(run), limit);
        }
        String said = (r.stdout() + r.stderr()).strip();
        if (!said.isEmpty()) {
            System.out.println(said);
        }
        if (!r.ok()) {
            System.out.println("quiz: the first run failed (exit " + r.status() + ")");
            return r.timedOut() ? Verdict.TIMEOUT.exitCode(0) : r.status();
        }
        return 0;
    }

    private static final Path CCACHE_SYMLINKS = Path.of("/usr/sbin/update-ccache-symlinks");

    /** The Debian packages quiz needs to prepare, build and run for an architecture on this host. */
    static List<String> packages(Arch arch, String kernelSource) {
        List<String> packages = new ArrayList<>(TOOLS);
        packages.addAll(BUILD);
        packages.addAll(OPENZFS_LIBRARIES);
        packages.add(Arch.byDefault().qemuPackage());
        if (kernelSource.startsWith("debian")) {
            packages.add("linux-source-" + (kernelSource.contains(":") ? kernelSource.substring(7) : "6.1"));
        }
        if (arch.foreign()) {
            // arch-test: mmdebstrap checks with it that the host can run the architecture's programs.
            packages.addAll(List.of(arch.qemuPackage(), "qemu-user-static", "arch-test", "gdb-multiarch", "gcc-" + arch.triplet(),
                    "libc6-dev-" + arch.debian() + "-cross"));
            OPENZFS_LIBRARIES.forEach(p -> packages.add(p + ":" + arch.debian()));
        }
        return packages.stream().distinct().toList();
    }

    /** Lets apt install the architecture's packages beside the host's (multiarch). */
    private static void addArchitecture(Arch arch) throws InterruptedException {
        ChildProcess.Captured known = ChildProcess.capture(ChildProcess.Spec.of("dpkg", "--print-foreign-architectures"),
                Duration.ofSeconds(30));
        if (known.ok() && known.stdout().lines().anyMatch(arch.debian()::equals)) {
            return;
        }
        apt(List.of("dpkg", "--add-architecture", arch.debian()));
    }

    /** Stops before an install that would remove a package the host has: quiz never takes anything away. */
    private static void refuseRemovals(List<String> packages) throws InterruptedException {
        List<String> simulate = new ArrayList<>(List.of("apt-get", "install", "-s", "-q", "--no-install-recommends"));
        simulate.addAll(packages);
        ChildProcess.Captured plan = ChildProcess.capture(ChildProcess.Spec.of(simulate)
                .withEnvironment(java.util.Map.of("LC_ALL", "C")), Duration.ofMinutes(5));
        List<String> removed = plan.stdout().lines().filter(l -> l.startsWith("Remv ")).map(l -> l.split(" ")[1]).toList();
        if (!removed.isEmpty()) {
            throw new UserError("installing what quiz needs would remove " + String.join(", ", removed)
                    + "; quiz stops rather than take a package away: install these yourself: " + String.join(" ", packages));
        }
    }

    static final Path SOURCE_ENTRIES = Path.of("/etc/apt/sources.list.d/quiz-openzfs-source.sources");

    /**
     * deb-src entries for main and contrib, of this release and its backports, on the host's own
     * mirror: OpenZFS's release tarball comes with Debian's zfs-linux source package.
     */
    static String sourceEntries(String osRelease, String hostSources) {
        String codename = osRelease.lines().filter(l -> l.startsWith("VERSION_CODENAME="))
                .map(l -> l.substring("VERSION_CODENAME=".length()).replace("\"", "").strip()).findFirst().orElse("bookworm");
        String uri = hostSources.lines().map(String::strip)
                .filter(l -> l.startsWith("URIs:") && !l.contains("security"))
                .map(l -> l.substring(5).strip().split("\\s+")[0]).findFirst()
                .or(() -> hostSources.lines().map(String::strip).filter(l -> l.startsWith("deb ") && !l.contains("security"))
                        .map(l -> l.replaceAll("\\[[^]]*\\]", "").split("\\s+")[1]).findFirst())
                .orElse("http://deb.debian.org/debian");
        return "# Added by quiz setup: OpenZFS's source (zfs-linux, in contrib) for quiz prepare openzfs.\n"
                + "Types: deb-src\nURIs: " + uri + "\nSuites: " + codename + " " + codename + "-backports\n"
                + "Components: main contrib\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n";
    }

    private static void addSourceEntries() throws IOException, InterruptedException {
        String hostSources = "";
        for (Path p : List.of(Path.of("/etc/apt/sources.list.d/debian.sources"), Path.of("/etc/apt/sources.list"))) {
            if (Files.isRegularFile(p)) {
                hostSources += Files.readString(p) + "\n";
            }
        }
        String entries = sourceEntries(Files.readString(Path.of("/etc/os-release")), hostSources);
        if (Files.isRegularFile(SOURCE_ENTRIES) && Files.readString(SOURCE_ENTRIES).equals(entries)) {
            return;
        }
        System.out.println("quiz: adding deb-src entries for OpenZFS's source: " + SOURCE_ENTRIES);
        Path tmp = Files.createTempFile("quiz-sources", ".sources");
        Files.writeString(tmp, entries);
        try {
            List<String> install = new ArrayList<>();
            if (!"root".equals(System.getProperty("user.name"))) {
                install.add("sudo");
            }
            install.addAll(List.of("install", "-m", "644", tmp.toString(), SOURCE_ENTRIES.toString()));
            if (ChildProcess.run(ChildProcess.Spec.of(install).inheritingIo(), line -> { }) != 0) {
                throw new UserError("cannot write " + SOURCE_ENTRIES);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void apt(List<String> command) throws InterruptedException {
        List<String> full = new ArrayList<>();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            if (Which.find("sudo").isEmpty()) {
                throw new UserError("installing packages needs root: run quiz setup as root, or install sudo");
            }
            full.add("sudo");
        }
        full.add("env");
        full.add("DEBIAN_FRONTEND=noninteractive");
        full.addAll(command);
        System.out.println("quiz: running " + String.join(" ", full));
        int status = ChildProcess.run(ChildProcess.Spec.of(full).inheritingIo(), line -> { });
        if (status != 0) {
            throw new UserError(String.join(" ", command.subList(0, 2)) + " failed with status " + status);
        }
    }
}
