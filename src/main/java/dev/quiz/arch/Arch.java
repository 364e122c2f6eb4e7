package dev.quiz.arch;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A guest architecture, described once: everything quiz needs to know to build a kernel, a root
 * and modules for it, to boot it under qemu, and to read its console. Adding an architecture is
 * adding a constant here and a kernel config fragment beside {@code x86_64.config}.
 */
public enum Arch {
    X86_64(new Description("x86_64", "x86_64", "amd64", "x86_64-linux-gnu",
            "qemu-system-x86_64", "qemu-system-x86",
            "microvm,x-option-roms=off,rtc=on,isa-serial=on", "max", "pvpanic",
            "x86_64", "arch/x86/boot/bzImage", "bzImage",
            "ttyS0", "earlycon=uart8250,io,0x3f8", "reboot=t", true,
            "^(general protection fault|invalid opcode: )",
            "^(RSP|RAX|RDX|RBP|R10|R13|FS|CS|CR2|DR0|DR3|DR6|PKRU|Code|Hardware name)\\b:?.*",
            "^\\s*</TASK>")),
    ARM64(new Description("arm64", "aarch64", "arm64", "aarch64-linux-gnu",
            "qemu-system-aarch64", "qemu-system-arm",
            // GICv3 takes more than 8 CPUs; pauth-impdef makes TCG's pointer authentication cheap.
            "virt,gic-version=3", "max,pauth-impdef=on", "pvpanic-pci",
            "arm64", "arch/arm64/boot/Image", "Image",
            "ttyAMA0", "earlycon=pl011,0x9000000", "", false,
            "^(Unable to handle kernel |Internal error: )",
            // The fault's decoding and the registers but pc and lr, which name the function.
            "^(sp ?|pstate|x\\d+ ?|Code|Hardware name)\\s?:.*|^(Mem abort info|Data abort info):"
                    + "|^\\s+(ESR|EC|SET|EA|FSC|ISV|CM|TagAccess|GCS) = .*|^user pgtable: .*|^\\[[0-9a-f]+\\] pgd=.*",
            // arm64 prints no <TASK> markers: a trace ends with the frame a task began in.
            // (el1h_* frames, the kernel interrupted, come mid-trace.)
            "^\\s*(el0t_64_sync|el0t_64_irq|ret_from_fork|__primary_switched|__secondary_switched)\\+0x"));

    /**
     * {@code name}: what --arch and profiles say, and the kernel's ARCH; {@code machine}: what
     * uname -m says in the guest; {@code debian}: Debian's architecture; {@code triplet}: the GNU
     * triplet (the cross compiler's prefix without its dash); {@code qemuMachine} and
     * {@code tcgCpu}: qemu's -M and -cpu under TCG; {@code pvpanic}: the device that tells qemu of
     * a panic; {@code bootImage}: where a kernel build leaves the image qemu boots, kept under
     * {@code imageName}; {@code console}: the serial port the guest talks on; {@code rebootArg}:
     * what makes the kernel's reboot end qemu at once; {@code tsc}: whether the guest needs the
     * host's TSC rate under TCG; {@code oops}: the first lines of its own kinds of oops;
     * {@code registers}: register-dump lines, noise in an excerpt; {@code traceEnd}: the line a
     * stack trace ends with.
     */
    record Description(String name, String machine, String debian, String triplet, String qemu, String qemuPackage,
            String qemuMachine, String tcgCpu, String pvpanic, String kernelArch, String bootImage, String imageName,
            String console, String earlycon, String rebootArg, boolean tsc, String oops, String registers,
            String traceEnd) {
    }

    private final Description d;
    private final Pattern oops;
    private final Pattern registers;
    private final Pattern traceEnd;

    Arch(Description d) {
        this.d = d;
        this.oops = Pattern.compile(d.oops());
        this.registers = Pattern.compile(d.registers());
        this.traceEnd = Pattern.compile(d.traceEnd());
    }

    /** The architecture of the machine quiz runs on, if it is one quiz knows. */
    public static Optional<Arch> host() {
        String os = System.getProperty("os.arch", "");
        return switch (os) {
            case "amd64", "x86_64" -> Optional.of(X86_64);
            case "aarch64", "arm64" -> Optional.of(ARM64);
            default -> Optional.empty();
        };
    }

