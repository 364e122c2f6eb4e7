package dev.quiz.it;

import dev.quiz.arch.Arch;
import org.junit.jupiter.api.Tag;

/** Every verdict from a real x86_64 kernel under qemu's microvm. */
@Tag("vm")
class VerdictIT extends VerdictCases {
    @Override
    Arch arch() {
        return Arch.X86_64;
    }

    @Override
    String nullDereference() {
        return "BUG: kernel NULL pointer dereference, address: 0000000000000008";
    }
}
