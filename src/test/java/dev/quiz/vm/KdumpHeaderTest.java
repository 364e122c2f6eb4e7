package dev.quiz.vm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The utsname of a kdump file, which qemu leaves empty and crash and drgn read. */
class KdumpHeaderTest {
    @TempDir
    Path dir;

    private static String field(byte[] dump, int n) {
        byte[] f = Arrays.copyOfRange(dump, 12 + n * 65, 12 + (n + 1) * 65);
        int end = 0;
        while (end < f.length && f[end] != 0) {
            end++;
        }
        return new String(f, 0, end, StandardCharsets.US_ASCII);
    }

    private static final Optional<String> BANNER = Optional.of("[    0.000000] Linux version 6.1.192-quiz (root@vm) "
            + "(gcc (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP Tue Dec  1 16:00:12 UTC 2026\r");

    @Test
    void theBannerIsFoundOnTheConsole() throws IOException {
        Path log = Files.writeString(dir.resolve("console.log"), "SeaBIOS\n" + BANNER.get() + "\n[    0.000000] Command line: x\n");
        assertEquals(BANNER.map(String::strip), KdumpHeader.banner(log));
        assertEquals(Optional.empty(), KdumpHeader.banner(dir.resolve("missing.log")));
    }

    @Test
    void anEmptyUtsnameGetsTheKernelsNameReleaseVersionAndMachine() throws IOException {
        byte[] dump = new byte[8192];
        System.arraycopy("KDUMP   ".getBytes(StandardCharsets.US_ASCII), 0, dump, 0, 8);
        dump[8] = 6;
        dump[500] = 42;
        Path file = Files.write(dir.resolve("vmcore"), dump);
        KdumpHeader.nameKernel(file, BANNER, "x86_64");
        byte[] got = Files.readAllBytes(file);
        assertEquals("Linux", field(got, 0));
        assertEquals("quiz", field(got, 1));
        assertEquals("6.1.192-quiz", field(got, 2));
        assertEquals("#1 SMP Tue Dec  1 16:00:12 UTC 2026", field(got, 3));
        assertEquals("", field(got, 5));
        assertEquals("x86_64", field(got, 4));
        assertEquals(8192, got.length);
        assertEquals(6, got[8], "the version is kept");
        assertEquals(42, got[500], "what follows the utsname is kept");
    }

    @Test
    void whatQemuPutThereIsReplaced() throws IOException {
        byte[] dump = new byte[4096];
        System.arraycopy("KDUMP   ".getBytes(StandardCharsets.US_ASCII), 0, dump, 0, 8);
        byte[] unknown = "Unknown-and-longer".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(unknown, 0, dump, 12 + 4 * 65, unknown.length);
        Path file = Files.write(dir.resolve("vmcore"), dump);
        KdumpHeader.nameKernel(file, BANNER, "aarch64");
        byte[] got = Files.readAllBytes(file);
        assertEquals("6.1.192-quiz", field(got, 2));
        assertEquals("aarch64", field(got, 4), "qemu names an arm64 machine Unknown");
    }

    @Test
    void withoutABannerTheHeaderIsLeftAsQemuWroteIt() throws IOException {
        byte[] dump = new byte[4096];
        System.arraycopy("KDUMP   ".getBytes(StandardCharsets.US_ASCII), 0, dump, 0, 8);
        Path file = Files.write(dir.resolve("vmcore"), dump);
        KdumpHeader.nameKernel(file, Optional.empty(), "x86_64");
        assertArrayEquals(dump, Files.readAllBytes(file));
    }

    @Test
    void otherFilesAreLeftAsTheyAre() throws IOException {
        byte[] elf = new byte[1024];
        System.arraycopy(new byte[] {0x7f, 'E', 'L', 'F'}, 0, elf, 0, 4);
        Path file = Files.write(dir.resolve("vmcore"), elf);
        KdumpHeader.nameKernel(file, BANNER, "x86_64");
        assertArrayEquals(elf, Files.readAllBytes(file));
    }
}
