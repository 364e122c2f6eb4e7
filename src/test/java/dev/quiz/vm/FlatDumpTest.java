package dev.quiz.vm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** makedumpfile's flattened stream, as qemu writes it, put back into the file it describes. */
class FlatDumpTest {
    @TempDir
    Path dir;

    /** A flattened stream: its 4 KiB header, then these (offset, bytes) records in the order given. */
    private static byte[] flat(boolean ended, Object... records) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        byte[] header = new byte[4096];
        byte[] signature = "makedumpfile".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(signature, 0, header, 0, signature.length);
        header[23] = 1;
        header[31] = 1;
        out.write(header);
        for (int i = 0; i < records.length; i += 2) {
            byte[] data = (byte[]) records[i + 1];
            out.writeLong((Long) records[i]);
            out.writeLong(data.length);
            out.write(data);
        }
        if (ended) {
            out.writeLong(-1);
            out.writeLong(-1);
        }
        return bytes.toByteArray();
    }

    @Test
    void piecesWrittenOutOfOrderLandWhereTheySay() throws IOException {
        byte[] tail = new byte[3 << 20];
        Arrays.fill(tail, (byte) 7);
        Path stream = Files.write(dir.resolve("vmcore.part"), flat(true, 10L, "world".getBytes(), 0L,
                "KDUMP   hello".getBytes(), 4096L, tail));
        assertTrue(FlatDump.isFlat(stream));
        Path plain = dir.resolve("vmcore");
        FlatDump.reassemble(stream, plain);
        byte[] got = Files.readAllBytes(plain);
        assertArrayEquals("KDUMP   hellold".getBytes(), Arrays.copyOf(got, 15), "a later piece overwrites where it says");
        assertArrayEquals(tail, Arrays.copyOfRange(got, 4096, got.length));
        assertFalse(FlatDump.isFlat(plain), "the result is a plain kdump file");
    }

    @Test
    void aStreamCutShortIsNoVmcore() throws IOException {
        Path stream = Files.write(dir.resolve("vmcore.part"), flat(false, 0L, "KDUMP   ".getBytes()));
        IOException e = assertThrows(IOException.class, () -> FlatDump.reassemble(stream, dir.resolve("vmcore")));
        assertTrue(e.getMessage().contains("cut short"), e.getMessage());
    }
}
