package dev.quiz.vm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    /**
     * A kdump file laid out as qemu writes one for a guest with {@code pids.length} CPUs: header,
     * sub-header a block on, then the notes: a CORE NT_PRSTATUS for each CPU, numbered as given,
     * a QEMU note for each, and the VMCOREINFO note.
     */
    private static byte[] dumpWithNotes(int... pids) {
        ByteBuffer notes = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        for (int pid : pids) {
            note(notes, "CORE", 1, 336).putInt(notes.position() - 336 + 32, pid);
        }
        for (int i = 0; i < pids.length; i++) {
            note(notes, "QEMU", 0, 440).putInt(notes.position() - 440 + 32, 7);
        }
        note(notes, "VMCOREINFO", 0, 12);
        int size = notes.position();
        ByteBuffer dump = ByteBuffer.allocate(2 * BLOCK + 4096).order(ByteOrder.LITTLE_ENDIAN);
        dump.put("KDUMP   ".getBytes(StandardCharsets.US_ASCII)).putInt(8, 6).putInt(428, BLOCK).putInt(460, pids.length);
        dump.putLong(BLOCK + 48, BLOCK + 104).putLong(BLOCK + 56, size);
        dump.put(BLOCK + 104, notes.array(), 0, size);
        return dump.array();
    }

    private static final int BLOCK = 4096;

    private static ByteBuffer note(ByteBuffer notes, String name, int type, int descSize) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        notes.putInt(n.length).putInt(descSize).putInt(type).put(Arrays.copyOf(n, (n.length + 3) & ~3));
        return notes.position(notes.position() + descSize);
    }

    /** The pr_pid of each CPU's NT_PRSTATUS, in order. */
    private static List<Integer> pids(byte[] dump) {
        ByteBuffer b = ByteBuffer.wrap(dump).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> pids = new ArrayList<>();
        int at = (int) b.getLong(BLOCK + 48);
        int end = at + (int) b.getLong(BLOCK + 56);
        while (at < end) {
            int nameSize = b.getInt(at);
            int descSize = b.getInt(at + 4);
            int desc = at + 12 + ((nameSize + 3) & ~3);
            if (b.getInt(at + 8) == 1) {
                pids.add(b.getInt(desc + 32));
            }
            at = desc + ((descSize + 3) & ~3);
        }
        return pids;
    }

    @Test
    void thePanickingCpusRegistersGoToTheTaskThatPanickedAndNoOtherCpusToAnyTask() throws IOException {
        byte[] dump = dumpWithNotes(1, 2, 3);
        assertEquals(List.of(1, 2, 3), pids(dump), "as qemu numbers them");
        Path file = Files.write(dir.resolve("vmcore"), dump);
        KdumpHeader.nameTasks(file, Optional.of(new RunningTask(1, 39)));
        byte[] got = Files.readAllBytes(file);
        assertEquals(List.of(0, 39, 0), pids(got));
        assertEquals(dump.length, got.length);

        Path parked = Files.write(dir.resolve("parked"), dumpWithNotes(1, 2));
        KdumpHeader.nameTasks(parked, Optional.empty());
        assertEquals(List.of(0, 0), pids(Files.readAllBytes(parked)), "an assertion's thread runs on no CPU");
    }

    @Test
    void onlyThePrPidFieldsChange() throws IOException {
        byte[] dump = dumpWithNotes(1, 2);
        Path file = Files.write(dir.resolve("vmcore"), dump);
        KdumpHeader.nameTasks(file, Optional.of(new RunningTask(0, 39)));
        byte[] got = Files.readAllBytes(file);
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < dump.length; i++) {
            if (dump[i] != got[i]) {
                changed.add(i);
            }
        }
        // CPU 0's pr_pid, 1 to 39: its lowest byte; CPU 1's, 2 to 0: its lowest byte.
        int notes = BLOCK + 104;
        assertEquals(List.of(notes + 20 + 32, notes + 20 + 336 + 20 + 32), changed);
    }

    @Test
    void notesNotNumberedAsQemuNumbersThemAreLeftAlone() throws IOException {
        // A kernel's own dump (kexec) already gives each CPU's running task's PID.
        byte[] dump = dumpWithNotes(1, 57);
        Path file = Files.write(dir.resolve("vmcore"), dump);
        KdumpHeader.nameTasks(file, Optional.of(new RunningTask(1, 39)));
        assertArrayEquals(dump, Files.readAllBytes(file));

        byte[] notKdump = Arrays.copyOf(dumpWithNotes(1, 2), 9000);
        notKdump[0] = 'X';
        Path other = Files.write(dir.resolve("other"), notKdump);
        KdumpHeader.nameTasks(other, Optional.of(new RunningTask(1, 39)));
        assertArrayEquals(notKdump, Files.readAllBytes(other));

        byte[] cut = Arrays.copyOf(dumpWithNotes(1, 2), BLOCK + 200);
        Path shorter = Files.write(dir.resolve("cut"), cut);
        KdumpHeader.nameTasks(shorter, Optional.of(new RunningTask(1, 39)));
        assertArrayEquals(cut, Files.readAllBytes(shorter), "notes beyond the file's end: nothing changes");
    }
}
