package dev.quiz.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.arch.Arch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kernel images told apart by their boot headers, as the kernel's own boot protocols lay them out. */
class BootImageTest {
    @TempDir
    Path tmp;

    /** An x86 bzImage: "HdrS" at 0x202, the version string's offset (less 0x200) at 0x20e. */
    private Path bzImage() throws Exception {
        byte[] image = new byte[0x1000];
        System.arraycopy("HdrS".getBytes(StandardCharsets.US_ASCII), 0, image, 0x202, 4);
        image[0x20e] = 0x00;
        image[0x20f] = 0x08; // 0x0800 + 0x200 = 0xa00
        byte[] version = "6.1.192-quiz (root@host) #1 SMP\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(version, 0, image, 0xa00, version.length);
        return Files.write(tmp.resolve("bzImage"), image);
    }

    /** An arm64 Image: "ARM\x64" at 0x38, and the kernel's banner somewhere inside. */
    private Path arm64Image() throws Exception {
        byte[] image = new byte[0x4000];
        System.arraycopy(new byte[] {'A', 'R', 'M', 0x64}, 0, image, 0x38, 4);
        byte[] banner = "Linux version 6.1.192-quiz (root@host) (aarch64-linux-gnu-gcc) #1 SMP\n"
                .getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(banner, 0, image, 0x3000, banner.length);
        return Files.write(tmp.resolve("Image"), image);
    }

    @Test
    void eachArchitecturesImageIsKnownByItsHeaderAndCarriesItsRelease() throws Exception {
        assertEquals(Optional.of(Arch.X86_64), BootImage.archOf(bzImage()));
        assertEquals("6.1.192-quiz", BootImage.release(bzImage(), Arch.X86_64));
        assertEquals(Optional.of(Arch.ARM64), BootImage.archOf(arm64Image()));
        assertEquals("6.1.192-quiz", BootImage.release(arm64Image(), Arch.ARM64));
    }

    @Test
    void anImageOfAnotherArchitectureIsRefusedWithWhatToGive() throws Exception {
        String message = assertThrows(IllegalArgumentException.class,
                () -> BootImage.requireArch(arm64Image(), Arch.X86_64)).getMessage();
        assertTrue(message.contains("an arm64 kernel, but the run is x86_64's; give --arch arm64"), message);
        Path text = Files.writeString(tmp.resolve("notes.txt"), "not a kernel ".repeat(100));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BootImage.requireArch(text, Arch.ARM64))
                .getMessage().contains("not a kernel image quiz can boot"));
    }
}
