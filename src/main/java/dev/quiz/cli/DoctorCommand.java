package dev.quiz.cli;

import dev.quiz.analysis.Verdict;
import dev.quiz.arch.Arch;
import dev.quiz.build.Binfmt;
import dev.quiz.build.ForeignBusybox;
import dev.quiz.build.Kernels;
import dev.quiz.build.RootBuilder;
import dev.quiz.build.WorkDir;
import dev.quiz.exec.ChildProcess;
import dev.quiz.exec.Which;
import dev.quiz.store.Store;
import dev.quiz.vm.Initramfs;
import dev.quiz.vm.KvmHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "doctor",
        description = {"Check everything quiz depends on, and print the command that fixes what is missing.",
            "With --arch, what runs of that architecture need. Exits 0 when a run can work, 250 otherwise."})
final class DoctorCommand implements Callable<Integer> {
    @Mixin
    ColorOption color;

    @Mixin
    ArchOption archOption;

    private record Check(String what, boolean ok, String detail, String fix, boolean required) {
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        var style = color.style();
        Arch arch = archOption.orDefault();
        List<Check> checks = new ArrayList<>();
        Optional<Path> qemu = Which.find(arch.qemu());
        checks.add(new Check("qemu", qemu.isPresent(), qemu.map(Path::toString).orElse(arch.qemu() + " not found"),
                "apt-get install " + arch.qemuPackage(), true));
        if (qemu.isPresent() && arch == Arch.X86_64) {
            List<String> machines = new ArrayList<>();
            ChildProcess.run(ChildProcess.Spec.of(List.of(qemu.get().toString(), "-machine", "help")), machines::add);
            boolean microvm = machines.stream().anyMatch(l -> l.startsWith("microvm"));
            checks.add(new Check("qemu microvm", microvm, microvm ? "supported" : "this qemu has no microvm machine",
                    "install qemu 5.2 or newer (Debian 12's qemu-system-x86 has it)", true));
        }
        Path busybox = arch.foreign() ? ForeignBusybox.path(Host.store(), arch) : Initramfs.BUSYBOX;
        checks.add(new Check("busybox-static", Files.isExecutable(busybox), busybox + " (quiz bench's bare reference)",
                arch.foreign() ? "quiz setup" + arch.option() : "apt-get install busybox-static", false));
        if (arch.foreign()) {
            checks.add(onPath(arch.crossPrefix() + "gcc", "quiz setup" + arch.option(), true));
            checks.add(binfmt(arch));
        }
        checks.add(new Check("setpriv", Files.isExecutable(Path.of("/usr/bin/setpriv")), "/usr/bin/setpriv",
                "apt-get install util-linux (without it a killed quiz may leave qemu behind)", false));
        checks.add(onPath("mmdebstrap", "apt-get install mmdebstrap", true));
        String user = System.getProperty("user.name");
        if (!user.equals("root")) {
            boolean ids = listsUser(readOrEmpty(Path.of("/etc/subuid")), user)
                    && listsUser(readOrEmpty(Path.of("/etc/subgid")), user);
            checks.add(new Check("subordinate ids", ids, ids ? "in /etc/subuid and /etc/subgid"
                    : "none for " + user + ": quiz prepare root (mmdebstrap as a user) needs them",
                    "as root: usermod --add-subuids 100000-165535 --add-subgids 100000-165535 " + user, false));
        }
        for (String t : List.of("make", "gcc", "flex", "bison", "bc")) {
            checks.add(onPath(t, "apt-get install build-essential flex bison bc", true));
        }
        checks.add(staticLibc(arch));
        checks.add(header("libelf-dev", Path.of("/usr/include/libelf.h")));
        checks.add(header("libssl-dev", Path.of("/usr/include/openssl/ssl.h")));
        Optional<Path> virtiofsd = Host.virtiofsd();
        checks.add(new Check("virtiofsd", virtiofsd.isPresent(), virtiofsd.map(Path::toString)
                .orElse("not found: only --share 9p works"), "apt-get install qemu-system-common", false));

        KvmHost kvm = KvmHost.probe();
        String whyNot = arch.foreign() ? "an " + arch + " guest runs emulated on this host" : kvm.whyNot();
        checks.add(new Check("KVM", whyNot == null, whyNot == null ? "usable" : whyNot + "; runs use TCG (slower)",
                "load kvm_intel or kvm_amd and give your user access to /dev/kvm (group kvm)", false));

