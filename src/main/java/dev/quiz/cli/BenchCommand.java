package dev.quiz.cli;

import dev.quiz.build.Kernels;
import dev.quiz.build.PreparedKernel;
import dev.quiz.cycle.RunOptions;
import dev.quiz.cycle.RunSettings;
import dev.quiz.exec.ChildProcess;
import dev.quiz.profile.Profile;
import dev.quiz.vm.Accel;
import dev.quiz.vm.AccelRequest;
import dev.quiz.vm.Initramfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench",
        description = {
            "Measure quiz's own overhead against bare qemu booting the same kernel.",
            "It prints the median time from starting `quiz run -- echo MARK` to the command running and to quiz's exit, beside bare qemu booting the same kernel to a busybox init that echoes",
            "the same mark and reboots. The ratio is what quiz's root, shares, status port and JVM cost."})
final class BenchCommand implements Callable<Integer> {
    private static final String MARK = "quiz-bench-mark";

    @Option(names = "--runs", defaultValue = "5", paramLabel = "N", description = "Runs of each (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--kernel", paramLabel = "VERSION|PATH", description = "Kernel to boot. Default: the last prepared.")
    String kernel;

    @Option(names = "--accel", paramLabel = "auto|kvm|tcg", description = "As for quiz run.")
    AccelRequest accel;

    private record Timing(double toMark, double toExit) {
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (runs < 1 || runs > 100) {
            throw new UserError("--runs must be 1 to 100");
        }
        PreparedKernel k;
        try {
            k = Kernels.resolve(Host.store(), Optional.ofNullable(kernel));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        // Both sides get the VM quiz run gets by default: its size, accelerator and TSC rate.
        RunSettings.Vm vm = Host.settings(new RunOptions(Optional.ofNullable(accel), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), List.of(), OptionalInt.empty(), Optional.empty(), Optional.empty(),
                List.of("echo", MARK), false, false), Profile.none()).vm();
        Accel chosen = vm.accel().accel();
        Path tmp = Files.createTempDirectory("quiz-bench-");
        try {
            Path initramfs = tmp.resolve("bare.cpio");
            Initramfs.writeBare(initramfs, Host.busybox(), MARK);
            List<String> bare = bareQemu(k, initramfs, vm);
            List<String> quiz = new ArrayList<>(Host.selfCommand());
            quiz.addAll(List.of("run", "--color=never", "--accel", chosen.qemuName()));
            if (kernel != null) {
                quiz.addAll(List.of("--kernel", kernel));
            }
            quiz.addAll(List.of("--", "echo", MARK));
            List<Timing> bareTimes = new ArrayList<>();
            List<Timing> quizTimes = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                bareTimes.add(time(bare));
                quizTimes.add(time(quiz));
                System.out.printf("run %d/%d: bare qemu %.2fs to mark, %.2fs to exit; quiz %.2fs to mark, %.2fs to exit%n",
                        i + 1, runs, bareTimes.get(i).toMark(), bareTimes.get(i).toExit(),
                        quizTimes.get(i).toMark(), quizTimes.get(i).toExit());
            }
            double bareMark = median(bareTimes.stream().map(Timing::toMark).toList());
            double bareExit = median(bareTimes.stream().map(Timing::toExit).toList());
            double quizMark = median(quizTimes.stream().map(Timing::toMark).toList());
            double quizExit = median(quizTimes.stream().map(Timing::toExit).toList());
            System.out.printf("%nmedian over %d runs, kernel %s, %s%n", runs, k.release(), chosen.qemuName());
            System.out.printf("%-28s %10s %10s%n", "", "to command", "to exit");
            System.out.printf("%-28s %9.2fs %9.2fs%n", "bare qemu (busybox init)", bareMark, bareExit);
            System.out.printf("%-28s %9.2fs %9.2fs%n", "quiz run", quizMark, quizExit);
            System.out.printf("%-28s %9.2fx %9.2fx%n", "ratio quiz / bare", quizMark / bareMark, quizExit / bareExit);
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

    private static List<String> bareQemu(PreparedKernel k, Path initramfs, RunSettings.Vm vm) {
        Accel accel = vm.accel().accel();
        List<String> args = new ArrayList<>(List.of(Host.qemu().toString(),
                "-M", "microvm,x-option-roms=off,rtc=on,isa-serial=on", "-accel", accel.qemuName(),
                "-cpu", accel == Accel.KVM ? "host" : "max", "-m", vm.memoryMiB() + "M", "-smp", String.valueOf(vm.cpus()),
                "-nodefaults", "-no-user-config", "-nographic", "-no-reboot",
                "-kernel", k.image().toString(), "-initrd", initramfs.toString(), "-serial", "stdio"));
        String cmdline = "console=ttyS0 panic=-1 reboot=t rdinit=/init";
        if (vm.tscKhz().isPresent()) {
            cmdline += " tsc_early_khz=" + vm.tscKhz().getAsLong();
        }
        args.addAll(List.of("-append", cmdline));
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
