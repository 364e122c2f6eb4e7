package dev.quiz.build;

import dev.quiz.arch.Arch;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What a kernel image file says of itself: the architecture it boots on, and its release. */
final class BootImage {
    /** x86's boot header: "HdrS" at 0x202, and at 0x20e where the version string is (plus 0x200). */
    private static final int X86_MAGIC_AT = 0x202;
    /** arm64's Image header: "ARM\x64" at 0x38. */
    private static final int ARM64_MAGIC_AT = 0x38;
    private static final byte[] LINUX_VERSION = "Linux version ".getBytes(StandardCharsets.US_ASCII);

    private BootImage() {
    }

    /** The architecture whose boot header the image has, if any. */
    static Optional<Arch> archOf(Path image) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "r")) {
            if (f.length() < 0x300) {
                return Optional.empty();
            }
            byte[] magic = new byte[4];
            f.seek(X86_MAGIC_AT);
            f.readFully(magic);
            if (new String(magic, StandardCharsets.US_ASCII).equals("HdrS")) {
                return Optional.of(Arch.X86_64);
            }
            f.seek(ARM64_MAGIC_AT);
            f.readFully(magic);
            if (new String(magic, StandardCharsets.ISO_8859_1).equals("ARM\u0064")) {
                return Optional.of(Arch.ARM64);
            }
            return Optional.empty();
        }
    }

    /** Refuses an image that is not a kernel for {@code arch}, with what to do instead. */
    static void requireArch(Path image, Arch arch) throws IOException {
        Optional<Arch> found = archOf(image);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("--kernel " + image + ": not a kernel image quiz can boot (neither an x86 "
                    + "bzImage nor an arm64 Image)");
        }
        if (found.get() != arch) {
            throw new IllegalArgumentException("--kernel " + image + ": an " + found.get() + " kernel, but the run is "
                    + arch + "'s; give --arch " + found.get() + " or an " + arch + " kernel");
        }
    }

    /** The release the image carries: from x86's boot header, or from arm64's "Linux version" banner. */
    static String release(Path image, Arch arch) throws IOException {
        if (arch == Arch.X86_64) {
            try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "r")) {
                f.seek(0x20e);
                int offset = Short.toUnsignedInt(Short.reverseBytes(f.readShort())) + 0x200;
                f.seek(offset);
                return firstWord(f.readLine());
            }
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(image), 1 << 16)) {
            int matched = 0;
            int b;
            while ((b = in.read()) >= 0) {
                matched = b == LINUX_VERSION[matched] ? matched + 1 : (b == LINUX_VERSION[0] ? 1 : 0);
                if (matched == LINUX_VERSION.length) {
                    byte[] rest = in.readNBytes(128);
                    return firstWord(new String(rest, StandardCharsets.US_ASCII));
                }
            }
        }
        return "unknown";
    }

    private static String firstWord(String text) {
        if (text == null) {
            return "unknown";
        }
        int end = text.indexOf(' ');
        return end > 0 ? text.substring(0, end) : "unknown";
    }
}
