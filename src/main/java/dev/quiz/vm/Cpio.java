package dev.quiz.vm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes a cpio archive in the "newc" format the kernel unpacks as its initramfs. */
final class Cpio {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int inode = 1;

    void directory(String path) {
        entry(path, 0040755, new byte[0], 0, 0);
    }

    void file(String path, int permissions, byte[] content) {
        entry(path, 0100000 | permissions, content, 0, 0);
    }

    void characterDevice(String path, int permissions, int major, int minor) {
        entry(path, 0020000 | permissions, new byte[0], major, minor);
    }

    byte[] finish() {
        entry("TRAILER!!!", 0, new byte[0], 0, 0);
        return out.toByteArray();
    }

    private void entry(String path, int mode, byte[] content, int rdevMajor, int rdevMinor) {
        byte[] name = (path + "\0").getBytes(StandardCharsets.UTF_8);
        String header = "070701" + hex(inode++) + hex(mode) + hex(0) + hex(0) + hex(1) + hex(0)
                + hex(content.length) + hex(0) + hex(0) + hex(rdevMajor) + hex(rdevMinor)
                + hex(name.length) + hex(0);
        write(header.getBytes(StandardCharsets.US_ASCII));
        write(name);
        pad();
        write(content);
        pad();
    }

    private static String hex(int value) {
        return String.format("%08x", value);
    }

    private void write(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
    }

    private void pad() {
        while (out.size() % 4 != 0) {
            out.write(0);
        }
    }
}
