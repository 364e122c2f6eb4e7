package dev.quiz.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.arch.Arch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitramfsTest {
    @TempDir
    Path tmp;

    /**
     * Reads newc archives back, as the kernel does: one after another, with zeros between
     * them; name to (mode, content, device major).
     */
    static Map<String, Object[]> read(byte[] archive) {
        Map<String, Object[]> entries = new LinkedHashMap<>();
        int pos = 0;
        while (true) {
            while (pos < archive.length && archive[pos] == 0) {
                pos++;
            }
            if (pos >= archive.length) {
                return entries;
            }
            String header = new String(archive, pos, 110, StandardCharsets.US_ASCII);
            assertEquals("070701", header.substring(0, 6));
            int mode = Integer.parseInt(header.substring(14, 22), 16);
            int size = Integer.parseInt(header.substring(54, 62), 16);
            int rdevMajor = Integer.parseInt(header.substring(78, 86), 16);
            int nameSize = Integer.parseInt(header.substring(94, 102), 16);
            String name = new String(archive, pos + 110, nameSize - 1, StandardCharsets.UTF_8);
            pos = align(pos + 110 + nameSize);
            byte[] content = java.util.Arrays.copyOfRange(archive, pos, pos + size);
            pos = align(pos + size);
            if (!name.equals("TRAILER!!!")) {
                entries.put(name, new Object[] {mode, content, rdevMajor});
            }
        }
    }

    private static int align(int n) {
        return (n + 3) & ~3;
    }

    @Test
    void carriesTheInitsTwoStagesAndNothingOfARun() throws IOException {
        Path init = tmp.resolve("init");
        Files.write(init, new byte[] {1, 2, 3});
        Map<String, Object[]> entries = read(Files.readAllBytes(Initramfs.base(tmp.resolve("cache"), init)));
        assertEquals(0100755, entries.get("init")[0]);
        assertEquals(3, ((byte[]) entries.get("init")[1]).length);
        assertEquals(0020600, entries.get("dev/console")[0]);
        assertEquals(5, entries.get("dev/console")[2]);
        assertTrue(new String((byte[]) entries.get("quiz/run")[1], StandardCharsets.UTF_8).startsWith("# quiz guest init, stage 2"));
        assertEquals(List.of("dev", "proc", "sys", "mnt", "quiz", "dev/console", "init", "quiz/run"),
                List.copyOf(entries.keySet()), "a run's files come over the status port");
    }

    @Test
    void theSharedPartIsBuiltOnceAndKeyedByWhatItHolds() throws Exception {
        Path init = tmp.resolve("init");
        Files.write(init, new byte[] {1, 2, 3});
        Path cache = tmp.resolve("cache");
        Path base = Initramfs.base(cache, init);
        long built = Files.getLastModifiedTime(base).toMillis();
        Thread.sleep(20);
        assertEquals(base, Initramfs.base(cache, init), "the same init: the same file, kept");
        assertEquals(built, Files.getLastModifiedTime(base).toMillis(), "and not written again");
        Files.write(init, new byte[] {1, 2, 3, 4});
        Path other = Initramfs.base(cache, init);
        assertTrue(!other.equals(base), "another init: another shared part");
        assertEquals(4, ((byte[]) read(Files.readAllBytes(other)).get("init")[1]).length);
    }

    @Test
    void theInitIsCompiledOnceForItsSourceAndCompiler() throws Exception {
        Path cache = tmp.resolve("cache");
        Path init = GuestInit.binary(cache, Arch.byDefault());
        byte[] elf = Files.readAllBytes(init);
        assertEquals(0x7f, elf[0]);
        assertEquals("ELF", new String(elf, 1, 3, StandardCharsets.US_ASCII));
        long built = Files.getLastModifiedTime(init).toMillis();
        Thread.sleep(20);
        assertEquals(init, GuestInit.binary(cache, Arch.byDefault()));
        assertEquals(built, Files.getLastModifiedTime(init).toMillis(), "kept, not compiled again");
    }
}
