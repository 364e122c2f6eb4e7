package dev.quiz.cli;

import dev.quiz.exec.ChildProcess;
import dev.quiz.exec.Which;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "setup",
        description = {
            "Install what quiz needs on Debian, then prepare the kernel, the root image and the work dir.",
            "It prints the apt-get command before running it; only that step needs root (through sudo when you "
                    + "are not root). Run it again at any time: what is already prepared is kept."})
final class SetupCommand implements Callable<Integer> {
    /** Debian packages quiz needs: qemu and the guest's pieces, the kernel's build deps, OpenZFS's build deps. */
    static final List<String> PACKAGES = List.of(
            "qemu-system-x86", "qemu-utils", "mmdebstrap", "busybox-static", "e2fsprogs", "util-linux", "cpio",
            "xz-utils", "kmod", "ccache", "git", "gdb",
            "build-essential", "flex", "bison", "bc", "libelf-dev", "libssl-dev", "dwarves", "python3",
            "autoconf", "automake", "libtool", "pkg-config", "uuid-dev", "libblkid-dev", "libudev-dev",
            "libtirpc-dev", "zlib1g-dev", "libaio-dev", "libattr1-dev", "libffi-dev", "python3-dev",
            "python3-cffi", "python3-setuptools", "libcurl4-openssl-dev", "dpkg-dev");

    @Mixin
    ColorOption color;

    @Option(names = "--packages-only", description = "Only install the packages; prepare nothing.")
    boolean packagesOnly;

    @Option(names = "--kernel-source", paramLabel = "SOURCE", defaultValue = "debian",
            description = "Where the kernel comes from (see quiz prepare kernel --source). Default: ${DEFAULT-VALUE},"
                    + " Debian's linux-source package, which needs no access beyond Debian's mirrors.")
    String kernelSource;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!Files.isRegularFile(Path.of("/etc/debian_version"))) {
            throw new UserError("quiz setup installs packages with apt on Debian; on other systems install the "
                    + "equivalents of: " + String.join(" ", PACKAGES));
        }
        List<String> packages = new ArrayList<>(PACKAGES);
        if (kernelSource.startsWith("debian")) {
            packages.add("linux-source-" + (kernelSource.contains(":") ? kernelSource.substring(7) : "6.1"));
        }
        addSourceEntries();
        apt(List.of("apt-get", "update", "-q"));
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
        install.addAll(packages);
        apt(install);
        if (packagesOnly) {
            return 0;
        }
        CommandLine cl = Main.commandLine();
        String colorArg = "--color=" + color.when.name().toLowerCase(Locale.ROOT);
        for (String[] step : List.of(
                new String[] {"prepare", "kernel", colorArg, "--source", kernelSource},
                new String[] {"prepare", "root", colorArg},
                new String[] {"prepare", "work"},
                new String[] {"prepare", "openzfs", colorArg})) {
            int status = cl.execute(step);
            if (status != 0) {
                return status;
            }
        }
        System.out.println("quiz: ready. Try: quiz run -- uname -a");
        return 0;
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
