package dev.quiz.vm;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The start of a kdump file: the signature {@code KDUMP   }, a version, then the kernel's
 * utsname (six fields of 65 bytes). qemu leaves the utsname empty, or names an arm64 machine
 * "Unknown"; drgn's libkdumpfile, which wants every field but the domain name, then cannot tell
 * the architecture ("KDUMP_ATTR_ARCH_NAME: Key has no value"). The kernel's banner on the console
 * and the guest's architecture say what they should hold. The header also says where the ELF
 * notes are, among them each CPU's registers, which {@link #nameTasks} ties to tasks.
 */
final class KdumpHeader {
    private static final byte[] SIGNATURE = "KDUMP   ".getBytes(StandardCharsets.US_ASCII);
    private static final int UTSNAME = 12;
    private static final int FIELD = 65;
    /** "Linux version RELEASE (BUILDER) (COMPILER) VERSION", VERSION starting with #N. */
    private static final Pattern BANNER = Pattern.compile("Linux version (\\S+) .*? (#\\d+ .*?)\\s*$");
    /** The hostname quiz's guest init gives the guest. */
    private static final String NODENAME = "quiz";
    private static final int BANNER_LINES = 200;
    /** Where the header says how large a block is; the sub-header fills the block after it. */
    private static final int BLOCK_SIZE = 428;
    /** Where the sub-header says where the ELF notes are, and their size. */
    private static final int NOTES = 48;
    private static final int NT_PRSTATUS = 1;
    /** Where an elf_prstatus holds pr_pid: the same on x86_64 and arm64. */
    private static final int PR_PID = 32;

    private KdumpHeader() {
    }

    /** The kernel's banner line, among the first lines of a console log. */
    static Optional<String> banner(Path consoleLog) {
        try (BufferedReader in = Files.newBufferedReader(consoleLog, StandardCharsets.ISO_8859_1)) {
            String line;
            for (int n = 0; n < BANNER_LINES && (line = in.readLine()) != null; n++) {
                if (BANNER.matcher(line).find()) {
                    return Optional.of(line);
                }
            }
        } catch (IOException e) {
            // no console to read: the header stays as qemu wrote it
        }
        return Optional.empty();
    }

    /**
     * Writes a kdump file's utsname from the kernel's banner and the guest's machine; other
     * files, and a dump without a banner to go by, are left as they are.
     */
    static void nameKernel(Path file, Optional<String> banner, String machine) throws IOException {
        Matcher m = banner.map(BANNER::matcher).filter(Matcher::find).orElse(null);
        if (m == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer start = read(channel, 0, UTSNAME + 6 * FIELD);
            if (start == null || !Arrays.equals(Arrays.copyOf(start.array(), SIGNATURE.length), SIGNATURE)) {
                return;
            }
            String[] fields = {"Linux", NODENAME, m.group(1), m.group(2), machine};
            for (int i = 0; i < fields.length; i++) {
                byte[] text = fields[i].getBytes(StandardCharsets.US_ASCII);
                // The whole field, NUL-padded: what was there before goes.
                channel.write(ByteBuffer.wrap(Arrays.copyOf(text, FIELD)), UTSNAME + i * FIELD);
            }
        }
    }

    /**
     * Says in a kdump file which task each CPU's registers belong to. qemu numbers the CPUs' notes
     * (NT_PRSTATUS) 1, 2, ... where the kernel's own dumps give the PID of the task that was
     * running; drgn reads the numbers as PIDs, and so gives the panicking CPU's registers to init
     * or kthreadd, and unwinds the task that panicked from a stale stack. The CPU that panicked
     * gets the PID its report named; every other CPU gets 0, as the task each ran is not known.
     * Notes not numbered as qemu numbers them, and other files, are left as they are.
     */
    static void nameTasks(Path file, Optional<RunningTask> panicked) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer header = read(channel, 0, BLOCK_SIZE + 4);
            if (header == null || !Arrays.equals(Arrays.copyOf(header.array(), SIGNATURE.length), SIGNATURE)) {
                return;
            }
            int blockSize = header.getInt(BLOCK_SIZE);
            ByteBuffer sub = blockSize > 0 ? read(channel, blockSize + NOTES, 16) : null;
            if (sub == null) {
                return;
            }
            long offset = sub.getLong(0);
            long size = sub.getLong(8);
            ByteBuffer notes = offset > 0 && size > 0 && size < MAX_NOTES ? read(channel, offset, (int) size) : null;
            if (notes == null) {
                return;
            }
            // Where each CPU's pr_pid is, in CPU order; all checked before any is written.
            List<Long> pids = new ArrayList<>();
            for (int at = 0; at + 12 <= notes.limit(); ) {
                int nameSize = notes.getInt(at);
                int descSize = notes.getInt(at + 4);
                int type = notes.getInt(at + 8);
                int desc = at + 12 + align4(nameSize);
                if (nameSize < 0 || descSize < 0 || desc + descSize > notes.limit()) {
                    return;
                }
                if (type == NT_PRSTATUS && descSize >= PR_PID + 4) {
                    if (notes.getInt(desc + PR_PID) != pids.size() + 1) {
                        return;
                    }
                    pids.add(offset + desc + PR_PID);
                }
                at = desc + align4(descSize);
            }
            for (int cpu = 0; cpu < pids.size(); cpu++) {
                int c = cpu;
                int pid = panicked.filter(t -> t.cpu() == c).map(RunningTask::pid).orElse(0);
                channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, pid), pids.get(cpu));
            }
        }
    }

    /** More notes than any guest of quiz's has: a size beyond it is not a kdump file's. */
    private static final long MAX_NOTES = 1 << 24;

    private static int align4(int n) {
        return (n + 3) & ~3;
    }

    /** {@code length} bytes at {@code position}, little-endian as both quiz's guests write them; null if the file is shorter. */
    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                return null;
            }
        }
        return b;
    }
}