    /** The architecture a run gets when nothing names one: the host's, else x86_64. */
    public static Arch byDefault() {
        return host().orElse(X86_64);
    }

    /** By its name ({@code arm64}), or by what uname -m or Debian call it ({@code aarch64}, {@code amd64}). */
    public static Arch parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (Arch arch : values()) {
            if (t.equals(arch.d.name()) || t.equals(arch.d.machine()) || t.equals(arch.d.debian())) {
                return arch;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not an architecture quiz knows: use "
                + String.join(" or ", java.util.Arrays.stream(values()).map(Arch::id).toList()));
    }

    /** Its name, as --arch and profiles take it: {@code x86_64}, {@code arm64}. */
    public String id() {
        return d.name();
    }

    /** What uname -m prints in the guest. */
    public String machine() {
        return d.machine();
    }

    public String debian() {
        return d.debian();
    }

    public String triplet() {
        return d.triplet();
    }

    /** Whether it is not the host's: its programs are built with a cross compiler and run under emulation. */
    public boolean foreign() {
        return host().map(h -> h != this).orElse(true);
    }

    /** The prefix of its compilers and binutils: empty on its own host, else the cross toolchain's. */
    public String crossPrefix() {
        return foreign() ? d.triplet() + "-" : "";
    }

    /** What kbuild's make needs to build for it from this host: nothing natively, ARCH and CROSS_COMPILE otherwise. */
    public java.util.List<String> makeVariables() {
        return foreign() ? java.util.List.of("ARCH=" + d.kernelArch(), "CROSS_COMPILE=" + crossPrefix())
                : java.util.List.of();
    }

    public String qemu() {
        return d.qemu();
    }

    /** The Debian package that has {@link #qemu()}. */
    public String qemuPackage() {
        return d.qemuPackage();
    }

    public String qemuMachine() {
        return d.qemuMachine();
    }

    /** qemu's -cpu: the host's own under KVM, an emulated one under TCG. */
    public String cpu(boolean kvm) {
        return kvm ? "host" : d.tcgCpu();
    }

    public String pvpanic() {
        return d.pvpanic();
    }

    /** The kernel's ARCH. */
    public String kernelArch() {
        return d.kernelArch();
    }

    /** Where a kernel build tree has the image qemu boots. */
    public String bootImage() {
        return d.bootImage();
    }

    /** The name quiz keeps that image under. */
    public String imageName() {
        return d.imageName();
    }

    /** The guest's serial console device, under /dev. */
    public String console() {
        return d.console();
    }

    public String earlycon() {
        return d.earlycon();
    }

    /** Kernel command-line words that make a reboot end qemu at once; may be empty. */
    public String rebootArg() {
        return d.rebootArg();
    }

    /** Whether a TCG guest is told the host's TSC rate (x86's microvm hangs calibrating it otherwise). */
    public boolean usesHostTsc() {
        return d.tsc();
    }

    /** Whether a console line starts an oops of this architecture's own kind. */
    public boolean oopsHeader(String text) {
        return oops.matcher(text).find();
    }

    /** Whether a console line is part of a register dump. */
    public boolean registerDump(String text) {
        return registers.matcher(text).matches();
    }

    /** Whether a console line is the last frame of a stack trace. */
    public boolean traceEnd(String text) {
        return traceEnd.matcher(text).find();
    }

    /** The kernel config fragment of this architecture, beside quiz's common one. */
    public String configFragment() {
        return d.name() + ".config";
    }

    /**
     * What tells this architecture's things apart in the store, after a name: nothing for
     * x86_64, whose names were there first, and "-arm64" for the others.
     */
    public String storeSuffix() {
        return this == X86_64 ? "" : "-" + d.name();
    }

    /** The gdb that debugs it from this host. */
    public String gdb() {
        return foreign() ? "gdb-multiarch" : "gdb";
    }

    /** The option that asks for it, for messages: empty for the host's own. */
    public String option() {
        return this == byDefault() ? "" : " --arch " + d.name();
    }

    @Override
    public String toString() {
        return d.name();
    }
}
