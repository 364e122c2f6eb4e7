package dev.quiz.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The guest sizes quiz accepts, one rule wherever a size comes from: the command line, a
 * profile, the VM itself. Each check returns the value or throws IllegalArgumentException with
 * a message that completes "KEY VALUE: ..." or "KEY: ...".
 */
public final class VmLimits {
    public static final int MAX_CPUS = 64;
    public static final long MIN_MEMORY = 128L << 20;
    private static final Pattern MEM_TOTAL = Pattern.compile("^MemTotal:\\s+(\\d+) kB", Pattern.MULTILINE);

    private VmLimits() {
    }

    public static int cpus(long n) {
        if (n < 1 || n > MAX_CPUS) {
            throw new IllegalArgumentException("must be between 1 and " + MAX_CPUS + ", got " + n);
        }
        return (int) n;
    }

    /** At least 128M (the guest's kernel, root and tmpfs need it), and no more than this host has. */
    public static long memory(long bytes) {
        if (bytes < MIN_MEMORY) {
            throw new IllegalArgumentException("must be at least " + Units.formatSize(MIN_MEMORY) + ", got "
                    + Units.formatSize(bytes));
        }
        OptionalLong host = hostMemory();
        if (host.isPresent() && bytes > host.getAsLong()) {
            throw new IllegalArgumentException(String.format("%s is more than this host's memory (%.1fG)",
                    Units.formatSize(bytes), host.getAsLong() / (double) (1L << 30)));
        }
        return bytes;
    }

    /** This host's memory, in bytes, if /proc/meminfo says. */
    public static OptionalLong hostMemory() {
        try {
            Matcher m = MEM_TOTAL.matcher(Files.readString(Path.of("/proc/meminfo")));
            return m.find() ? OptionalLong.of(Long.parseLong(m.group(1)) << 10) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }
}
