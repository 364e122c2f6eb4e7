package dev.quiz.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.arch.Arch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which VMs share a saved boot: those that look the same to the guest until it is resumed. */
class SavedBootTest {
    @TempDir
    Path tmp;
    private Path qemu;
    private Path kernel;
    private Path initramfs;
    private Path root;

    @BeforeEach
    void files() throws IOException {
        qemu = Files.writeString(tmp.resolve("qemu"), "qemu");
        kernel = Files.writeString(tmp.resolve("bzImage"), "kernel");
        initramfs = Files.writeString(tmp.resolve("base.cpio"), "init");
        root = Files.writeString(tmp.resolve("root.ext4"), "root");
    }

    private VmSpec spec(String run, int memoryMiB, List<String> kernelArgs, String command) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(run));
        Path disk = Files.write(dir.resolve("disk0.img"), new byte[4096]);
        return new VmSpec(Arch.X86_64, qemu, Accel.TCG, kernel, initramfs, root, memoryMiB, 2,
                List.of(Share.layer("work", dir.resolve("work"), Share.Transport.NINE_P)), List.of(disk), kernelArgs,
                List.of(), dir.resolve("status.sock"), dir.resolve("console.log"), Optional.of(dir.resolve("out")), false,
                OptionalInt.empty(), OptionalLong.of(2_000_000), true, new RunFiles(Map.of("command", command)),
                Boot.cold());
    }

    @Test
    void aRunsOwnPathsAndFilesDoNotChangeTheKey() throws IOException {
        assertEquals(SavedBoot.key(spec("run1", 1024, List.of(), "true\n")),
                SavedBoot.key(spec("run2", 1024, List.of(), "uname -a\n")));
    }

    @Test
    void whatTheGuestSawBeforeItWasSavedDoes() throws IOException {
        String key = SavedBoot.key(spec("run1", 1024, List.of(), "true\n"));
        assertNotEquals(key, SavedBoot.key(spec("run1", 2048, List.of(), "true\n")), "memory");
        assertNotEquals(key, SavedBoot.key(spec("run1", 1024, List.of("spl.spl_panic_halt=1"), "true\n")),
                "the kernel's command line");
        Files.writeString(kernel, "another kernel");
        assertNotEquals(key, SavedBoot.key(spec("run1", 1024, List.of(), "true\n")), "a rebuilt kernel at the same path");
        String rebuilt = SavedBoot.key(spec("run1", 1024, List.of(), "true\n"));
        Files.setLastModifiedTime(root, FileTime.fromMillis(Files.getLastModifiedTime(root).toMillis() + 5000));
        assertNotEquals(rebuilt, SavedBoot.key(spec("run1", 1024, List.of(), "true\n")), "a new root image");
        VmSpec bigger = spec("run3", 1024, List.of(), "true\n");
        String before = SavedBoot.key(bigger);
        Files.write(bigger.scratchDisks().get(0), new byte[8192]);
        assertNotEquals(before, SavedBoot.key(bigger), "a scratch disk of another size");
    }

    @Test
    void onlyTcgVmsWithoutAShellGdbOrVirtiofsAreSaved() throws IOException {
        VmSpec tcg = spec("run1", 1024, List.of(), "true\n");
        assertTrue(SavedBoot.possible(tcg));
        assertFalse(SavedBoot.possible(new VmSpec(tcg.arch(), tcg.qemu(), Accel.KVM, tcg.kernelImage(), tcg.initramfs(),
                tcg.rootImage(), 1024, 2, tcg.shares(), tcg.scratchDisks(), tcg.kernelArgs(), tcg.extraQemuArgs(),
                tcg.statusSocket(), tcg.consoleLog(), tcg.outputDir(), false, OptionalInt.empty(), OptionalLong.empty(),
                true, tcg.runFiles(), Boot.cold())), "KVM boots in a tenth of a second");
        assertFalse(SavedBoot.possible(new VmSpec(tcg.arch(), tcg.qemu(), Accel.TCG, tcg.kernelImage(), tcg.initramfs(),
                tcg.rootImage(), 1024, 2, tcg.shares(), tcg.scratchDisks(), tcg.kernelArgs(), tcg.extraQemuArgs(),
                tcg.statusSocket(), tcg.consoleLog(), tcg.outputDir(), false, OptionalInt.of(1234), tcg.tscKhz(),
                true, tcg.runFiles(), Boot.cold())), "gdb");
        assertFalse(SavedBoot.possible(new VmSpec(tcg.arch(), tcg.qemu(), Accel.TCG, tcg.kernelImage(), tcg.initramfs(),
                tcg.rootImage(), 1024, 2, List.of(Share.layer("work", tmp, Share.Transport.VIRTIOFS)), tcg.scratchDisks(),
                tcg.kernelArgs(), tcg.extraQemuArgs(), tcg.statusSocket(), tcg.consoleLog(), tcg.outputDir(), false,
                OptionalInt.empty(), tcg.tscKhz(), true, tcg.runFiles(), Boot.cold())), "virtiofs");
    }

    @Test
    void aBootIsResumedOnlyWhenItWasSavedWhole() throws IOException {
        SavedBoot saved = new SavedBoot(tmp.resolve("boots/k"));
        assertEquals(Boot.Mode.BOOT_AND_SAVE, Boot.from(saved).mode());
        Files.createDirectories(saved.dir());
        Files.writeString(saved.state(), "s");
        Files.writeString(saved.ram(), "r");
        assertEquals(Boot.Mode.BOOT_AND_SAVE, Boot.from(saved).mode(), "no console yet");
        Files.writeString(saved.console(), "");
        assertEquals(Boot.Mode.RESUME, Boot.from(saved).mode());
    }

    @Test
    void theMostRecentlyUsedAreKept() throws IOException {
        Path boots = Files.createDirectories(tmp.resolve("boots"));
        for (int i = 0; i < 6; i++) {
            Path dir = Files.createDirectories(boots.resolve("k" + i));
            Files.writeString(dir.resolve("ram"), "r");
            Files.setLastModifiedTime(dir, FileTime.fromMillis(1_000_000L * (i == 1 ? 10 : i)));
        }
        Files.createDirectories(boots.resolve(".boot-123"));
        Path abandoned = Files.createDirectories(boots.resolve(".boot-456"));
        Files.setLastModifiedTime(abandoned, FileTime.fromMillis(System.currentTimeMillis() - 2 * 3600_000L));
        SavedBoot.prune(boots, 3);
        try (var left = Files.list(boots)) {
            assertEquals(List.of(".boot-123", "k1", "k4", "k5"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "the newest, and a save being written");
        }
    }
}
