package dev.quiz.cli;

import dev.quiz.arch.Arch;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --arch}: the guest architecture a command prepares, builds or runs for. */
final class ArchOption {
    @Option(names = "--arch", paramLabel = "x86_64|arm64", converter = Converters.ArchName.class,
            description = "Guest architecture. Default: the profile's vm.arch, else this host's. A foreign one "
                    + "(arm64 on an x86_64 host) is cross-built and emulated under TCG.")
    Arch arch;

    /** What the command line asked, if anything. */
    Optional<Arch> asked() {
        return Optional.ofNullable(arch);
    }

    /** What the command line asked, else the host's own (for commands that read no profile). */
    Arch orDefault() {
        return arch != null ? arch : Arch.byDefault();
    }
}
