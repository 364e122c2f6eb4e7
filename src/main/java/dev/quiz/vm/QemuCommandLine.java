package dev.quiz.vm;

import dev.quiz.arch.Arch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The qemu command line for a {@link VmSpec}: the architecture's small machine (x86's microvm,
 * arm64's virt) with virtio-mmio devices.
 */
public final class QemuCommandLine {
    public static final String STATUS_PORT = "quiz.status";
    /** The 9p tag of the writable output dir; the guest init mounts it when the config says so. */
    public static final String OUTPUT_TAG = "quizout";

    private QemuCommandLine() {
    }

    public static List<String> build(VmSpec spec) {
        List<String> args = new ArrayList<>();
        args.add(spec.qemu().toString());
        String machine = spec.arch().qemuMachine();
        // virtiofsd maps the guest's memory, and saving a boot copies it: both need it in a shared memfd.
        boolean memfd = spec.usesVirtiofs() || spec.boot().saves();
        if (memfd || spec.boot().resumes()) {
            machine += ",memory-backend=mem";
        }
        args.addAll(List.of("-M", machine));
        args.addAll(List.of("-accel", spec.accel().qemuName()));
        args.addAll(List.of("-cpu", cpu(spec.arch(), spec.accel())));
        args.addAll(List.of("-m", spec.memoryMiB() + "M", "-smp", String.valueOf(spec.cpus())));
        args.addAll(List.of("-nodefaults", "-no-user-config", "-nographic", "-no-reboot"));
        // Modern virtio-mmio: vhost-user devices (virtiofsd) refuse the legacy transport.
        args.addAll(List.of("-global", "virtio-mmio.force-legacy=false"));
        if (memfd) {
            args.addAll(List.of("-object",
                    "memory-backend-memfd,id=mem,size=" + spec.memoryMiB() + "M,share=on"));
        }
        if (spec.boot().resumes()) {
            // Copy-on-write over the saved memory, which stays as it was saved.
            args.addAll(List.of("-object", "memory-backend-file,id=mem,size=" + spec.memoryMiB() + "M,mem-path="
                    + value(spec.boot().saved().orElseThrow().ram()) + ",share=off"));
        }
        args.addAll(List.of("-kernel", spec.kernelImage().toString()));
        args.addAll(List.of("-initrd", spec.initramfs().toString()));
        args.addAll(List.of("-append", kernelCommandLine(spec)));

        // Console: the first serial port, on quiz's stdio, also logged by qemu itself so the
        // log is complete even if quiz dies.
        String console = "stdio,id=console,signal=off,logfile=" + value(spec.consoleLog());
        if (spec.boot().resumes()) {
            // The log already holds what the saved boot printed.
            console += ",logappend=on";
        }
        if (spec.interactive()) {
            console += ",mux=on";
        }
        args.addAll(List.of("-chardev", console, "-serial", "chardev:console"));
        if (spec.interactive()) {
            args.addAll(List.of("-mon", "chardev=console,mode=readline"));
        }

        // Exit status and progress travel over their own virtio-serial port, never the console.
        args.addAll(List.of("-device", "virtio-serial-device"));
        args.addAll(List.of("-chardev", "socket,id=status,path=" + value(spec.statusSocket())));
        args.addAll(List.of("-device", "virtserialport,chardev=status,name=" + STATUS_PORT));

        args.addAll(List.of("-drive", "id=root,file=" + value(spec.rootImage()) + ",format=raw,if=none,readonly=on"));
        args.addAll(List.of("-device", "virtio-blk-device,drive=root,serial=quizroot"));
        for (int i = 0; i < spec.scratchDisks().size(); i++) {
            args.addAll(List.of("-drive", "id=scratch" + i + ",file=" + value(spec.scratchDisks().get(i))
                    + ",format=raw,if=none,cache=unsafe,discard=unmap"));
            args.addAll(List.of("-device", "virtio-blk-device,drive=scratch" + i + ",serial=quizb" + i));
        }
        for (Share share : spec.shares()) {
            switch (share.transport()) {
                case NINE_P -> {
                    // security_model=none: the guest's writes reach the host as this user's own files.
                    args.addAll(List.of("-fsdev", "local,id=fs" + share.tag() + ",path=" + value(share.hostPath())
                            + ",security_model=none" + (share.writable() ? "" : ",readonly=on")));
                    args.addAll(List.of("-device", "virtio-9p-device,fsdev=fs" + share.tag()
                            + ",mount_tag=" + share.tag()));
                }
                case VIRTIOFS -> {
                    args.addAll(List.of("-chardev", "socket,id=vfs" + share.tag() + ",path="
                            + value(spec.virtiofsSocket(share))));
                    args.addAll(List.of("-device", "vhost-user-fs-device,chardev=vfs" + share.tag()
                            + ",tag=" + share.tag()));
                }
            }
        }
        spec.outputDir().ifPresent(out -> {
            args.addAll(List.of("-fsdev", "local,id=fsout,path=" + value(out) + ",security_model=none"));
            args.addAll(List.of("-device", "virtio-9p-device,fsdev=fsout,mount_tag=" + OUTPUT_TAG));
        });
        args.addAll(List.of("-device", "virtio-rng-device"));
        args.addAll(List.of("-device", spec.arch().pvpanic(), "-action",
                spec.pauseOnPanic() ? "panic=pause" : "panic=exit-failure"));
        if (spec.pauseOnPanic()) {
            // The guest kernel leaves its vmcoreinfo here, and the dump carries it: drgn needs it.
            args.addAll(List.of("-device", "vmcoreinfo"));
        }
        args.addAll(List.of("-qmp", "unix:" + value(spec.qmpSocket()) + ",server=on,wait=off"));
        spec.gdbPort().ifPresent(port -> args.addAll(List.of("-gdb", "tcp:127.0.0.1:" + port, "-S")));
        if (spec.boot().resumes()) {
            args.addAll(List.of("-incoming", "defer"));
        }
        args.addAll(spec.extraQemuArgs());
        return args;
    }

