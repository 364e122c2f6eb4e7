package dev.quiz.cli;

import dev.quiz.arch.Arch;
import dev.quiz.build.GuestModules;
import dev.quiz.build.Kernels;
import dev.quiz.build.PreparedKernel;
import dev.quiz.build.WorkDir;
import dev.quiz.cycle.RunOptions;
import dev.quiz.cycle.RunSettings;
import dev.quiz.exec.ChildProcess;
import dev.quiz.profile.Profile;
import dev.quiz.vm.Accel;
import dev.quiz.vm.AccelRequest;
import dev.quiz.vm.Initramfs;
import dev.quiz.vm.QemuCommandLine;
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
import picocli.CommandLine.Option;

@Command(name = "bench",
        description = {
            "Measure quiz's own overhead against bare qemu booting the same kernel, medians side by side.",
            "quiz run -- echo MARK against bare qemu booting the same kernel to a busybox init that echoes the "
                    + "mark; with --zfs WORK, also quiz run -p zfs against a busybox init that loads the spl and zfs"
                    + " objects quiz's guests load (the work dir's, without debug info), shared the same way. Both "
                    + "sides get the same VM. Each figure runs from starting the program to the mark on the console, "
                    + "and to its exit: the ratio is what quiz's root, shares, status port, guest init and JVM cost. "
                    + "quiz runs twice: as it runs by default, resuming the boot an untimed first run saved (under "
                    + "TCG), and with --cold-boot, booting the kernel as bare qemu does."})
final class BenchCommand implements Callable<Integer> {
    private static final String MARK = "quiz-bench-mark";

    @Option(names = "--runs", defaultValue = "5", paramLabel = "N", description = "Runs of each (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--kernel", paramLabel = "VERSION|PATH", description = "Kernel to boot. Default: the last prepared.")
    String kernel;

    @Mixin
    ArchOption arch;

    @Option(names = "--accel", paramLabel = "auto|kvm|tcg", description = "As for quiz run.")
    AccelRequest accel;

    @Option(names = "--zfs", paramLabel = "WORK",
            description = "Also measure loading OpenZFS from this work dir (a name or a path), built by quiz build.")
    String zfsWork;

    private record Timing(double toMark, double toExit) {
    }

    /** One comparison: the hand-made reference, and quiz doing the same as it runs by default and booting cold. */
    private record Pair(String what, List<String> reference, List<String> quiz, List<String> quizCold) {
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (runs < 1 || runs > 100) {
            throw new UserError("--runs must be 1 to 100");
        }
        PreparedKernel k;
        try {
            k = Kernels.resolve(Host.store(), Optional.ofNullable(kernel), arch.orDefault());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        Path tmp = Files.createTempDirectory("quiz-bench-");
        try {
            List<Pair> pairs = new ArrayList<>();
            RunSettings.Vm plain = vm(Profile.none());
            Path bare = tmp.resolve("bare.cpio");
            Initramfs.writeBare(bare, Host.busybox(k.arch()), List.of("echo " + MARK));
            pairs.add(new Pair("echo", bareQemu(k, bare, plain, Optional.empty()),
                    quiz(plain, List.of("--", "echo", MARK)), quiz(plain, List.of("--cold-boot", "--", "echo", MARK))));
            if (zfsWork != null) {
                Path work = BuildMixin.workDir(Host.store(), zfsWork, k.arch());
                Path modules = WorkDir.modules(work, k.release()).resolve("extra");
                if (!Files.isRegularFile(modules.resolve("zfs.ko"))) {
                    throw new UserError("--zfs " + zfsWork + ": no zfs.ko in " + modules + "; build OpenZFS into it first "
                            + "(quiz build --work " + zfsWork + ")");
                }
                RunSettings.Vm zfs = vm(Profiles.load("zfs", null));
                // The objects quiz's guests load: the work dir's modules without their debug info.
                Path copies = GuestModules.dir(Host.store().cache(), work, k);
                GuestModules.refresh(copies, work, k);
                Path loader = tmp.resolve("bare-zfs.cpio");
                String mounted = "/mnt/usr/lib/modules/" + k.release() + "/extra/";
                Initramfs.writeBare(loader, Host.busybox(k.arch()), List.of(
                        "mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,ro work /mnt",
                        "insmod " + mounted + "spl.ko", "insmod " + mounted + "zfs.ko", "echo " + MARK));
                List<String> zfsRun = List.of("-p", "zfs", "--work", work.toString(), "--", "echo", MARK);
                List<String> zfsCold = new ArrayList<>(List.of("--cold-boot"));
                zfsCold.addAll(zfsRun);
                pairs.add(new Pair("load spl and zfs", bareQemu(k, loader, zfs, Optional.of(copies)), quiz(zfs, zfsRun),
                        quiz(zfs, zfsCold)));
            }
            List<List<Timing>> references = new ArrayList<>();
            List<List<Timing>> quizzes = new ArrayList<>();
            List<List<Timing>> colds = new ArrayList<>();
            for (Pair pair : pairs) {
                // Untimed: it saves the boot that the timed runs resume, where they may.
                time(pair.quiz());
                List<Timing> reference = new ArrayList<>();
                List<Timing> quiz = new ArrayList<>();
                List<Timing> cold = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    reference.add(time(pair.reference()));
                    quiz.add(time(pair.quiz()));
                    cold.add(time(pair.quizCold()));
                    System.out.printf("%s, run %d/%d, to mark and to exit: bare %.2fs %.2fs; quiz %.2fs %.2fs;"
                            + " quiz --cold-boot %.2fs %.2fs%n", pair.what(), i + 1, runs, reference.get(i).toMark(),
                            reference.get(i).toExit(), quiz.get(i).toMark(), quiz.get(i).toExit(), cold.get(i).toMark(),
                            cold.get(i).toExit());
                }
                references.add(reference);
                quizzes.add(quiz);
                colds.add(cold);
            }
            System.out.printf("%nmedian over %d runs, %s kernel %s, %s%n", runs, k.arch(), k.release(),
                    plain.accel().accel().qemuName());
            System.out.printf("%-48s %10s %10s%n", "", "to mark", "to exit");
            for (int i = 0; i < pairs.size(); i++) {
                String what = pairs.get(i).what();
                double bareMark = median(references.get(i).stream().map(Timing::toMark).toList());
                double bareExit = median(references.get(i).stream().map(Timing::toExit).toList());
                double quizMark = median(quizzes.get(i).stream().map(Timing::toMark).toList());
                double quizExit = median(quizzes.get(i).stream().map(Timing::toExit).toList());
                double coldMark = median(colds.get(i).stream().map(Timing::toMark).toList());
                double coldExit = median(colds.get(i).stream().map(Timing::toExit).toList());
                System.out.printf("%-48s %9.2fs %9.2fs%n", what + ": bare qemu, busybox init", bareMark, bareExit);
                System.out.printf("%-48s %9.2fs %9.2fs%n", what + ": quiz run", quizMark, quizExit);
                System.out.printf("%-48s %9.2fs %9.2fs%n", what + ": quiz run --cold-boot", coldMark, coldExit);
                System.out.printf("%-48s %9.2fx %9.2fx%n", what + ": ratio quiz / bare", quizMark / bareMark,
                        quizExit / bareExit);
                System.out.printf("%-48s %9.2fx %9.2fx%n", what + ": ratio quiz --cold-boot / bare", coldMark / bareMark,
                        coldExit / bareExit);
            }
            return 0;
        } finally {
            try (var files = Files.list(tmp)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(tmp);
        }
    }