        Store store = Host.store();
        boolean kernel;
        String kernelDetail;
        try {
            var k = Kernels.resolve(store, Optional.empty(), arch);
            kernel = true;
            kernelDetail = k.release() + " at " + k.image();
        } catch (IllegalArgumentException e) {
            kernel = false;
            kernelDetail = "none prepared for " + arch;
        }
        checks.add(new Check("kernel", kernel, kernelDetail, "quiz prepare kernel" + arch.option(), true));
        Optional<Path> root = RootBuilder.defaultImage(store, arch);
        checks.add(new Check("root image", root.isPresent(), root.map(Path::toString).orElse("none prepared for " + arch),
                "quiz prepare root" + arch.option(), true));
        Path work = BuildMixin.workDir(store, null, arch);
        List<String> workProblems = WorkDir.problems(work);
        checks.add(new Check("work dir", workProblems.isEmpty(), workProblems.isEmpty() ? work.toString()
                : workProblems.get(0), "quiz prepare work" + arch.option(), true));

        long watches = readLong(Path.of("/proc/sys/fs/inotify/max_user_watches"));
        checks.add(new Check("inotify watches", watches >= 65536, "max_user_watches = " + watches,
                "sysctl fs.inotify.max_user_watches=524288 (and in /etc/sysctl.d/ to keep it)", false));
        long instances = readLong(Path.of("/proc/sys/fs/inotify/max_user_instances"));
        checks.add(new Check("inotify instances", instances >= 128, "max_user_instances = " + instances,
                "sysctl fs.inotify.max_user_instances=512", false));

        boolean fine = true;
        for (Check c : checks) {
            String mark = c.ok() ? "ok  " : c.required() ? "FAIL" : "warn";
            String shown = c.ok() ? style.dim(mark) : c.required() ? style.bold(mark) : style.warn(mark);
            System.out.printf("%s %-18s %s%n", shown, c.what(), c.detail());
            if (!c.ok()) {
                System.out.println("     fix: " + c.fix());
                fine &= !c.required();
            }
        }
        return fine ? 0 : Verdict.QUIZ_ERROR;
    }

    /** Whether an /etc/subuid or /etc/subgid text gives the user a range of ids (by name; ranges by number are rare). */
    static boolean listsUser(String idsFile, String user) {
        return idsFile.lines().anyMatch(l -> l.startsWith(user + ":") && l.split(":").length == 3);
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /** The guest's init is a static program quiz compiles: gcc must find a static libc. */
    private static Check staticLibc(Arch arch) throws InterruptedException {
        String gcc = arch.crossPrefix() + "gcc";
        ChildProcess.Captured libc = ChildProcess.capture(ChildProcess.Spec.of(gcc, "-print-file-name=libc.a"),
                Duration.ofSeconds(10));
        String path = libc.stdout().strip();
        boolean found = libc.ok() && path.startsWith("/") && Files.isRegularFile(Path.of(path));
        return new Check("static libc", found, found ? Path.of(path).normalize().toString()
                : gcc + " finds no libc.a: the guest's init cannot be built",
                arch.foreign() ? "quiz setup" + arch.option() : "apt-get install libc6-dev", true);
    }

    /** A foreign root is made by running its programs through qemu-user-static, which binfmt_misc must know. */
    private static Check binfmt(Arch arch) {
        Path entry = Binfmt.entry(arch);
        boolean registered = Binfmt.registered(arch);
        return new Check("binfmt " + arch.machine(), registered, registered ? entry + " is enabled"
                : "no enabled " + entry + ": quiz prepare root" + arch.option() + " cannot run the root's programs",
                "quiz setup" + arch.option() + " (as root: it mounts binfmt_misc and registers qemu-user-static)", true);
    }

    private static Check onPath(String program, String fix, boolean required) {
        Optional<Path> p = Which.find(program);
        return new Check(program, p.isPresent(), p.map(Path::toString).orElse("not found"), fix, required);
    }

    private static Check header(String pkg, Path header) {
        return new Check(pkg, Files.isRegularFile(header), header.toString(), "apt-get install " + pkg, true);
    }

    private static long readLong(Path p) {
        try {
            // procfs files report a misleading size: read them as a stream.
            try (var in = Files.newInputStream(p)) {
                return Long.parseLong(new String(in.readAllBytes()).strip());
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
