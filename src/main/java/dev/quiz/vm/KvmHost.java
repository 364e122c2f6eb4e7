package dev.quiz.vm;

import dev.quiz.arch.Arch;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the host tells about KVM. {@code /dev/kvm} alone proves nothing: under PVM
 * ({@code kvm_pvm}) it answers the API but a standard kernel hangs silently.
 */
public record KvmHost(boolean devKvmUsable, boolean pvm, boolean hardwareModuleLoaded) {

    public static KvmHost probe() {
        Path devKvm = Path.of("/dev/kvm");
        boolean usable = Files.exists(devKvm) && Files.isReadable(devKvm) && Files.isWritable(devKvm);
        boolean pvm = Files.exists(Path.of("/sys/module/kvm_pvm"));
        boolean hw = Files.exists(Path.of("/sys/module/kvm_intel")) || Files.exists(Path.of("/sys/module/kvm_amd"));
        return new KvmHost(usable, pvm, hw);
    }

    /** Why KVM cannot be used here, or null when it can. */
    public String whyNot() {
        if (pvm) {
            return "/dev/kvm is PVM (kvm_pvm), under which a standard kernel hangs";
        }
        if (!hardwareModuleLoaded) {
            return "neither kvm_intel nor kvm_amd is loaded";
        }
        if (!devKvmUsable) {
            return "/dev/kvm is missing or not readable and writable by this user";
        }
        return null;
    }

    /**
     * The accelerator for a request and a guest architecture, with the one-line reason quiz
     * prints. KVM runs only the host's own architecture.
     */
    public AccelChoice choose(AccelRequest request, Arch arch) {
        String whyNot = arch.foreign() ? "an " + arch + " guest cannot run on this host's KVM" : whyNot();
        return switch (request) {
            case TCG -> new AccelChoice(Accel.TCG, "TCG (as asked)");
            case KVM -> {
                if (whyNot != null) {
                    throw new IllegalArgumentException("--accel kvm: " + whyNot + "; use --accel tcg or --accel auto");
                }
                yield new AccelChoice(Accel.KVM, "KVM (as asked)");
            }
            case AUTO -> whyNot == null
                    ? new AccelChoice(Accel.KVM, "KVM")
                    : new AccelChoice(Accel.TCG, "TCG, because " + whyNot);
        };
    }

    public record AccelChoice(Accel accel, String reason) {
    }
}
