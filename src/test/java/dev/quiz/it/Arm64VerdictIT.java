package dev.quiz.it;

import dev.quiz.arch.Arch;
import org.junit.jupiter.api.Tag;

/** Every verdict from a real arm64 kernel under qemu's virt machine: the module is cross-built by quiz build. */
@Tag("vm")
@Tag("arm64")
class Arm64VerdictIT extends VerdictCases {
    @Override
    Arch arch() {
        return Arch.ARM64;
    }

    @Override
    String nullDereference() {
        return "Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008";
    }
}
