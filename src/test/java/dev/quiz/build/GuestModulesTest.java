package dev.quiz.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.arch.Arch;
import dev.quiz.exec.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stripped copies of real objects, made by gcc with debug info and stripped by the host's objcopy. */
class GuestModulesTest {
    private static final PreparedKernel KERNEL = new PreparedKernel(Arch.byDefault(), "6.1.192-quiz",
            Path.of("/k/bzImage"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "test");

    @TempDir
    Path tmp;

    @Test
    void theGuestGetsEachModuleWithoutDebugInfoAndNothingStale() throws Exception {
        Path work = tmp.resolve("work");
        Path extra = WorkDir.modules(work, KERNEL.release()).resolve("extra");
        Files.createDirectories(extra);
        Path zfs = compiled(extra.resolve("zfs.ko"), "int zfs_answer(void) { return 42; }\n");
        Path spl = compiled(extra.resolve("spl.ko"), "int spl_answer(void) { return 7; }\n");
        Path copies = GuestModules.dir(tmp.resolve("cache"), work, KERNEL);

        GuestModules.refresh(copies, work, KERNEL);
        Path zfsCopy = WorkDir.modules(copies, KERNEL.release()).resolve("extra/zfs.ko");
        Path splCopy = WorkDir.modules(copies, KERNEL.release()).resolve("extra/spl.ko");
        assertTrue(Files.size(zfsCopy) < Files.size(zfs), "smaller without its debug info");
        assertFalse(sections(zfsCopy).contains(".debug_info"), sections(zfsCopy));
        assertTrue(sections(zfs).contains(".debug_info"), "the work dir keeps the full object");
        assertTrue(sections(zfsCopy).contains(".text"), sections(zfsCopy));
        assertEquals(Files.getLastModifiedTime(zfs), Files.getLastModifiedTime(zfsCopy));

        // Unchanged modules are not stripped again; a rebuilt one is, and a removed one's copy goes.
        Files.writeString(splCopy, "left as it was");
        Files.setLastModifiedTime(splCopy, Files.getLastModifiedTime(spl));
        compiled(zfs, "int zfs_answer(void) { return 43; }\nint zfs_more(void) { return 1; }\n");
        Files.setLastModifiedTime(zfs, FileTime.fromMillis(Files.getLastModifiedTime(zfs).toMillis() + 2000));
        byte[] zfsBefore = Files.readAllBytes(zfsCopy);
        GuestModules.refresh(copies, work, KERNEL);
        assertEquals("left as it was", Files.readString(splCopy));
        assertFalse(java.util.Arrays.equals(zfsBefore, Files.readAllBytes(zfsCopy)), "the rebuilt module is stripped again");
        assertEquals(Files.getLastModifiedTime(zfs), Files.getLastModifiedTime(zfsCopy));

        Files.delete(spl);
        GuestModules.refresh(copies, work, KERNEL);
        assertFalse(Files.exists(splCopy), "no copy of a module that is gone");
        assertTrue(Files.exists(zfsCopy));
    }

    @Test
    void aModuleThatCannotBeStrippedGetsNoCopy() throws Exception {
        Path work = tmp.resolve("work");
        Path extra = WorkDir.modules(work, KERNEL.release()).resolve("extra");
        Files.createDirectories(extra);
        Files.writeString(extra.resolve("broken.ko"), "not an ELF object");
        Path copies = GuestModules.dir(tmp.resolve("cache"), work, KERNEL);
        GuestModules.refresh(copies, work, KERNEL);
        assertFalse(Files.exists(WorkDir.modules(copies, KERNEL.release()).resolve("extra/broken.ko")));
        assertFalse(Files.exists(WorkDir.modules(copies, KERNEL.release()).resolve("extra/broken.ko.part")));
    }

    @Test
    void copiesThatCannotBeBroughtInLineAreAllRemoved() throws Exception {
        Path work = tmp.resolve("work");
        Path extra = WorkDir.modules(work, KERNEL.release()).resolve("extra");
        Files.createDirectories(extra);
        compiled(extra.resolve("zfs.ko"), "int zfs_answer(void) { return 42; }\n");
        Path copies = GuestModules.dir(tmp.resolve("cache"), work, KERNEL);
        Path stale = WorkDir.modules(copies, KERNEL.release()).resolve("kernel/stale.ko");
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "an older build's copy");
        // A file where the copies' directory must be: no copy can be made there.
        Files.writeString(WorkDir.modules(copies, KERNEL.release()).resolve("extra"), "in the way");
        GuestModules.refresh(copies, work, KERNEL);
        assertFalse(Files.exists(stale), "no stale copy is left for the guest to load");
    }

    @Test
    void eachWorkDirAndKernelHasItsOwnCopies() {
        Path cache = tmp.resolve("cache");
        assertEquals(GuestModules.dir(cache, Path.of("/w/a"), KERNEL), GuestModules.dir(cache, Path.of("/w/a"), KERNEL));
        assertNotEquals(GuestModules.dir(cache, Path.of("/w/a"), KERNEL), GuestModules.dir(cache, Path.of("/w/b"), KERNEL));
        PreparedKernel other = new PreparedKernel(Arch.byDefault(), "6.12.30-quiz", KERNEL.image(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), "test");
        assertNotEquals(GuestModules.dir(cache, Path.of("/w/a"), KERNEL), GuestModules.dir(cache, Path.of("/w/a"), other));
    }

    /** An object compiled with debug info from {@code source}, at {@code object}. */
    private Path compiled(Path object, String source) throws Exception {
        Path c = tmp.resolve(object.getFileName() + ".c");
        Files.writeString(c, source);
        ChildProcess.Captured cc = ChildProcess.capture(ChildProcess.Spec.of("gcc", "-g", "-c", "-o", object.toString(),
                c.toString()), Duration.ofSeconds(60));
        assertTrue(cc.ok(), cc.stderr());
        return object;
    }

    private static String sections(Path object) throws Exception {
        ChildProcess.Captured r = ChildProcess.capture(ChildProcess.Spec.of("readelf", "-S", "-W", object.toString()),
                Duration.ofSeconds(30));
        assertTrue(r.ok(), r.stderr());
        return r.stdout();
    }
}
