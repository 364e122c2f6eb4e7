package dev.quiz.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.arch.Arch;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class QemuCommandLineTest {
    private static final RunFiles RUN_FILES = new RunFiles(java.util.Map.of("command", "true\n"));

    static VmSpec spec(Accel accel, List<Share> shares, OptionalInt gdb, boolean interactive) {
        return new VmSpec(Arch.X86_64, Path.of("/usr/bin/qemu-system-x86_64"), accel, Path.of("/k/bzImage"), Path.of("/r/initramfs.cpio"),
                Path.of("/s/root.ext4"), 1024, 2, shares, List.of(Path.of("/r/disk0.img"), Path.of("/r/disk1.img")),
                List.of("spl.spl_panic_halt=1"), List.of("-d", "guest_errors"), Path.of("/tmp/q/status.sock"),
                Path.of("/r/console.log"), Optional.of(Path.of("/r/out")), interactive, gdb, OptionalLong.of(2596120), false, RUN_FILES, Boot.cold());
    }

    private static String after(List<String> args, String flag) {
        return args.get(args.indexOf(flag) + 1);
    }

    @Test
    void microvmWithRootReadOnlyStatusPortAndPanicExit() {
        List<String> args = QemuCommandLine.build(spec(Accel.TCG,
                List.of(Share.layer("work", Path.of("/w"), Share.Transport.NINE_P)), OptionalInt.empty(), false));
        assertEquals("/usr/bin/qemu-system-x86_64", args.get(0));
        assertTrue(after(args, "-M").startsWith("microvm,"));
        assertEquals("tcg", after(args, "-accel"));
        assertEquals("max", after(args, "-cpu"));
        assertTrue(args.contains("-no-reboot"), "a panic must end the VM");
        assertTrue(args.containsAll(List.of("-device", "pvpanic", "-action", "panic=exit-failure")));
        assertTrue(args.contains("id=root,file=/s/root.ext4,format=raw,if=none,readonly=on"));
        assertTrue(args.contains("virtio-blk-device,drive=root,serial=quizroot"));
        assertTrue(args.contains("virtio-blk-device,drive=scratch1,serial=quizb1"));
        assertTrue(args.contains("virtserialport,chardev=status,name=quiz.status"));
        assertTrue(args.contains("socket,id=status,path=/tmp/q/status.sock"));
        assertTrue(args.contains("local,id=fswork,path=/w,security_model=none,readonly=on"));
        assertTrue(args.contains("virtio-9p-device,fsdev=fswork,mount_tag=work"));
        assertTrue(args.contains("local,id=fsout,path=/r/out,security_model=none"), "the output dir is writable");
        assertTrue(args.contains("virtio-9p-device,fsdev=fsout,mount_tag=quizout"));
        assertTrue(args.contains("stdio,id=console,signal=off,logfile=/r/console.log"));
        assertFalse(args.contains("-gdb"));
        assertEquals(List.of("-d", "guest_errors"), args.subList(args.size() - 2, args.size()),
                "the user's qemu options come last so they can override");
    }

    @Test
    void kernelCommandLineNeverQuietAndCarriesTscOnlyUnderTcg() {
        String tcg = QemuCommandLine.kernelCommandLine(spec(Accel.TCG, List.of(), OptionalInt.empty(), false));
        assertTrue(tcg.contains("tsc_early_khz=2596120"));
        assertTrue(tcg.contains("panic=-1"));
        assertTrue(tcg.endsWith("spl.spl_panic_halt=1"), "user arguments come last");
        assertFalse(tcg.contains("quiet"), "quiet hides warnings");
        assertTrue(tcg.startsWith("loglevel=6 "), "the boot's info messages stay off the console, earlycon's too");
        assertTrue(tcg.indexOf("loglevel=6") < tcg.indexOf("spl.spl_panic_halt"), "a user's loglevel= comes after");
        String kvm = QemuCommandLine.kernelCommandLine(spec(Accel.KVM, List.of(), OptionalInt.empty(), false));
        assertFalse(kvm.contains("tsc_early_khz"));
        List<String> kvmArgs = QemuCommandLine.build(spec(Accel.KVM, List.of(), OptionalInt.empty(), false));
        assertEquals("host", after(kvmArgs, "-cpu"));
    }

    @Test
    void gdbPausesWithStubAndNoKaslr() {
        VmSpec s = spec(Accel.TCG, List.of(), OptionalInt.of(4321), false);
        List<String> args = QemuCommandLine.build(s);
        assertEquals("tcp:127.0.0.1:4321", after(args, "-gdb"));
        assertTrue(args.contains("-S"));
        assertTrue(QemuCommandLine.kernelCommandLine(s).contains("nokaslr"));
    }

    @Test
    void interactiveMultiplexesMonitorOnConsole() {
        List<String> args = QemuCommandLine.build(spec(Accel.TCG, List.of(), OptionalInt.empty(), true));
        assertTrue(args.contains("stdio,id=console,signal=off,logfile=/r/console.log,mux=on"));
        assertEquals("chardev=console,mode=readline", after(args, "-mon"));
    }

    @Test
    void virtiofsSharesMemoryAndUsesVhostUserDevice() {
        VmSpec s = spec(Accel.TCG, List.of(Share.layer("work", Path.of("/w"), Share.Transport.VIRTIOFS)),
                OptionalInt.empty(), false);
        List<String> args = QemuCommandLine.build(s);
        assertTrue(after(args, "-M").contains("memory-backend=mem"));
        assertTrue(args.contains("memory-backend-memfd,id=mem,size=1024M,share=on"));
        assertTrue(args.contains("socket,id=vfswork,path=/tmp/q/virtiofs-work.sock"));
        assertTrue(args.contains("vhost-user-fs-device,chardev=vfswork,tag=work"));
    }

    @Test
    void aPanicPausesTheGuestForItsVmcoreWhenOneIsWanted() {
        VmSpec plain = spec(Accel.TCG, List.of(), OptionalInt.empty(), false);
        VmSpec wanted = new VmSpec(plain.arch(), plain.qemu(), plain.accel(), plain.kernelImage(), plain.initramfs(),
                plain.rootImage(), plain.memoryMiB(), plain.cpus(), plain.shares(), plain.scratchDisks(), plain.kernelArgs(),
                plain.extraQemuArgs(), plain.statusSocket(), plain.consoleLog(), plain.outputDir(), false, plain.gdbPort(),
                plain.tscKhz(), true, RUN_FILES, Boot.cold());
        assertEquals("panic=exit-failure", after(QemuCommandLine.build(plain), "-action"));
        List<String> args = QemuCommandLine.build(wanted);
        assertEquals("panic=pause", after(args, "-action"));
        assertEquals("unix:/tmp/q/qmp.sock,server=on,wait=off", after(args, "-qmp"), "the monitor a dump goes through");
        assertTrue(args.contains("vmcoreinfo"), "the kernel's vmcoreinfo reaches the dump");
        assertFalse(QemuCommandLine.build(plain).contains("vmcoreinfo"));
    }

    /**
     * A VM that saves its boot keeps its memory in a memfd qemu shares, for quiz to copy; a resumed
     * one maps the saved copy privately and waits for the saved device state.
     */
    @Test
    void savingABootSharesTheMemoryAndResumingOneMapsItsCopy() {
        VmSpec cold = spec(Accel.TCG, List.of(), OptionalInt.empty(), false);
        SavedBoot saved = new SavedBoot(Path.of("/c/boots/abc"));
        List<String> plain = QemuCommandLine.build(cold);
        assertFalse(plain.toString().contains("memory-backend"), plain.toString());
        assertFalse(plain.contains("-incoming"));

        List<String> saving = QemuCommandLine.build(cold.withBoot(new Boot(Boot.Mode.BOOT_AND_SAVE, Optional.of(saved))));
        assertTrue(after(saving, "-M").endsWith(",memory-backend=mem"), saving.toString());
        assertEquals("memory-backend-memfd,id=mem,size=1024M,share=on", after(saving, "-object"));
        assertFalse(saving.contains("-incoming"));

        List<String> resuming = QemuCommandLine.build(cold.withBoot(new Boot(Boot.Mode.RESUME, Optional.of(saved))));
        assertTrue(after(resuming, "-M").endsWith(",memory-backend=mem"), resuming.toString());
        assertEquals("memory-backend-file,id=mem,size=1024M,mem-path=/c/boots/abc/ram,share=off", after(resuming, "-object"));
        assertEquals("defer", after(resuming, "-incoming"));
        assertTrue(after(resuming, "-chardev").endsWith(",logappend=on"), "the log keeps the saved boot's lines");
        assertFalse(after(saving, "-chardev").contains("logappend"));
        assertThrows(IllegalArgumentException.class, () -> new Boot(Boot.Mode.RESUME, Optional.empty()));
    }

    @Test
    void onlyAWritableDirIsWritableOnTheHost() {
        List<String> args = QemuCommandLine.build(spec(Accel.TCG, List.of(Share.layer("work", Path.of("/w"),
                Share.Transport.NINE_P), Share.mounted("dir0", Path.of("/h/bin"), Share.Transport.NINE_P, "/opt/bin", false),
                Share.mounted("dir1", Path.of("/h/out"), Share.Transport.NINE_P, "/out", true)), OptionalInt.empty(), false));
        assertTrue(args.contains("local,id=fswork,path=/w,security_model=none,readonly=on"), args.toString());
        assertTrue(args.contains("local,id=fsdir0,path=/h/bin,security_model=none,readonly=on"), args.toString());
        assertTrue(args.contains("local,id=fsdir1,path=/h/out,security_model=none"), args.toString());
        assertTrue(args.contains("virtio-9p-device,fsdev=fsdir1,mount_tag=dir1"), args.toString());
        assertThrows(IllegalArgumentException.class, () -> new Share("work", Path.of("/w"), Share.Transport.NINE_P,
                java.util.Optional.empty(), true), "a layer of the root is never writable");
    }

    @Test
    void badSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new VmSpec(Arch.X86_64, Path.of("q"), Accel.TCG, Path.of("k"),
                Path.of("i"), Path.of("r"), 64, 1, List.of(), List.of(), List.of(), List.of(), Path.of("s"),
                Path.of("c"), Optional.empty(), false, OptionalInt.empty(), OptionalLong.empty(), false, RUN_FILES,
                Boot.cold()));
        assertThrows(IllegalArgumentException.class, () -> Share.layer("Bad Tag", Path.of("/"), Share.Transport.NINE_P));
    }

    /** qemu ends an option's value at a comma; ",," is a comma in the value. */
    @Test
    void commasInPathsAreDoubledInEveryOptionValue() {
        Path dir = Path.of("/home/me/a,b");
        VmSpec spec = new VmSpec(Arch.X86_64, Path.of("/usr/bin/qemu-system-x86_64"), Accel.TCG, dir.resolve("bzImage"),
                dir.resolve("initramfs.cpio"), dir.resolve("root,1.ext4"), 1024, 2,
                List.of(Share.layer("work", dir.resolve("work"), Share.Transport.NINE_P),
                        Share.layer("kmods", dir.resolve("kmods"), Share.Transport.VIRTIOFS)),
                List.of(dir.resolve("disk0.img")), List.of(), List.of(), dir.resolve("status.sock"),
                dir.resolve("console.log"), Optional.of(dir.resolve("out")), false, OptionalInt.empty(), OptionalLong.empty(), false,
                RUN_FILES, Boot.from(new SavedBoot(dir.resolve("boots/k"))));
        List<String> args = QemuCommandLine.build(spec);
        assertTrue(args.contains("id=root,file=/home/me/a,,b/root,,1.ext4,format=raw,if=none,readonly=on"), args.toString());
        assertTrue(args.contains("id=scratch0,file=/home/me/a,,b/disk0.img,format=raw,if=none,cache=unsafe,discard=unmap"));
        assertTrue(args.contains("local,id=fswork,path=/home/me/a,,b/work,security_model=none,readonly=on"));
        assertTrue(args.contains("local,id=fsout,path=/home/me/a,,b/out,security_model=none"));
        assertTrue(args.contains("socket,id=status,path=/home/me/a,,b/status.sock"));
        assertTrue(args.contains("socket,id=vfskmods,path=/home/me/a,,b/virtiofs-kmods.sock"));
        List<String> resumed = QemuCommandLine.build(spec.withBoot(new Boot(Boot.Mode.RESUME,
                Optional.of(new SavedBoot(dir.resolve("boots/k"))))));
        assertTrue(resumed.contains("memory-backend-file,id=mem,size=1024M,mem-path=/home/me/a,,b/boots/k/ram,share=off"),
                resumed.toString());
        assertTrue(after(args, "-chardev").endsWith("logfile=/home/me/a,,b/console.log"), args.toString());
        // Plain arguments, not option values, stay as they are.
        assertEquals("/home/me/a,b/bzImage", after(args, "-kernel"));
    }
}
