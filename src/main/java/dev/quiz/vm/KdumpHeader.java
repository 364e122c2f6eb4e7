package dev.quiz.vm;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The start of a kdump file: the signature {@code KDUMP   }, a version, then the kernel's
 * utsname (six fields of 65 bytes). qemu leaves the utsname empty, or names an arm64 machine
 * "Unknown"; drgn's libkdumpfile, which wants every field but the domain name, then cannot tell
 * the architecture ("KDUMP_ATTR_ARCH_NAME: Key has no value"). The kernel's banner on the console
 * and the guest's architecture say what they should hold.
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
            ByteBuffer start = ByteBuffer.allocate(UTSNAME + 6 * FIELD);
            while (start.hasRemaining() && channel.read(start) >= 0) {
                // the whole header start, or as much as there is
            }
            byte[] bytes = start.array();
            if (start.position() < bytes.length || !Arrays.equals(Arrays.copyOf(bytes, SIGNATURE.length), SIGNATURE)) {
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
}
