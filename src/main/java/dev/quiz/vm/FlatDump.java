package dev.quiz.vm;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * qemu (before 8.2) writes its kdump formats as makedumpfile's "flattened" stream: a 4 KiB header
 * signed {@code makedumpfile}, then records of (offset, size, bytes), big-endian, that say where
 * each piece of the real file goes, up to an end record of -1s. crash reads that stream, but
 * drgn's libkdumpfile does not; put back in place, the pieces are a plain kdump file both read.
 */
final class FlatDump {
    private static final byte[] SIGNATURE = "makedumpfile".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_SIZE = 4096;

    private FlatDump() {
    }

    /** Whether {@code file} starts as a flattened stream does. */
    static boolean isFlat(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(SIGNATURE.length + 1);
            return start.length == SIGNATURE.length + 1
                    && Arrays.equals(Arrays.copyOf(start, SIGNATURE.length), SIGNATURE) && start[SIGNATURE.length] == 0;
        }
    }

    /** Writes the file the stream {@code flat} describes to {@code out}. */
    static void reassemble(Path flat, Path out) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(flat), 1 << 20));
                FileChannel target = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            in.skipNBytes(HEADER_SIZE);
            byte[] buffer = new byte[1 << 20];
            while (true) {
                long offset;
                long size;
                try {
                    offset = in.readLong();
                    size = in.readLong();
                } catch (EOFException e) {
                    throw new IOException(flat + " ends without its end record: the dump was cut short");
                }
                if (offset == -1 && size == -1) {
                    return;
                }
                if (offset < 0 || size < 0) {
                    throw new IOException(flat + ": a record at a negative offset or size: not a flattened dump");
                }
                long position = offset;
                for (long left = size; left > 0;) {
                    int n = (int) Math.min(left, buffer.length);
                    in.readFully(buffer, 0, n);
                    ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                    while (b.hasRemaining()) {
                        position += target.write(b, position);
                    }
                    left -= n;
                }
            }
        }
    }
}
