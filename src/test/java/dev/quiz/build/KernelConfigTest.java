package dev.quiz.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.arch.Arch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelConfigTest {
    @TempDir
    Path tmp;

    @Test
    void quizFragmentHasWhatOpenZfsAndTheGuestNeed() {
        for (Arch arch : Arch.values()) {
            Map<String, String> wanted = KernelConfig.parse(KernelConfig.quizFragment(arch));
            for (String option : List.of("CONFIG_VIRTIO_MMIO", "CONFIG_VIRTIO_PCI", "CONFIG_VIRTIO_BLK",
                    "CONFIG_VIRTIO_CONSOLE", "CONFIG_9P_FS", "CONFIG_VIRTIO_FS", "CONFIG_OVERLAY_FS", "CONFIG_TMPFS",
                    "CONFIG_EXT4_FS", "CONFIG_MODULE_UNLOAD", "CONFIG_PVPANIC", "CONFIG_KALLSYMS", "CONFIG_FRAME_POINTER",
                    "CONFIG_ZLIB_DEFLATE", "CONFIG_ZLIB_INFLATE", "CONFIG_MAGIC_SYSRQ", "CONFIG_DETECT_HUNG_TASK")) {
                assertEquals("y", wanted.get(option), arch + " " + option);
            }
        }
    }

    @Test
    void eachArchitectureHasItsConsoleAndPanicDevice() {
        Map<String, String> x86 = KernelConfig.parse(KernelConfig.quizFragment(Arch.X86_64));
        assertEquals("y", x86.get("CONFIG_SERIAL_8250_CONSOLE"));
        assertEquals("y", x86.get("CONFIG_PVPANIC_MMIO"));
        Map<String, String> arm64 = KernelConfig.parse(KernelConfig.quizFragment(Arch.ARM64));
        assertEquals("y", arm64.get("CONFIG_SERIAL_AMBA_PL011_CONSOLE"));
        assertEquals("y", arm64.get("CONFIG_PVPANIC_PCI"));
        assertEquals(null, arm64.get("CONFIG_SERIAL_8250"), "nothing of x86's");
    }

    @Test
    void laterValuesWinAndOverridesApplyLast() throws IOException {
        Path fragment = tmp.resolve("mine.config");
        Files.writeString(fragment, "CONFIG_KASAN=y\n# CONFIG_MAGIC_SYSRQ is not set\n");
        KernelConfig config = KernelConfig.of(Arch.X86_64, List.of(fragment), List.of("y:MAGIC_SYSRQ", "n:KASAN", "m:EXT2_FS",
                "CONFIG_NR_CPUS=8"));
        Map<String, String> wanted = config.requested();
        assertEquals("y", wanted.get("CONFIG_MAGIC_SYSRQ"));
        assertEquals("n", wanted.get("CONFIG_KASAN"));
        assertEquals("m", wanted.get("CONFIG_EXT2_FS"));
        assertEquals("8", wanted.get("CONFIG_NR_CPUS"));
    }

    @Test
    void unmetOptionsAreNamed() {
        KernelConfig config = new KernelConfig("CONFIG_A=y\nCONFIG_B=y\n# CONFIG_C is not set\nCONFIG_D=\"x\"\n");
        List<String> unmet = config.unmet("CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=y\nCONFIG_D=\"x\"\n");
        assertEquals(List.of("CONFIG_B=y (got n)", "CONFIG_C=n (got y)"), unmet);
    }

    @Test
    void badOverridesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> KernelConfig.overrideLine("y:BAD NAME"));
        assertThrows(IllegalArgumentException.class, () -> KernelConfig.overrideLine("nonsense"));
        assertThrows(IllegalArgumentException.class, () -> KernelConfig.of(Arch.X86_64, List.of(tmp.resolve("missing")), List.of()));
    }

    @Test
    void sourcesAreParsed() throws IOException {
        assertEquals(new KernelSource.Debian("6.1"), KernelSource.parse("debian"));
        assertEquals(new KernelSource.Debian("6.12"), KernelSource.parse("debian:6.12"));
        assertEquals(new KernelSource.KernelOrg("6.12.30"), KernelSource.parse("6.12.30"));
        Path tarball = Files.createFile(tmp.resolve("linux-6.6.1.tar.xz"));
        assertEquals(new KernelSource.Tarball(tarball), KernelSource.parse(tarball.toString()));
        assertEquals("linux-6.6.1", KernelSource.parse(tarball.toString()).label());
        assertThrows(IllegalArgumentException.class, () -> KernelSource.parse(tmp.toString()),
                "a directory without Makefile and kernel/ is not a source tree");
        assertThrows(IllegalArgumentException.class, () -> KernelSource.parse("debian:six"));
    }

    @Test
    void kernelOrgChecksumsAreFoundByExactName() {
        String sums = "-----BEGIN PGP SIGNED MESSAGE-----\n"
                + "a".repeat(64) + "  linux-6.12.30.tar.gz\n"
                + "b".repeat(64) + "  linux-6.12.30.tar.xz\n"
                + "c".repeat(64) + "  linux-6.12.3.tar.xz\n";
        assertEquals("b".repeat(64), KernelOrgDownload.checksumFor(sums, "linux-6.12.30.tar.xz").orElseThrow());
        assertEquals("c".repeat(64), KernelOrgDownload.checksumFor(sums, "linux-6.12.3.tar.xz").orElseThrow());
        assertTrue(KernelOrgDownload.checksumFor(sums, "linux-6.12.31.tar.xz").isEmpty());
    }

    @Test
    void workDirRefusesTopLevelLibThatWouldHideMergedUsr() throws IOException {
        Path work = WorkDir.prepare(tmp.resolve("work"));
        assertTrue(WorkDir.problems(work).isEmpty());
        Files.createDirectories(work.resolve("lib/modules"));
        List<String> problems = WorkDir.problems(work);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("INSTALL_MOD_PATH=" + work.resolve("usr")), problems.get(0));
    }
}