    /** The VM quiz run gets for a profile by default, which both sides get: size, accelerator, TSC rate. */
    private RunSettings.Vm vm(Profile profile) {
        return Host.settings(RunOptions.none().withArch(arch.asked()).withAccel(Optional.ofNullable(accel))
                .withCommand(List.of("echo", MARK), false, false), profile).vm();
    }

    private List<String> quiz(RunSettings.Vm vm, List<String> args) {
        List<String> quiz = new ArrayList<>(Host.selfCommand());
        quiz.addAll(List.of("run", "--color=never", "--arch", vm.arch().id(), "--accel", vm.accel().accel().qemuName()));
        if (kernel != null) {
            quiz.addAll(List.of("--kernel", kernel));
        }
        quiz.addAll(args);
        return quiz;
    }

    /** Bare qemu booting the kernel to the initramfs, with {@code work} shared over 9p as quiz shares it. */
    private static List<String> bareQemu(PreparedKernel k, Path initramfs, RunSettings.Vm vm, Optional<Path> work) {
        Accel accel = vm.accel().accel();
        Arch a = vm.arch();
        List<String> args = new ArrayList<>(List.of(Host.qemu(a).toString(),
                "-M", a.qemuMachine(), "-accel", accel.qemuName(),
                "-cpu", QemuCommandLine.cpu(a, accel), "-m", vm.memoryMiB() + "M", "-smp", String.valueOf(vm.cpus()),
                "-nodefaults", "-no-user-config", "-nographic", "-no-reboot",
                "-kernel", k.image().toString(), "-initrd", initramfs.toString(), "-serial", "stdio"));
        // As quiet a boot as quiz's: what both print is the same, and the ratio is quiz's own cost.
        String cmdline = "loglevel=6 console=" + a.console() + " panic=-1 " + a.rebootArg() + " rdinit=/init";
        if (vm.tscKhz().isPresent()) {
            cmdline += " tsc_early_khz=" + vm.tscKhz().getAsLong();
        }
        args.addAll(List.of("-append", cmdline));
        work.ifPresent(w -> args.addAll(List.of("-fsdev", "local,id=fswork,path=" + w.toString().replace(",", ",,")
                + ",security_model=none,readonly=on", "-device", "virtio-9p-device,fsdev=fswork,mount_tag=work")));
        return args;
    }

    private static Timing time(List<String> command) throws InterruptedException {
        long start = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong mark = new java.util.concurrent.atomic.AtomicLong();
        Optional<Integer> status;
        try (ChildProcess run = ChildProcess.start(ChildProcess.Spec.of(command), line -> {
            if (line.strip().equals(MARK)) {
                mark.compareAndSet(0, System.nanoTime());
            }
        })) {
            status = run.waitFor(Duration.ofSeconds(120));
        }
        long end = System.nanoTime();
        if (status.isEmpty()) {
            throw new UserError("a benchmark run did not finish in 120s: " + String.join(" ", command));
        }
        if (mark.get() == 0) {
            throw new UserError("a benchmark run never printed its mark (exit " + status.get() + "): "
                    + String.join(" ", command));
        }
        return new Timing((mark.get() - start) / 1e9, (end - start) / 1e9);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