    /** qemu's -cpu for an architecture under an accelerator. */
    public static String cpu(Arch arch, Accel accel) {
        return arch.cpu(accel == Accel.KVM);
    }

    /** A path as the value of a qemu option, where a comma would end the value: qemu reads ",," as one. */
    static String value(Path path) {
        return path.toString().replace(",", ",,");
    }

    /**
     * The guest kernel's command line. {@code loglevel=6} keeps the boot's info messages off the
     * console (notices, warnings, errors and every report still print; quiz's init puts the
     * kernel's default level back for the run); never {@code quiet}, which also hides warnings.
     * {@code panic=-1} with {@code -no-reboot} ends the VM at once on a panic.
     */
    public static String kernelCommandLine(VmSpec spec) {
        Arch arch = spec.arch();
        // loglevel first: earlycon prints what came before it as soon as it is parsed.
        List<String> words = new ArrayList<>(List.of("loglevel=6", "console=" + arch.console(), arch.earlycon(),
                "panic=-1"));
        if (!arch.rebootArg().isEmpty()) {
            words.add(arch.rebootArg());
        }
        words.addAll(List.of("rdinit=/init", "printk.devkmsg=on", "random.trust_cpu=on"));
        if (spec.accel() == Accel.TCG && arch.usesHostTsc()) {
            // Under TCG the guest's TSC is the host's: constant and in step across vCPUs. Without
            // these the kernel may hang calibrating it, or fall back to the jiffies clocksource.
            spec.tscKhz().ifPresent(khz -> words.add("tsc_early_khz=" + khz));
            words.add("tsc=reliable");
        }
        if (spec.gdbPort().isPresent()) {
            words.add("nokaslr");
        }
        words.addAll(spec.kernelArgs());
        return String.join(" ", words);
    }
}
